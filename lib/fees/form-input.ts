import { FEE_TYPES } from "@/lib/fees/schemas";

const str = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
};

/**
 * The fee schedule form's fields as the service's input: one row per fee type as `items.<i>.<field>`.
 * Shared by the server action and the form itself (its live preview and the diff shown before saving).
 */
export function scheduleInputOf(form: FormData) {
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
