"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { FEE_TYPES } from "@/lib/fees/schemas";
import { previewFees, saveFeeSchedule, type FeeScheduleDto } from "@/lib/fees/service";
import type { FeePreview } from "@/lib/fees/schemas";

const str = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
};

/** The form posts one row per fee type as `items.<i>.<field>`; the service validates everything. */
function scheduleInputOf(form: FormData) {
  return {
    programId: str(form, "programId") ?? "",
    effectiveAt: str(form, "effectiveAt"),
    billingCycle: str(form, "billingCycle"),
    billingDay: str(form, "billingDay"),
    settlementAsset: str(form, "settlementAsset"),
    items: FEE_TYPES.map((_, i) => ({
      feeType: str(form, `items.${i}.feeType`),
      enabled: form.get(`items.${i}.enabled`) === "on",
      fixedAmount: str(form, `items.${i}.fixedAmount`),
      rateBps: str(form, `items.${i}.rateBps`),
      capAmount: str(form, `items.${i}.capAmount`),
      trigger: str(form, `items.${i}.trigger`),
      tenantSharePct: str(form, `items.${i}.tenantSharePct`),
      programSharePct: str(form, `items.${i}.programSharePct`),
    })),
  };
}

export async function saveFeeScheduleAction(_prev: ActionResult<{ version: number }> | null, form: FormData): Promise<ActionResult<{ version: number }>> {
  const r = await runAction(async (ctx) => {
    const s: FeeScheduleDto = await saveFeeSchedule(ctx, scheduleInputOf(form));
    return { version: s.version, programId: s.programId };
  });
  if (r.ok) revalidatePath(`/programs/${r.data.programId}`, "layout");
  return r;
}

export async function previewFeesAction(_prev: ActionResult<FeePreview> | null, form: FormData): Promise<ActionResult<FeePreview>> {
  return runAction((ctx) => previewFees(ctx, str(form, "programId") ?? "", { amount: str(form, "amount") ?? "" }));
}
