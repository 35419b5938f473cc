import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { csvStreamBatches } from "@/lib/csv";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { generateDemoTransactions } from "@/lib/monitoring/generate";
import { ingestBalances, ingestTransactions } from "@/lib/monitoring/ingest";
import type { TransactionInput } from "@/lib/monitoring/schemas";
import { getBalances } from "@/lib/monitoring/balances";
import { TRANSACTION_CSV_HEADER, transactionCsvRow } from "@/lib/monitoring/csv";
import { getOverview } from "@/lib/monitoring/overview";
import { iterateTransactionPages, listTransactions, type TransactionDto } from "@/lib/monitoring/transactions";
import { setPartnerVisibility } from "@/lib/partners/service";
import { appErrorOf } from "@/lib/testing/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

let admin: Ctx, viewer: Ctx, partner: Ctx, operator: Ctx, other: Ctx, otherOperator: Ctx;
let p1: string, p2: string, otherProgram: string;
const NOW = new Date("2026-11-30T12:00:00Z");

const errorOf = appErrorOf;

let seq = 0;
function txn(programId: string, over: Partial<TransactionInput> = {}): TransactionInput {
  seq++;
  return {
    id: `t_${seq.toString().padStart(5, "0")}`,
    programId,
    type: "purchase",
    status: "completed",
    amount: "10.00",
    currency: "EUR",
    cardLast4: "4242",
    cardholderRef: `ch_holder${seq % 7}`,
    merchantName: "Tesco Stores",
    merchantCategory: "5411",
    merchantCountry: "GB",
    reference: `ref-${seq}`,
    createdAt: new Date(Date.UTC(2026, 10, 1 + (seq % 28), 10, seq % 60)).toISOString(),
    ...over,
  };
}

