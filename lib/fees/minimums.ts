import { Dec, FEE_TYPE_LABELS, minorUnitsOf, type FeeItem, type FeeType } from "@/lib/fees/schemas";

/**
 * Which platform minimum holds a Program to, from the (feeType, currency) rows staff set. Pure (no
 * database), shared by the service's check and the form's hint so both say the same.
 *
 * - The rate minimum is currency-independent: it applies in every currency (the service keeps it equal
 *   on a fee type's rows; the highest is taken should they ever differ).
 * - The fixed minimum is the row of the Program's base currency. No row for it while another currency
 *   has a fixed minimum above 0: the fee type cannot be enabled until staff set this currency's minimum
 *   (fail closed: otherwise a Tenant undercuts the platform by choosing a currency staff have not priced).
 *   No fixed minimum above 0 in any currency: no fixed minimum.
 */
export interface MinimumRow {
  feeType: string;
  currency: string;
  minFixed: string;
  minRateBps: string;
  reason: string;
}

export interface ProgramMinimum {
  feeType: FeeType;
  /** the Program's base currency */
  currency: string;
  /** the fixed minimum in `currency`; null = not set for this currency while others have one (the fee cannot be enabled) */
  minFixed: string | null;
  minRateBps: string;
  reason: string;
  /** when minFixed is null: the fixed minimums set in other currencies, e.g. ["1.50 EUR"] */
  setElsewhere: string[];
}

/** "1.50 EUR"; rounded up to the currency's decimals (a value migrated from before currencies may have more), never shown below the real one. */
export const showMinFixed = (min: string, currency: string) =>
  `${new Dec(min).toDecimalPlaces(minorUnitsOf(currency), Dec.ROUND_UP).toFixed(minorUnitsOf(currency))} ${currency}`;

export function programMinimum(rows: MinimumRow[], feeType: FeeType, currency: string): ProgramMinimum | null {
  const own = rows
    .filter((r) => r.feeType === feeType)
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  if (!own.length) return null;
  const row = own.find((r) => r.currency === currency);
  const rate = own.reduce((max, r) => (new Dec(r.minRateBps).gt(max) ? new Dec(r.minRateBps) : max), new Dec(0));
  const elsewhere = own.filter((r) => r.currency !== currency && new Dec(r.minFixed).gt(0));
  const reason = (row ?? elsewhere[0] ?? own.find((r) => new Dec(r.minRateBps).eq(rate)) ?? own[0]).reason;
  return {
    feeType,
    currency,
    minRateBps: rate.toFixed(),
    reason,
    minFixed: row ? row.minFixed : elsewhere.length ? null : "0",
    setElsewhere: row ? [] : elsewhere.map((r) => showMinFixed(r.minFixed, r.currency)),
  };
}

/** Field errors for every enabled value below its platform minimum (a missing value counts as 0). */
export function minimumViolations(items: FeeItem[], rows: MinimumRow[], currency: string): Record<string, string> {
  const out: Record<string, string> = {};
  items.forEach((item, i) => {
    const min = item.enabled ? programMinimum(rows, item.feeType, currency) : null;
    if (!min) return;
    const label = FEE_TYPE_LABELS[item.feeType];
    if (min.minFixed === null) {
      out[`items.${i}.fixedAmount`] =
        `The platform minimum for ${label} is not set for ${currency} yet (it is ${min.setElsewhere.join(", ")}; reason: ${min.reason}), so this fee cannot be enabled for a ${currency} Program: ask Axys staff to set the ${currency} minimum.`;
    } else if (new Dec(item.fixedAmount ?? "0").lt(min.minFixed)) {
      out[`items.${i}.fixedAmount`] =
        `The platform minimum for ${label} is ${showMinFixed(min.minFixed, currency)} (reason: ${min.reason}): ${item.fixedAmount ?? "no fixed amount"} is below it.`;
    }
    if (new Dec(item.rateBps ?? "0").lt(min.minRateBps)) {
      out[`items.${i}.rateBps`] =
        `The platform minimum rate for ${label} is ${min.minRateBps} bps (reason: ${min.reason}): ${item.rateBps ? `${item.rateBps} bps` : "no rate"} is below it.`;
    }
  });
  return out;
}

/** The form's hint under a fee type: the minimum in the Program's currency, or why the fee cannot be enabled. */
export function minimumText(m: ProgramMinimum | undefined): string | null {
  if (!m) return null;
  if (m.minFixed === null) {
    const rate = new Dec(m.minRateBps).gt(0) ? `; rate at least ${m.minRateBps} bps` : "";
    return `Platform minimum not set for ${m.currency} yet (set as ${m.setElsewhere.join(", ")}${rate}): ask Axys staff to set it before enabling this fee (${m.reason})`;
  }
  const parts = [];
  if (new Dec(m.minFixed).gt(0)) parts.push(showMinFixed(m.minFixed, m.currency));
  if (new Dec(m.minRateBps).gt(0)) parts.push(`${m.minRateBps} bps`);
  if (!parts.length) return null;
  return `Platform minimum ${parts.join(" + ")} (${m.reason})`;
}
