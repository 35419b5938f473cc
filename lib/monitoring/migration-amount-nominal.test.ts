import { describe, expect, it } from "vitest";
import { formatMinor } from "@/lib/core/money";
import { toNominal } from "@/lib/monitoring/ingest";
import { createTestDatabase, withRawConnection } from "@/lib/testing/test-db";

const MIGRATION = "20261205070632_transaction_sort_and_status_history";
const PREVIOUS = "20261204140000_sessions";

/** The backfill of the amount sort key, on rows written as the schema before it held them (SQLite, or PostgreSQL with TEST_DATABASE_URL). */
describe(`migration ${MIGRATION}`, () => {
  it("sets amountNominal of existing transactions to thousandths of the major unit, per currency's minor units", async () => {
    const testDb = await createTestDatabase({ through: PREVIOUS });
    const rows = [
      ["a", "EUR", 1250n],
      ["b", "JPY", 13n],
      ["c", "BHD", 12500n],
      ["d", "KWD", 1n],
      ["e", "USD", 99999999999900n],
    ] as const;
    try {
      await withRawConnection(testDb.url, async (exec, migrate) => {
        for (const [id, currency, minor] of rows) {
          await exec(`INSERT INTO "Transaction" ("id", "tenantId", "programId", "environment", "type", "status", "amountMinor", "currency", "cardLast4", "cardholderRef", "reference", "createdAt", "updatedAt")
            VALUES ('${id}', 't1', 'p1', 'production', 'purchase', 'completed', ${minor}, '${currency}', '4242', 'h', '', '2026-11-01T00:00:00.000+00:00', '2026-11-01T00:00:00.000+00:00')`);
        }
        await migrate({ after: PREVIOUS, through: MIGRATION });
        const got = (await exec(`SELECT "id", "amountNominal" FROM "Transaction" ORDER BY "id"`)) as {
          id: string;
          amountNominal: bigint | number | string;
        }[];
        expect(got.map((r) => [r.id, BigInt(r.amountNominal)])).toEqual(
          rows.map(([id, currency, minor]) => [id, toNominal(formatMinor(minor, currency))]),
        );
        expect(got.map((r) => BigInt(r.amountNominal))).toEqual([12_500n, 13_000n, 12_500n, 1n, 999_999_999_999_000n]);
      });
    } finally {
      await testDb.dispose();
    }
  });
});
