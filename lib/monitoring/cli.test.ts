import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { axys, cliErrorOf } from "@/lib/testing/cli";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

// Every CLI call is a child process (tsx start-up, its own database connection): seconds each on a loaded
// 2-core machine (35 s each was seen with other test runs alongside), so this file's tests get minutes, not 30 s.
vi.setConfig({ testTimeout: 300_000 });

let slug: string;
let programId: string;

beforeAll(async () => {
  const t = await makeTenant();
  slug = t.slug;
  programId = (await makeProgram(await makeCtx("tenant_admin", { tenantId: t.id }), { baseCurrency: "GBP" })).id;
});

const line = (id: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    programId,
    type: "purchase",
    status: "pending",
    amount: "4.20",
    currency: "GBP",
    cardLast4: "1234",
    cardholderRef: "ch_1",
    merchantName: "Pret A Manger",
    reference: `r-${id}`,
    createdAt: "2026-11-30T09:00:00Z",
    ...over,
  });

describe("axys transactions / balances / demo / partner CLI", () => {
  it("ingests JSON lines idempotently from standard input", async () => {
    const input = [line("cli_1"), line("cli_2")].join("\n");
    const r = axys(["transactions", "ingest", "--tenant", slug, "--file", "-", "--json"], input);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    const again = axys(
      ["transactions", "ingest", "--tenant", slug, "--file", "-", "--json"],
      [line("cli_1"), line("cli_2", { status: "completed" })].join("\n"),
    );
    expect(JSON.parse(again.out)).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect((await db.transaction.findFirst({ where: { id: "cli_2" } }))?.status).toBe("completed");
  });

  it("refuses a bad batch with a JSON error and writes nothing", async () => {
    const before = await db.transaction.count();
    const r = axys(
      ["transactions", "ingest", "--tenant", slug, "--file", "-", "--json"],
      [line("cli_3"), line("cli_4", { amount: "4.205" })].join("\n"),
    );
    expect(cliErrorOf(r)).toEqual({
      exit: 1,
      code: "VALIDATION",
      message: "transaction 2 (amount): GBP has 2 decimal places: 4.205 has 3.",
      field: "amount",
    });
    expect(
      cliErrorOf(axys(["transactions", "ingest", "--tenant", slug, "--file", "-", "--json"], "{not json")),
    ).toMatchObject({
      exit: 1,
      code: "VALIDATION",
      message: expect.stringMatching(/^The input is not a JSON array or JSON lines: /),
      field: "file",
    });
    expect(await db.transaction.count()).toBe(before);
  });

  it("ingests balances and generates demo transactions", async () => {
    const b = axys(
      ["balances", "ingest", "--tenant", slug, "--file", "-", "--json"],
      JSON.stringify([{ programId, asset: "GBP", amount: "1200.50", asOf: "2026-11-30T00:00:00Z" }]),
    );
    expect(b.code, b.err).toBe(0);
    expect(JSON.parse(b.out)).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const d = axys(["demo", "transactions", "--tenant", slug, "--count", "300", "--days", "5", "--json"]);
    expect(d.code, d.err).toBe(0);
    expect(JSON.parse(d.out)).toMatchObject({ programs: 1, transactions: { inserted: 300 } });
    expect(await db.transaction.count({ where: { programId } })).toBe(302);
    const refused = axys(["demo", "transactions", "--tenant", slug, "--count", "300"], undefined, {
      AXYS_DEPLOYMENT: "production",
    });
    expect(cliErrorOf(refused)).toEqual({
      exit: 1,
      code: "FORBIDDEN",
      message: "Refusing to create demo data in a production deployment (AXYS_DEPLOYMENT=production).",
    });
    expect(await db.transaction.count({ where: { programId } })).toBe(302);
  });

  it("sets partner visibility, audited", async () => {
    const r = axys([
      "partner",
      "visibility",
      "--tenant",
      slug,
      "--program",
      programId,
      "--transactions",
      "on",
      "--balances",
      "off",
      "--granularity",
      "individual",
      "--json",
    ]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      transactions: true,
      includeMerchant: false,
      balances: false,
      granularity: "individual",
    });
    expect(await db.auditEvent.count({ where: { action: "partner_visibility.updated", targetId: programId } })).toBe(1);
    const bad = axys([
      "partner",
      "visibility",
      "--tenant",
      slug,
      "--program",
      programId,
      "--transactions",
      "yes",
      "--balances",
      "off",
      "--granularity",
      "daily",
      "--json",
    ]);
    expect(cliErrorOf(bad)).toEqual({
      exit: 1,
      code: "VALIDATION",
      message: "--transactions must be on or off.",
      field: "transactions",
    });
    expect(await db.auditEvent.count({ where: { action: "partner_visibility.updated", targetId: programId } })).toBe(1);
  });
});
