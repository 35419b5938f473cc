"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { createProgram, updateProgramConfig, type ProgramDto } from "@/lib/programs/service";

const fromForm = (form: FormData) => Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));

export async function createProgramAction(_prev: ActionResult<ProgramDto> | null, form: FormData): Promise<ActionResult<ProgramDto>> {
  const result = await runAction((ctx) => createProgram(ctx, fromForm(form) as never));
  if (result.ok) revalidatePath("/programs");
  return result;
}

export async function updateProgramConfigAction(_prev: ActionResult<ProgramDto> | null, form: FormData): Promise<ActionResult<ProgramDto>> {
  const result = await runAction((ctx) => updateProgramConfig(ctx, fromForm(form) as never));
  if (result.ok) revalidatePath(`/programs/${result.data.id}`);
  return result;
}
