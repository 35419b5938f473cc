import { z } from "zod";
import { formFields } from "@/lib/actions/form-fields";
import { FEE_TYPES } from "@/lib/fees/schemas";

/** A text field as the service reads it: the string sent, or undefined (the service says what is missing or wrong). */
const text = z.unknown().transform((v) => (typeof v === "string" ? v : undefined));
const ITEM_FIELDS = [
  "feeType",
  "fixedAmount",
  "rateBps",
  "capAmount",
  "trigger",
  "tenantSharePct",
  "programSharePct",
] as const;

/**
 * The fee schedule form's fields (one row per fee type as `items.<i>.<field>`, the checkbox `items.<i>.enabled`)
 * as the service's input. It shapes and never refuses: the service validates against the Program's currency.
 */
export const feeScheduleFormSchema = z
  .object({ programId: text, effectiveAt: text, billingCycle: text, billingDay: text, settlementAsset: text })
  .catchall(z.unknown())
  .transform((f) => ({
    programId: f.programId ?? "",
    effectiveAt: f.effectiveAt,
    billingCycle: f.billingCycle,
    billingDay: f.billingDay,
    settlementAsset: f.settlementAsset,
    items: FEE_TYPES.map((_, i) => ({
      ...Object.fromEntries(ITEM_FIELDS.map((k) => [k, text.parse(f[`items.${i}.${k}`])])),
      enabled: f[`items.${i}.enabled`] === "on",
    })),
  }));

/** The same, from the form itself: shared by the server action and the form (its live preview and the diff shown before saving). */
export function scheduleInputOf(form: FormData) {
  return feeScheduleFormSchema.parse(formFields(form));
}
