import { FEE_TRIGGER_LABELS, FEE_TYPE_LABELS, type FeeItem } from "@/lib/fees/schemas";

/**
 * What a new fee schedule version changes, pure: the service refuses a version that changes nothing
 * and the form shows the same list (field, old -> new) before the user confirms a save.
 */
export interface ScheduleValues {
  billingCycle: string;
  billingDay: number;
  settlementAsset: string;
  items: FeeItem[];
}
export interface VersionValues extends ScheduleValues {
  version: number;
  effectiveAt: Date;
}
export interface FeeChange {
  field: string;
  before: string;
  after: string;
}

/**
 * The version in force at `at`: the latest effectiveAt <= at, the higher version winning a tie
 * (the rule getFeeSchedules applies); null before the first one.
 */
export function versionInForceAt<V extends { version: number; effectiveAt: Date }>(versions: V[], at: Date): V | null {
  let best: V | null = null;
  for (const v of versions) {
    if (v.effectiveAt.getTime() > at.getTime()) continue;
    if (
      !best ||
      v.effectiveAt.getTime() > best.effectiveAt.getTime() ||
      (v.effectiveAt.getTime() === best.effectiveAt.getTime() && v.version > best.version)
    )
      best = v;
  }
  return best;
}

const ITEM_FIELDS = [
  ["enabled", "on"],
  ["fixedAmount", "fixed amount"],
  ["rateBps", "rate (bps)"],
  ["capAmount", "cap"],
  ["trigger", "billed"],
  ["tenantSharePct", "Tenant share %"],
  ["programSharePct", "Program share %"],
] as const;

const show = (item: FeeItem | undefined, key: (typeof ITEM_FIELDS)[number][0]): string => {
  if (!item) return "—";
  if (key === "enabled") return item.enabled ? "on" : "off";
  if (key === "trigger") return FEE_TRIGGER_LABELS[item.trigger];
  return item[key] ?? "—";
};

/**
 * Every stored value that differs, in the form's order. Both sides are parsed values (the schema
 * normalizes "1.5" and "1.50" alike), so a difference is a real one.
 */
export function diffSchedules(before: ScheduleValues, after: ScheduleValues): FeeChange[] {
  const out: FeeChange[] = [];
  for (const a of after.items) {
    const b = before.items.find((i) => i.feeType === a.feeType);
    for (const [key, name] of ITEM_FIELDS) {
      const [was, now] = [show(b, key), show(a, key)];
      if (was !== now) out.push({ field: `${FEE_TYPE_LABELS[a.feeType]} ${name}`, before: was, after: now });
    }
  }
  const top: [string, string, string][] = [
    ["Billing cycle", before.billingCycle, after.billingCycle],
    ["Billing day", String(before.billingDay), String(after.billingDay)],
    ["Settlement currency or asset", before.settlementAsset, after.settlementAsset],
  ];
  for (const [field, was, now] of top) if (was !== now) out.push({ field, before: was, after: now });
  return out;
}
