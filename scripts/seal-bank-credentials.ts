/**
 * Data step of migration 20261204120000_bank_credentials_sealed, run by `npm run db:migrate` after
 * `prisma migrate deploy`: seals the bank credentials still stored in clear (idempotent, one transaction).
 * The server runs the same step at start (lib/startup.ts). Needs the master key (AXYS_CA_MASTER_KEY).
 */
import { sealClearBankCredentials } from "@/lib/bank/seal-existing";
import { db } from "@/lib/db";

try {
  const n = await sealClearBankCredentials();
  console.log(`[axys] bank credentials: ${n === 0 ? "none stored in clear" : `sealed ${n} row(s) stored in clear`}`);
} catch (e) {
  console.error(
    `[axys] sealing the bank credentials failed (nothing changed): ${e instanceof Error ? e.message : String(e)}`,
  );
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
