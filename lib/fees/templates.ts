import { defaultFeeItems } from "@/lib/fees/compute";
import { programMinimum, showMinFixed, type MinimumRow } from "@/lib/fees/minimums";
import { Dec, FEE_TYPE_LABELS, minorUnitsOf, type FeeItem, type FeeType } from "@/lib/fees/schemas";
import { FEE_TEMPLATES, type FeeTemplate } from "@/lib/programs/fee-templates";

/**
 * The values behind the fee templates a Program is created with (version 1 of its schedule).
 *
 * Fixed amounts are stated per currency: there is no exchange-rate conversion anywhere in fees
 * (docs/fees.md), so a template has fixed amounts only for the currencies listed; in any other
 * currency a fee with a fixed amount only is left off, and the note says to set it.
 */
type TemplateItem = { fixed?: Partial<Record<string, string>>; rateBps?: string };
interface TemplateValues {
  settlement?: string;
  items: Partial<Record<FeeType, TemplateItem>>;
}

/** One nominal amount in the major currencies the template prices (close enough to par for a starting point). */
const priced = (amount: string) => ({ EUR: amount, USD: amount, GBP: amount, CHF: amount });

const VALUES: Record<Exclude<FeeTemplate, "custom">, TemplateValues> = {
  standard_debit: {
    items: {
      card_issuance: { fixed: priced("5.00") },
      card_replacement: { fixed: priced("7.50") },
      monthly_maintenance: { fixed: priced("1.00") },
      fx_cross_border: { rateBps: "150" },
      atm_withdrawal: { fixed: priced("2.00") },
    },
  },
  prepaid_lite: {
    items: {
      topup_deposit: { rateBps: "100" },
      fx_cross_border: { rateBps: "200" },
      atm_withdrawal: { fixed: priced("2.50") },
    },
  },
  crypto_funded: {
    settlement: "USDC",
    items: { crypto_conversion: { rateBps: "80" }, fx_cross_border: { rateBps: "150" } },
  },
};

export interface TemplateSchedule {
  billingCycle: "monthly";
  billingDay: number;
  settlementAsset: string;
  items: FeeItem[];
  /** what differs from the template as written: values raised to platform minimums, fees left off */
  adjustments: string[];
}

/**
 * The schedule a template gives a Program in `currency` under the platform minimums `rows`, or null
 * for "custom" (no schedule). A value below a minimum is raised to it (a fixed minimum rounded up to the
 * currency's decimals, never below); a fee whose fixed minimum is not set for the currency while other
 * currencies have one is left off (the fail-closed rule of lib/fees/minimums.ts). Each is an adjustment.
 */
export function templateSchedule(template: FeeTemplate, currency: string, rows: MinimumRow[]): TemplateSchedule | null {
  if (template === "custom") return null;
  const values = VALUES[template];
  const units = minorUnitsOf(currency);
  const adjustments: string[] = [];
  const items = defaultFeeItems().map((base): FeeItem => {
    const t = values.items[base.feeType];
    if (!t) return base;
    const label = FEE_TYPE_LABELS[base.feeType];
    const fixed = t.fixed?.[currency];
    if (t.fixed && fixed === undefined && !t.rateBps) {
      adjustments.push(`${label} left off: the template has no ${currency} amount; set one on the Fees page.`);
      return base;
    }
    const item: FeeItem = {
      ...base,
      enabled: true,
      ...(fixed ? { fixedAmount: new Dec(fixed).toFixed(units) } : {}),
      ...(t.rateBps ? { rateBps: t.rateBps } : {}),
    };
    const min = programMinimum(rows, base.feeType, currency);
    if (!min) return item;
    if (min.minFixed === null) {
      adjustments.push(
        `${label} left off: its platform minimum is not set for ${currency} yet (it is ${min.setElsewhere.join(", ")}; reason: ${min.reason}).`,
      );
      return base;
    }
    if (new Dec(item.fixedAmount ?? "0").lt(min.minFixed)) {
      const raised = new Dec(min.minFixed).toDecimalPlaces(units, Dec.ROUND_UP).toFixed(units);
      adjustments.push(
        `${label} fixed amount raised from ${item.fixedAmount ?? "none"} to the platform minimum ${showMinFixed(min.minFixed, currency)} (reason: ${min.reason}).`,
      );
      item.fixedAmount = raised;
    }
    if (new Dec(item.rateBps ?? "0").lt(min.minRateBps)) {
      adjustments.push(
        `${label} rate raised from ${item.rateBps ? `${item.rateBps} bps` : "none"} to the platform minimum ${min.minRateBps} bps (reason: ${min.reason}).`,
      );
      item.rateBps = min.minRateBps;
    }
    return item;
  });
  return { billingCycle: "monthly", billingDay: 1, settlementAsset: values.settlement ?? currency, items, adjustments };
}

/** The version note shown on the Fees page: where version 1 came from and what was adjusted. */
export const templateNote = (template: FeeTemplate, s: TemplateSchedule) =>
  [`From the ${FEE_TEMPLATES[template].label} template.`, ...s.adjustments].join(" ");
