import { spawnSync } from "node:child_process";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealClearBankCredentials } from "@/lib/bank/seal-existing";
import { unseal } from "@/lib/core/sealing";
import { isPostgresUrl, type DB } from "@/lib/db";
import { PrismaClient as PgClient } from "@/lib/generated/pg/client";
import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import { createTestDatabase, withRawConnection } from "@/lib/testing/test-db";

/** The last migration before bank credentials were sealed. */
const PREVIOUS = "20261201020000_fee_minimum_currency";
const SEALING = "20261204120000_bank_credentials_sealed";
const root = path.resolve(import.meta.dirname, "..", "..");
const UPDATED = new Date("2026-11-30T10:00:00.000Z");

/** A Prisma client of its own for the old database, used once and closed, as each process start or db:migrate run does. */
async function withClient<T>(url: string, run: (client: DB) => Promise<T>): Promise<T> {
  const client: DB = isPostgresUrl(url)
    ? (new PgClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as DB)
    : new SqliteClient({ adapter: new PrismaBetterSQLite3({ url }) });
  try {
    return await run(client);
  } finally {
    await client.$disconnect();
  }
}

/** Every column of every row, read with SQL through the driver (not Prisma, not the service). */
const rawRows = (url: string) =>
  withRawConnection(url, (exec) => exec(`SELECT * FROM "BankCredentials" ORDER BY "programId"`)) as Promise<
    Record<string, unknown>[]
  >;

/** A database as it was before the sealing migration, holding two rows of bank credentials in clear, then migrated by SQL. */
async function oldDatabaseWithClearRows() {
  const created = await createTestDatabase({ through: PREVIOUS });
  await withRawConnection(created.url, async (exec, migrate) => {
    const insert = `INSERT INTO "BankCredentials" ("id", "tenantId", "programId", "accountHolder", "accountNumber", "scheme", "routingCode", "bic", "paymentReferenceFormat", "updatedBy", "updatedAt") VALUES ($1, 'ten_1', $2, 'Acme Cards Ltd', $3, $4, $5, $6, 'AXYS-{cardholderId}', 'cli:ops', $7)`;
    const at = isPostgresUrl(created.url) ? UPDATED : UPDATED.toISOString();
    await exec(insert, ["bc_1", "prg_a", "GB82WEST12345698765432", "iban", null, "NWBKGB2L", at]);
    await exec(insert, ["bc_2", "prg_b", "31926819", "uk", "601613", "NWBKGB2L", at]);
    await migrate({ after: PREVIOUS });
  });
  return created;
}

let old: { url: string; dispose: () => Promise<void> };
beforeAll(async () => {
  old = await oldDatabaseWithClearRows();
});

afterAll(async () => {
  await old?.dispose();
});

