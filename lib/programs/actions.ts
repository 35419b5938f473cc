"use server";
import { defineFormAction } from "@/lib/actions/define-action";
import { createProgramSchema, updateProgramConfigSchema } from "@/lib/programs/schemas";
import { createProgram, updateProgramConfig } from "@/lib/programs/service";

export const createProgramAction = defineFormAction(createProgramSchema, createProgram, { revalidate: "/programs" });

export const updateProgramConfigAction = defineFormAction(updateProgramConfigSchema, updateProgramConfig, {
  revalidate: (p) => `/programs/${p.id}`,
});
