"use server";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { addAllowlistEntrySchema, updateAllowlistDescriptionSchema } from "@/lib/allowlist/schemas";
import {
  addAllowlistEntry,
  recheckAllowlistEntry,
  removeAllowlistEntry,
  updateAllowlistDescription,
} from "@/lib/allowlist/service";

const revalidate = "/allowlist";

export const addAllowlistEntryAction = defineFormAction(addAllowlistEntrySchema, addAllowlistEntry, { revalidate });

export const updateAllowlistDescriptionAction = defineAction(
  updateAllowlistDescriptionSchema,
  updateAllowlistDescription,
  { revalidate },
);

export const removeAllowlistEntryAction = defineAction(idArg, (ctx, id) => removeAllowlistEntry(ctx, { id }), {
  revalidate,
});

export const recheckAllowlistEntryAction = defineAction(idArg, (ctx, id) => recheckAllowlistEntry(ctx, { id }), {
  revalidate,
});