describe(`migration ${SEALING} and its data step`, () => {
  it("the SQL migration alone keeps the clear values (SQL cannot encrypt) and adds empty sealed and masked columns", async () => {
    expect(
      (await rawRows(old.url)).map((r) => [
        r.accountNumber,
        r.routingCode,
        r.accountNumberSealed,
        r.accountNumberMasked,
        r.routingCodeSealed,
      ]),
    ).toEqual([
      ["GB82WEST12345698765432", null, null, null, null],
      ["31926819", "601613", null, null, null],
    ]);
  });

  it("npm run db:migrate's data step seals every clear row, stores the masks and nulls the clear columns", () => {
    const r = spawnSync(
      path.join(root, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "scripts/seal-bank-credentials.ts"],
      {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: old.url },
        timeout: 60_000,
      },
    );
    expect({ code: r.status, out: r.stdout.trim() }).toEqual({
      code: 0,
      out: "[axys] bank credentials: sealed 2 row(s) stored in clear",
    });
  });

  it("leaves rows that open with the master key, bound to their Program and field, and no clear value anywhere", async () => {
    const [a, b] = await rawRows(old.url);
    expect(a).toMatchObject({
      programId: "prg_a",
      accountNumber: null,
      routingCode: null,
      accountNumberMasked: "•••• 5432",
      routingCodeSealed: null,
      routingCodeMasked: null,
    });
    expect(b).toMatchObject({
      programId: "prg_b",
      accountNumber: null,
      routingCode: null,
      accountNumberMasked: "•••• 6819",
      routingCodeMasked: "••-16-13",
    });
    expect(unseal(String(a.accountNumberSealed), "axys-bank:prg_a:accountNumber").toString()).toBe(
      "GB82WEST12345698765432",
    );
    expect(unseal(String(b.accountNumberSealed), "axys-bank:prg_b:accountNumber").toString()).toBe("31926819");
    expect(unseal(String(b.routingCodeSealed), "axys-bank:prg_b:routingCode").toString()).toBe("601613");
    expect(() => unseal(String(b.accountNumberSealed), "axys-bank:prg_a:accountNumber")).toThrow();
    for (const secret of ["GB82WEST12345698765432", "WEST1234", "31926819", "601613"])
      expect(JSON.stringify([a, b])).not.toContain(secret);
    // Sealing is storage, not a change: the last-updated time stays.
    const times = await withClient(old.url, (c) => c.bankCredentials.findMany({ select: { updatedAt: true } }));
    expect(times.map((t) => t.updatedAt.toISOString())).toEqual([UPDATED.toISOString(), UPDATED.toISOString()]);
  });

  it("is idempotent: a second run (server start after db:migrate) seals nothing and changes no column", async () => {
    const before = await rawRows(old.url);
    expect(await withClient(old.url, sealClearBankCredentials)).toBe(0);
    expect(await rawRows(old.url)).toEqual(before);
  });

  it("seals a clear row written later by an older process, alone", async () => {
    await withRawConnection(old.url, (exec) =>
      exec(`UPDATE "BankCredentials" SET "routingCode" = '021000021', "scheme" = 'us' WHERE "programId" = 'prg_a'`),
    );
    expect(await withClient(old.url, sealClearBankCredentials)).toBe(1);
    const [a] = await rawRows(old.url);
    expect(a).toMatchObject({
      accountNumber: null,
      routingCode: null,
      accountNumberMasked: "•••• 5432",
      routingCodeMasked: "•••• 0021",
    });
    expect(unseal(String(a.routingCodeSealed), "axys-bank:prg_a:routingCode").toString()).toBe("021000021");
    expect(unseal(String(a.accountNumberSealed), "axys-bank:prg_a:accountNumber").toString()).toBe(
      "GB82WEST12345698765432",
    );
  });

  it("is one transaction: when one row cannot be written, no row is sealed and the clear values stay as they were", async () => {
    const db2 = await oldDatabaseWithClearRows();
    try {
      // The second row (by id) refuses any update: the first one was already sealed inside the transaction.
      await withRawConnection(db2.url, async (exec) => {
        if (isPostgresUrl(db2.url)) {
          await exec(
            `CREATE FUNCTION refuse_bc_2() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'row bc_2 is read-only'; END $$ LANGUAGE plpgsql`,
          );
          await exec(
            `CREATE TRIGGER refuse_bc_2 BEFORE UPDATE ON "BankCredentials" FOR EACH ROW WHEN (OLD."id" = 'bc_2') EXECUTE FUNCTION refuse_bc_2()`,
          );
        } else {
          await exec(
            `CREATE TRIGGER refuse_bc_2 BEFORE UPDATE ON "BankCredentials" WHEN OLD."id" = 'bc_2' BEGIN SELECT RAISE(ABORT, 'row bc_2 is read-only'); END`,
          );
        }
      });
      const before = await rawRows(db2.url);
      const e = await withClient(db2.url, sealClearBankCredentials).then(
        () => null,
        (x: unknown) => x,
      );
      // PostgreSQL reports the trigger's message; Prisma's SQLite adapter maps RAISE(ABORT) to a constraint error.
      expect(String(e)).toMatch(isPostgresUrl(db2.url) ? /row bc_2 is read-only/ : /constraint violated/);
      expect(await rawRows(db2.url)).toEqual(before);
      expect(before.map((r) => [r.accountNumber, r.accountNumberSealed])).toEqual([
        ["GB82WEST12345698765432", null],
        ["31926819", null],
      ]);
    } finally {
      await db2.dispose();
    }
  });
});