/** Everything a filter matches, page by page through the public API. */
async function all(ctx: Ctx, filter: Record<string, string>, limit = 7): Promise<TransactionDto[]> {
  const out: TransactionDto[] = [];
  let cursor: string | undefined = filter.cursor;
  do {
    const page = await listTransactions(ctx, { ...filter, cursor }, limit);
    out.push(...page.transactions);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const inputs: TransactionInput[] = [];

beforeAll(async () => {
  const [a, b] = [await makeTenant(), await makeTenant()];
  admin = await makeCtx("tenant_admin", { tenantId: a.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: a.id });
  p1 = (await makeProgram(admin, { baseCurrency: "EUR" })).id;
  p2 = (await makeProgram(admin, { baseCurrency: "JPY", transactionLimit: "500000" })).id;
  partner = await makeCtx("partner_viewer", { tenantId: a.id, programId: p1 });
  operator = await makeCtx("axys_operator", { tenantId: a.id });
  other = await makeCtx("tenant_admin", { tenantId: b.id });
  otherOperator = await makeCtx("axys_operator", { tenantId: b.id });
  otherProgram = (await makeProgram(other)).id;

  const statuses = ["completed", "completed", "completed", "declined", "pending", "reversed"] as const;
  const types = ["purchase", "purchase", "refund", "atm_withdrawal", "top_up"] as const;
  for (let i = 0; i < 60; i++) {
    const jpy = i % 4 === 0;
    inputs.push(
      txn(jpy ? p2 : p1, {
        status: statuses[i % statuses.length],
        type: types[i % types.length],
        currency: jpy ? "JPY" : "EUR",
        amount: jpy ? String(100 * (i + 1)) : `${i + 1}.${String(i % 100).padStart(2, "0")}`,
        merchantName: i % 5 === 0 ? "Blue Bottle Coffee" : "Tesco Stores",
      }),
    );
  }
  expect(await ingestTransactions(operator, inputs)).toEqual({ inserted: 60, updated: 0, unchanged: 0 });
  await ingestTransactions(otherOperator, [
    txn(otherProgram, { merchantName: "Tesco Stores", reference: "other-tenant" }),
  ]);
});

describe("ingestion", () => {
  it("is idempotent by transaction id and moves a status change between the daily totals", async () => {
    const before = await db.transactionDaily.findMany({
      where: { programId: p1 },
      orderBy: [{ day: "asc" }, { status: "asc" }],
    });
    expect(await ingestTransactions(operator, inputs.slice(0, 10))).toEqual({ inserted: 0, updated: 0, unchanged: 10 });
    expect(
      await db.transactionDaily.findMany({ where: { programId: p1 }, orderBy: [{ day: "asc" }, { status: "asc" }] }),
    ).toEqual(before);

    const pending = inputs.find((t) => t.status === "pending" && t.programId === p1)!;
    expect(await ingestTransactions(operator, [{ ...pending, status: "completed" }])).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    const row = await db.transaction.findFirst({ where: { id: pending.id, tenantId: admin.tenantId! } });
    expect(row?.status).toBe("completed");
    const day = String(pending.createdAt).slice(0, 10);
    const bucket = (status: string) =>
      db.transactionDaily.findFirst({ where: { programId: p1, day, currency: "EUR", status } });
    expect((await bucket("pending"))?.count ?? 0).toBe(
      before.filter((b) => b.day === day && b.status === "pending").reduce((s, b) => s + b.count, 0) - 1,
    );
    await ingestTransactions(operator, [pending]); // and back, so the rest of the file sees the original data
    expect(await bucket("pending")).toMatchObject({
      count: before.find((b) => b.day === day && b.status === "pending")!.count,
    });
  });

  it("refuses changed facts, duplicates, bad input and foreign programs, writing nothing", async () => {
    const count = await db.transaction.count();
    const daily = await db.transactionDaily.count();
    expect((await errorOf(ingestTransactions(operator, [{ ...inputs[1], amount: "999.00" }]))).message).toMatch(
      /different amount; only its status may change/,
    );
    expect(
      (await errorOf(ingestTransactions(operator, [txn(p1), { ...inputs[2], programId: p2, currency: "EUR" }]))).code,
    ).toBe("CONFLICT");
    const dup = txn(p1);
    expect((await errorOf(ingestTransactions(operator, [dup, dup]))).message).toMatch(/appears twice/);
    expect((await errorOf(ingestTransactions(operator, [txn(p1, { amount: "1.005" })]))).message).toMatch(
      /transaction 1 \(amount\): EUR has 2 decimal places/,
    );
    expect(
      (await errorOf(ingestTransactions(operator, [txn(p2, { currency: "JPY", amount: "10.5" })]))).message,
    ).toMatch(/JPY has 0 decimal places/);
    expect((await errorOf(ingestTransactions(operator, [txn(p1, { amount: "-3.00" })]))).message).toMatch(
      /positive decimal string/,
    );
    expect((await errorOf(ingestTransactions(operator, [txn(p1, { amount: "0.00" })]))).message).toMatch(
      /greater than zero/,
    );
    expect((await errorOf(ingestTransactions(operator, [txn(p1, { cardLast4: "4111111111111111" })]))).message).toMatch(
      /never a full card number/,
    );
    expect((await errorOf(ingestTransactions(operator, [txn(p1, { currency: "XYZ" })]))).message).toMatch(/currency/);
    expect((await errorOf(ingestTransactions(operator, [txn(p1, { createdAt: "yesterday" })]))).message).toMatch(
      /ISO 8601/,
    );
    expect((await errorOf(ingestTransactions(operator, [txn(p1), txn(otherProgram)]))).code).toBe("NOT_FOUND");
    expect((await errorOf(ingestTransactions(operator, [txn(p1, { amount: "1234567890123.00" })]))).message).toMatch(
      /at most 12 whole digits/,
    );
    expect(
      (await errorOf(ingestTransactions(operator, [{ ...inputs[1], merchantName: "Renamed Ltd" }]))).message,
    ).toMatch(/different merchantName/);
    expect(await db.transaction.count()).toBe(count);
    expect(await db.transactionDaily.count()).toBe(daily);
  });

  it("keeps transaction ids per tenant: another tenant's id neither conflicts nor changes its row", async () => {
    const foreign = (await db.transaction.findFirst({ where: { programId: otherProgram } }))!;
    const mine = txn(p1, { id: foreign.id, amount: "77.00" });
    expect(await ingestTransactions(operator, [mine])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await db.transaction.findFirst({ where: { tenantId: other.tenantId!, id: foreign.id } })).toEqual(foreign);
    expect((await all(other, {})).map((t) => t.amount)).toEqual([
      `${foreign.amountMinor / 100n}.${String(foreign.amountMinor % 100n).padStart(2, "0")}`,
    ]);
    // back out of the shared fixture (the rest of the file counts this tenant's rows)
    await db.transaction.deleteMany({ where: { tenantId: admin.tenantId!, id: foreign.id } });
    const day = String(mine.createdAt).slice(0, 10);
    await db.transactionDaily.updateMany({
      where: { tenantId: admin.tenantId!, programId: p1, day, currency: "EUR", status: "completed" },
      data: { count: { decrement: 1 }, amountMinor: { decrement: 7700n } },
    });
  });

  it("keeps the daily totals equal to the transactions when batches race to move the same transaction", async () => {
    const t = inputs.find((x) => x.status === "pending" && x.programId === p2)!;
    const results = await Promise.allSettled([
      ingestTransactions(operator, [{ ...t, status: "completed" }]),
      ingestTransactions(operator, [{ ...t, status: "reversed" }]),
      ingestTransactions(operator, [{ ...t, status: "declined" }]),
    ]);
    for (const r of results)
      if (r.status === "rejected") expect((r.reason as AppError).message).toMatch(/Send the batch again/);
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    await expectTotalsInStep(admin.tenantId!);
    await ingestTransactions(operator, [t]); // back to pending for the rest of the file
    await expectTotalsInStep(admin.tenantId!);
  });
});

/** The daily totals of a tenant, recomputed from its transactions, must equal the stored ones. */
async function expectTotalsInStep(tenantId: string) {
  const rows = await db.transaction.findMany({ where: { tenantId } });
  const expected = new Map<string, { count: number; amount: bigint }>();
  for (const r of rows) {
    const k = [r.programId, r.createdAt.toISOString().slice(0, 10), r.currency, r.status].join("|");
    const e = expected.get(k) ?? { count: 0, amount: 0n };
    e.count++;
    e.amount += r.amountMinor;
    expected.set(k, e);
  }
  const stored = new Map(
    (await db.transactionDaily.findMany({ where: { tenantId } }))
      .filter((d) => d.count !== 0 || d.amountMinor !== 0n)
      .map((d) => [[d.programId, d.day, d.currency, d.status].join("|"), { count: d.count, amount: d.amountMinor }]),
  );
  expect(stored).toEqual(expected);
}

describe("overview", () => {
  it("matches a direct computation over the transactions", async () => {
    const o = await getOverview(admin, { from: "2026-11-01", to: "2026-11-30" }, NOW);
    const rows = await db.transaction.findMany({
      where: {
        tenantId: admin.tenantId!,
        createdAt: { gte: new Date("2026-11-01T00:00:00Z"), lt: new Date("2026-12-01T00:00:00Z") },
      },
    });
    expect(o.count).toBe(rows.length);
    expect(o.count).toBe(60);
    for (const st of ["completed", "declined", "pending", "reversed"] as const)
      expect(o.byStatus[st]).toBe(rows.filter((r) => r.status === st).length);
    const eurCompleted = rows
      .filter((r) => r.currency === "EUR" && r.status === "completed")
      .reduce((s, r) => s + r.amountMinor, 0n);
    const eur = o.currencies.find((c) => c.currency === "EUR")!;
    expect(eur.volume).toBe(`${eurCompleted / 100n}.${String(eurCompleted % 100n).padStart(2, "0")}`);
    expect(o.currencies.find((c) => c.currency === "JPY")!.volume).toBe(
      String(
        rows.filter((r) => r.currency === "JPY" && r.status === "completed").reduce((s, r) => s + r.amountMinor, 0n),
      ),
    );
    expect(o.series).toHaveLength(30);
    expect(o.series.reduce((s, d) => s + d.count, 0)).toBe(60);
    const day5 = rows.filter((r) => r.createdAt.toISOString().startsWith("2026-11-05"));
    expect(o.series.find((d) => d.day === "2026-11-05")!.count).toBe(day5.length);
    expect(o.programs.map((p) => p.programId).sort()).toEqual([p1, p2].sort());
    expect(o.programs.find((p) => p.programId === p2)!.count).toBe(rows.filter((r) => r.programId === p2).length);
  });

  it("covers one Program when asked, and the last 30 days by default", async () => {
    const one = await getOverview(viewer, { program: p2, from: "2026-11-01", to: "2026-11-30" }, NOW);
    expect(one.count).toBe(await db.transaction.count({ where: { programId: p2 } }));
    expect(one.programs.map((p) => p.programId)).toEqual([p2]);
    const def = await getOverview(admin, {}, NOW);
    expect([def.from, def.to]).toEqual(["2026-11-01", "2026-11-30"]);
    const fromOnly = await getOverview(admin, { from: "2026-11-20" }, NOW);
    expect([fromOnly.from, fromOnly.to]).toEqual(["2026-11-20", "2026-11-30"]);
    const future = await getOverview(admin, { from: "2027-01-10" }, NOW);
    expect([future.from, future.to, future.count]).toEqual(["2027-01-10", "2027-01-10", 0]);
    const toOnly = await getOverview(admin, { to: "2026-11-10" }, NOW);
    expect([toOnly.from, toOnly.to]).toEqual(["2026-10-12", "2026-11-10"]);
    expect((await errorOf(getOverview(admin, { from: "2025-01-01", to: "2026-11-30" }, NOW))).field).toBe("from");
  });

  it("answers another tenant's program as not found and refuses a reversed range", async () => {
    expect((await errorOf(getOverview(admin, { program: otherProgram }, NOW))).code).toBe("NOT_FOUND");
    expect((await errorOf(getOverview(admin, { from: "2026-11-10", to: "2026-11-01" }, NOW))).field).toBe("to");
  });
});

describe("transaction list", () => {
  it("pages by keyset through every row once, newest first", async () => {
    const rows = await all(admin, {});
    expect(rows).toHaveLength(60);
    expect(new Set(rows.map((r) => r.id)).size).toBe(60);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(a.createdAt > b.createdAt || (a.createdAt.getTime() === b.createdAt.getTime() && a.id > b.id)).toBe(true);
    }
  });

  it("is stable under inserts: newer rows arriving between pages neither repeat nor shift entries", async () => {
    const first = await listTransactions(admin, { program: p2 }, 5);
    const later = await ingestTransactions(operator, [
      txn(p2, { currency: "JPY", amount: "500", createdAt: "2026-11-29T23:59:00Z" }),
    ]);
    expect(later.inserted).toBe(1);
    const rest = await all(admin, { program: p2, cursor: first.nextCursor! }, 5);
    const ids = [...first.transactions, ...rest].map((r) => r.id);
    const expected = (
      await db.transaction.findMany({
        where: { programId: p2, createdAt: { lte: first.transactions[0].createdAt } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      })
    ).map((r) => r.id);
    expect(ids).toEqual(expected);
  });

  it("combines filters exactly like a direct query", async () => {
    const rows = await db.transaction.findMany({ where: { tenantId: admin.tenantId! } });
    const check = async (filter: Record<string, string>, pred: (r: (typeof rows)[number]) => boolean) => {
      const got = (await all(admin, filter)).map((r) => r.id).sort();
      expect(got, JSON.stringify(filter)).toEqual(
        rows
          .filter(pred)
          .map((r) => r.id)
          .sort(),
      );
      expect(got.length, `filter ${JSON.stringify(filter)} should match something`).toBeGreaterThan(0);
    };
    await check({ status: "completed", type: "purchase" }, (r) => r.status === "completed" && r.type === "purchase");
    await check(
      { program: p1, from: "2026-11-05", to: "2026-11-12" },
      (r) =>
        r.programId === p1 &&
        r.createdAt >= new Date("2026-11-05T00:00:00Z") &&
        r.createdAt < new Date("2026-11-13T00:00:00Z"),
    );
    // amounts are in each transaction's own currency: 10..20 EUR = 1000..2000 cents, 10..20 JPY = 10..20 yen
    await check({ min: "10", max: "20.5" }, (r) =>
      r.currency === "EUR"
        ? r.amountMinor >= 1000n && r.amountMinor <= 2050n
        : r.amountMinor >= 10n && r.amountMinor <= 20n,
    );
    await check({ min: "1000", program: p2 }, (r) => r.programId === p2 && r.amountMinor >= 1000n);
    await check({ q: "blue bottle" }, (r) => r.merchantName === "Blue Bottle Coffee");
    await check(
      { q: "blue bottle", status: "declined" },
      (r) => r.merchantName === "Blue Bottle Coffee" && r.status === "declined",
    );
    await check({ q: inputs[3].reference! }, (r) => r.reference.includes(inputs[3].reference!));
    await check({ q: inputs[7].id }, (r) => r.id === inputs[7].id || r.reference.includes(inputs[7].id));
  });

  it("refuses bad filters with the field, and a forged cursor", async () => {
    expect((await errorOf(listTransactions(admin, { status: "lost" }))).field).toBe("status");
    expect((await errorOf(listTransactions(admin, { min: "-5" }))).field).toBe("min");
    expect((await errorOf(listTransactions(admin, { min: "50", max: "5" }))).field).toBe("max");
    expect((await errorOf(listTransactions(admin, { from: "2026-13-45" }))).field).toBe("from");
    expect((await errorOf(listTransactions(admin, { cursor: "1' OR 1=1" }))).field).toBe("cursor");
  });

  it("never shows another tenant's transactions, whatever the filter", async () => {
    const mine = await all(admin, { q: "Tesco" });
    expect(new Set(mine.map((t) => t.programId))).toEqual(new Set([p1, p2])); // both own Programs, nothing else
    expect(mine.find((t) => t.reference === "other-tenant")).toBeUndefined();
    expect((await all(other, {})).map((t) => t.reference)).toEqual(["other-tenant"]);
    expect((await errorOf(listTransactions(admin, { program: otherProgram }))).code).toBe("NOT_FOUND");
  });
});

describe("partners", () => {
  it("see nothing until their Tenant exposes it, then only their Program and only that surface", async () => {
    expect((await errorOf(listTransactions(partner, {}))).code).toBe("NOT_FOUND");
    expect((await errorOf(getOverview(partner, {}, NOW))).code).toBe("NOT_FOUND");
    expect((await errorOf(getBalances(partner))).code).toBe("NOT_FOUND");

    await setPartnerVisibility(admin, {
      programId: p1,
      exposeTransactions: true,
      includeMerchant: false,
      exposeBalances: false,
      granularity: "daily",
    });
    const o = await getOverview(partner, { from: "2026-11-01", to: "2026-11-30" }, NOW);
    expect(o.count).toBe(await db.transaction.count({ where: { programId: p1 } }));
    expect(o.programs.map((p) => p.programId)).toEqual([p1]);
    // daily aggregates only: no individual transactions
    expect((await errorOf(listTransactions(partner, {}))).code).toBe("NOT_FOUND");
    expect((await errorOf(getBalances(partner))).code).toBe("NOT_FOUND");

    await setPartnerVisibility(admin, {
      programId: p1,
      exposeTransactions: true,
      includeMerchant: false,
      exposeBalances: true,
      granularity: "individual",
    });
    const seen = await all(partner, {});
    expect(seen.length).toBe(await db.transaction.count({ where: { programId: p1 } }));
    expect(seen.length).toBeGreaterThan(0); // the check below must not pass on an empty list
    expect(
      seen.every(
        (t) =>
          t.programId === p1 &&
          t.merchantName === null &&
          t.merchantCategory === null &&
          /^••••.{4}$/.test(t.cardholderRef),
      ),
    ).toBe(true);
    // searching by merchant cannot reveal hidden merchant details
    expect(await all(partner, { q: "Tesco" })).toEqual([]);
    // another program of the same tenant is not found, in every surface
    expect((await errorOf(listTransactions(partner, { program: p2 }))).code).toBe("NOT_FOUND");
    expect((await errorOf(getOverview(partner, { program: p2 }, NOW))).code).toBe("NOT_FOUND");
    expect((await errorOf(getBalances(partner, { program: p2 }))).code).toBe("NOT_FOUND");

    await setPartnerVisibility(admin, {
      programId: p1,
      exposeTransactions: true,
      includeMerchant: true,
      exposeBalances: true,
      granularity: "individual",
    });
    expect((await all(partner, { q: "Tesco" })).length).toBeGreaterThan(0);
  });

  it("a tenant viewer sees every program of its tenant", async () => {
    const rows = await all(viewer, {});
    expect(new Set(rows.map((r) => r.programId))).toEqual(new Set([p1, p2]));
    expect(rows.some((r) => r.cardholderRef.startsWith("ch_"))).toBe(true);
  });
});

describe("balances", () => {
  it("shows the latest per Program and asset and sums history per asset with carry-forward", async () => {
    await ingestBalances(operator, [
      { programId: p1, asset: "EUR", amount: "100.00", asOf: "2026-11-20T00:00:00Z" },
      { programId: p1, asset: "EUR", amount: "150.50", asOf: "2026-11-21T00:00:00Z" },
      { programId: p2, asset: "JPY", amount: "9000", asOf: "2026-11-20T00:00:00Z" },
      { programId: p1, asset: "USDC", amount: "0.000001", asOf: "2026-11-21T00:00:00Z" },
    ]);
    expect(
      await ingestBalances(operator, [{ programId: p1, asset: "EUR", amount: "150.50", asOf: "2026-11-21T00:00:00Z" }]),
    ).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect(
      (
        await errorOf(
          ingestBalances(operator, [{ programId: p1, asset: "EUR", amount: "1.001", asOf: NOW.toISOString() }]),
        )
      ).message,
    ).toMatch(/EUR has 2 decimal places/);
    expect(
      (
        await errorOf(
          ingestBalances(operator, [{ programId: p1, asset: "DOGE", amount: "1", asOf: NOW.toISOString() }]),
        )
      ).message,
    ).toMatch(/asset/);
    const b = await getBalances(admin, {}, 90, NOW);
    expect(b.current.map((c) => [c.programId, c.asset, c.amount])).toEqual(
      expect.arrayContaining([
        [p1, "EUR", "150.50"],
        [p2, "JPY", "9000"],
        [p1, "USDC", "0.000001"],
      ]),
    );
    expect(b.current).toHaveLength(3);
    expect(b.history.find((h) => h.asset === "EUR")!.points).toEqual([
      { day: "2026-11-20", amount: "100.00" },
      { day: "2026-11-21", amount: "150.50" },
    ]);
    expect((await getBalances(partner, {}, 90, NOW)).current.map((c) => [c.programId, c.asset]).sort()).toEqual([
      [p1, "EUR"],
      [p1, "USDC"],
    ]);
    // a Program whose last snapshot predates the window still counts in the sums from its first day
    await ingestBalances(operator, [{ programId: p2, asset: "EUR", amount: "1000.00", asOf: "2026-01-05T00:00:00Z" }]);
    const withOld = await getBalances(admin, {}, 90, NOW);
    expect(withOld.history.find((h) => h.asset === "EUR")!.points).toEqual([
      { day: "2026-11-20", amount: "1100.00" },
      { day: "2026-11-21", amount: "1150.50" },
    ]);
    expect((await getBalances(other, {}, 90, NOW)).current).toEqual([]);
    // the filter goes through its schema like the other monitoring reads: an over-long id is refused, not cut short
    const refused = await errorOf(getBalances(admin, { program: `${p1}${"x".repeat(64)}` }, 90, NOW));
    expect([refused.code, refused.field, refused.message]).toEqual(["VALIDATION", "program", "Not a program id."]);
  });
});

describe("CSV export", () => {
  it("streams every row with formula injection neutralised and quotes escaped", async () => {
    await ingestTransactions(operator, [
      txn(p1, {
        merchantName: '=HYPERLINK("http://evil")',
        reference: "+cmd|' /C calc'!A0",
        createdAt: "2026-11-02T08:00:00Z",
      }),
      txn(p1, { merchantName: 'Café, "Le"\nParis', reference: "@SUM(1)", createdAt: "2026-11-02T08:01:00Z" }),
      txn(p1, { merchantName: "-2+3", reference: "plain", createdAt: "2026-11-02T08:02:00Z" }),
    ]);
    const stream = csvStreamBatches(
      TRANSACTION_CSV_HEADER,
      iterateTransactionPages(admin, { from: "2026-11-02", to: "2026-11-02" }, 2),
      transactionCsvRow,
    );
    const text = await new Response(stream).text();
    const expected = await db.transaction.count({
      where: {
        tenantId: admin.tenantId!,
        createdAt: { gte: new Date("2026-11-02T00:00:00Z"), lt: new Date("2026-11-03T00:00:00Z") },
      },
    });
    expect(text.startsWith("id,created_at,program_id,program,type,status,amount")).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain("'+cmd|' /C calc'!A0");
    expect(text).toContain(`"Café, ""Le""\nParis"`);
    expect(text).toContain("'@SUM(1)");
    expect(text).toContain("'-2+3");
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(expected + 1);
  });
});

describe("demo generator", () => {
  it("fills every Program through ingestion, with totals in step", async () => {
    const t = await makeTenant();
    const op = await makeCtx("axys_operator", { tenantId: t.id });
    const a = await makeCtx("tenant_admin", { tenantId: t.id });
    await makeProgram(a, { baseCurrency: "GBP" });
    await makeProgram(a, { baseCurrency: "USD" });
    const r = await generateDemoTransactions(op, { count: 1500, days: 10, batch: 1200, now: NOW });
    expect(r.transactions.inserted).toBe(1500);
    expect(await db.transaction.count({ where: { tenantId: t.id } })).toBe(1500);
    const daily = await db.transactionDaily.aggregate({ where: { tenantId: t.id }, _sum: { count: true } });
    expect(daily._sum.count).toBe(1500);
    const o = await getOverview(a, { from: "2026-11-20", to: "2026-11-30" }, NOW);
    expect(o.count).toBe(1500);
    expect((await getBalances(a, {}, 90, NOW)).current.length).toBeGreaterThanOrEqual(2);
    expect((await errorOf(generateDemoTransactions(op, { count: 0 }))).field).toBe("count");
  });
});
