import "server-only";
import type { BankScheme } from "@/lib/bank/schemas";
import { maskRoutingCode, sealBankValue, sealedBankColumns } from "@/lib/bank/sealing";
import { db as defaultDb, type DB } from "@/lib/db";

/**
 * The data step of migration 20261204120000_bank_credentials_sealed (SQL cannot encrypt): seals every
 * row that still holds a clear account number or routing code, stores the masks beside them and nulls
 * the clear columns. One transaction (all rows or none); idempotent (a sealed row has no clear value
 * left, so a second run finds nothing); each update is a compare-and-set on the clear values, so two
 * processes starting at once (app and worker) never seal a row twice. Returns how many rows it sealed.
 * Run by `npm run db:migrate` (scripts/seal-bank-credentials.ts) and at server start (lib/startup.ts).
 */
export async function sealClearBankCredentials(client: DB = defaultDb): Promise<number> {
  return client.$transaction(
    async (tx) => {
      const rows = await tx.bankCredentials.findMany({
        where: { OR: [{ accountNumber: { not: null } }, { routingCode: { not: null } }] },
        select: { id: true, programId: true, scheme: true, accountNumber: true, routingCode: true, updatedAt: true },
        orderBy: { id: "asc" },
      });
      let sealed = 0;
      for (const r of rows) {
        const scheme = r.scheme as BankScheme;
        // A stray clear routing code beside an already sealed account number (never written by the service) is sealed alone.
        const data =
          r.accountNumber !== null
            ? sealedBankColumns(r.programId, scheme, r.accountNumber, r.routingCode)
            : {
                routingCode: null,
                routingCodeSealed: sealBankValue(r.programId, "routingCode", r.routingCode!),
                routingCodeMasked: maskRoutingCode(scheme, r.routingCode),
              };
        // updatedAt kept: sealing is storage, not a change of the credentials (the page's "last updated" stays true).
        const { count } = await tx.bankCredentials.updateMany({
          where: { id: r.id, accountNumber: r.accountNumber, routingCode: r.routingCode },
          data: { ...data, updatedAt: r.updatedAt },
        });
        sealed += count;
      }
      return sealed;
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}
