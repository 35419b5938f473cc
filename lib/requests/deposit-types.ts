import { DEFAULT_DEPOSIT_TYPES } from "@/lib/requests/schemas";

export interface DepositTypePayload {
  addressType: string;
  mode: string;
  replaces?: string;
}
export interface ActiveDepositType {
  type: string;
  source: "default" | "approved";
}

/**
 * A Program's active deposit address types: the defaults, with approved substitutes swapped in and
 * approved additions appended. `approved` is in approval order, oldest first.
 */
export function activeDepositTypes(approved: DepositTypePayload[]): ActiveDepositType[] {
  let types: ActiveDepositType[] = DEFAULT_DEPOSIT_TYPES.map((type) => ({ type, source: "default" }));
  for (const p of approved) {
    if (p.mode === "substitute") types = types.filter((t) => t.type !== p.replaces);
    if (!types.some((t) => t.type === p.addressType)) types.push({ type: p.addressType, source: "approved" });
  }
  return types;
}
