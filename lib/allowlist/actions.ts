"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { addAllowlistEntry, recheckAllowlistEntry, removeAllowlistEntry, updateAllowlistDescription, type AllowlistEntryDto } from "@/lib/allowlist/service";

const str = (form: FormData, k: string) => (typeof form.get(k) === "string" ? (form.get(k) as string) : undefined);
const done = <T,>(r: ActionResult<T>) => {
  if (r.ok) revalidatePath("/allowlist", "layout");
  return r;
};

export async function addAllowlistEntryAction(_prev: ActionResult<AllowlistEntryDto> | null, form: FormData): Promise<ActionResult<AllowlistEntryDto>> {
  return done(await runAction((ctx) => addAllowlistEntry(ctx, {
    environment: str(form, "environment") as never, programId: str(form, "programId") ?? null, cidr: str(form, "cidr") as string, description: str(form, "description") as string,
  })));
}

export async function updateAllowlistDescriptionAction(id: string, description: string): Promise<ActionResult<AllowlistEntryDto>> {
  return done(await runAction((ctx) => updateAllowlistDescription(ctx, { id, description })));
}

export async function removeAllowlistEntryAction(id: string): Promise<ActionResult<{ id: string }>> {
  return done(await runAction((ctx) => removeAllowlistEntry(ctx, { id })));
}

export async function recheckAllowlistEntryAction(id: string): Promise<ActionResult<AllowlistEntryDto>> {
  return done(await runAction((ctx) => recheckAllowlistEntry(ctx, { id })));
}
