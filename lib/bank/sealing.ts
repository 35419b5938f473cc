import "server-only";
import type { BankScheme } from "@/lib/bank/schemas";
import { seal, unseal } from "@/lib/core/sealing";

/** The two secret fields of a Program's bank credentials. */
export type BankSecretField = "accountNumber" | "routingCode";

const MASK = "••••";
const last4 = (s: string) => s.slice(-4);

/** Last 4 characters only, whatever the length (the length is not shown either). */
export function maskAccountNumber(accountNumber: string): string {
  return `${MASK} ${last4(accountNumber)}`;
}

export function maskRoutingCode(scheme: BankScheme, routingCode: string | null): string | null {
  if (!routingCode) return null;
  const tail = last4(routingCode);
  return scheme === "uk" ? `••-${tail.slice(0, 2)}-${tail.slice(2)}` : `${MASK} ${tail}`;
}

/**
 * The associated data a sealed value is bound to: its Program and field. A sealed account number copied
 * into another row, or into the routing-code column, does not open (AES-GCM authentication fails).
 */
export const bankSealContext = (programId: string, field: BankSecretField) => `axys-bank:${programId}:${field}`;

/** Opens a sealed bank value with the master key; a wrong key or a value moved between rows fails with a clear message. */
export function openBankValue(programId: string, field: BankSecretField, sealed: string): string {
  try {
    return unseal(sealed, bankSealContext(programId, field)).toString("utf8");
  } catch {
    throw new Error(
      `Cannot open the sealed ${field} of program ${programId}: the master key (AXYS_CA_MASTER_KEY) is not the one it was sealed with, or the value was moved from another row.`,
    );
  }
}

/** Seals one value with the master key, bound to its Program and field. */
export function sealBankValue(programId: string, field: BankSecretField, value: string): string {
  return seal(Buffer.from(value, "utf8"), bankSealContext(programId, field));
}

/**
 * The columns stored for a Program's account number and routing code: sealed with the master key
 * (AES-256-GCM, bound to the Program and field), the masked display form beside them, and the legacy
 * clear columns null. Used by the service on every write and by the data step that seals older rows.
 */
export function sealedBankColumns(
  programId: string,
  scheme: BankScheme,
  accountNumber: string,
  routingCode: string | null,
) {
  return {
    accountNumber: null,
    routingCode: null,
    accountNumberSealed: sealBankValue(programId, "accountNumber", accountNumber),
    accountNumberMasked: maskAccountNumber(accountNumber),
    routingCodeSealed: routingCode === null ? null : sealBankValue(programId, "routingCode", routingCode),
    routingCodeMasked: maskRoutingCode(scheme, routingCode),
  };
}
