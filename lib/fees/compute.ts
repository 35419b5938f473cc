import {
  Dec,
  DEFAULT_TRIGGERS,
  FEE_TYPE_LABELS,
  FEE_TYPES,
  minorUnitsOf,
  type FeeItem,
  type FeePreviewLine,
  type FeeType,
} from "@/lib/fees/schemas";

/**
 * Fee arithmetic, pure (no database, no server-only import): the service's preview and the Fees page's
 * live preview of unsaved values run this same code, so the browser shows what the server will charge.
 *
 * decimal.js only. Fees are rounded to the currency's minor units with ROUND_HALF_EVEN (banker's
 * rounding: no upward bias over many transactions). The Tenant share is computed from the rounded fee
 * and rounded the same way; the Program share is the fee minus the Tenant share, so the two always add
 * up to the fee exactly.
 */

/** The items a Program starts from before its first schedule: every fee off, split 50/50. */
export function defaultFeeItems(): FeeItem[] {
  return FEE_TYPES.map((feeType) => ({
    feeType,
    enabled: false,
    trigger: DEFAULT_TRIGGERS[feeType],
    tenantSharePct: "50",
    programSharePct: "50",
  }));
}

/** Rounds to the currency's minor units, half to even. */
const roundTo = (d: Dec, units: number) => d.toDecimalPlaces(units, Dec.ROUND_HALF_EVEN);

/** One fee for an example amount: fixed part + percentage part (capped), rounded, then split. */
export function computeFee(item: FeeItem, amount: string, currency: string): Omit<FeePreviewLine, "label"> {
  const units = minorUnitsOf(currency);
  const fixed = new Dec(item.fixedAmount ?? "0");
  let pct = new Dec(amount).times(item.rateBps ?? "0").div(10_000);
  let capped = false;
  if (item.capAmount !== undefined && pct.gt(item.capAmount)) {
    pct = new Dec(item.capAmount);
    capped = true;
  }
  const pctRounded = roundTo(pct, units);
  const total = fixed.plus(pctRounded);
  const tenantShare = roundTo(total.times(item.tenantSharePct).div(100), units);
  const programShare = total.minus(tenantShare);
  return {
    feeType: item.feeType,
    trigger: item.trigger,
    fixedPart: fixed.toFixed(units),
    percentagePart: pctRounded.toFixed(units),
    capped,
    total: total.toFixed(units),
    tenantShare: tenantShare.toFixed(units),
    programShare: programShare.toFixed(units),
  };
}

/**
 * The fees an example transaction of `amount` (a parsed decimal string in `currency`) incurs under `items`:
 * every enabled per-event fee (or the named fee types, whatever their trigger), each split, and the totals.
 */
export function computePreview(items: FeeItem[], amount: string, currency: string, feeTypes?: FeeType[]) {
  const applied = items.filter(
    (i) => i.enabled && (feeTypes ? feeTypes.includes(i.feeType) : i.trigger === "per_event"),
  );
  const lines: FeePreviewLine[] = applied.map((i) => ({
    ...computeFee(i, amount, currency),
    label: FEE_TYPE_LABELS[i.feeType],
  }));
  const units = minorUnitsOf(currency);
  const sum = (k: "total" | "tenantShare" | "programShare") =>
    lines.reduce((acc, l) => acc.plus(l[k]), new Dec(0)).toFixed(units);
  return { lines, totals: { total: sum("total"), tenantShare: sum("tenantShare"), programShare: sum("programShare") } };
}
