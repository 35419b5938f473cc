import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { parseListParams } from "@/lib/list-params";
import { ingestTransactions, toNominal } from "@/lib/monitoring/ingest";
import {
  TRANSACTION_FILTER_KEYS,
  TRANSACTION_SORTS,
  transactionFilterSchema,
  type TransactionInput,
  type TransactionSort,
} from "@/lib/monitoring/schemas";
import {
  countTransactions,
  getTransaction,
  iterateTransactionPages,
  listTransactions,
} from "@/lib/monitoring/transactions";
import { setPartnerVisibility } from "@/lib/partners/service";
import { appErrorOf as errorOf } from "@/lib/testing/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

let admin: Ctx, operator: Ctx, partner: Ctx, other: Ctx, otherOperator: Ctx;
let p1: string, p2: string, otherProgram: string;
const inputs: TransactionInput[] = [];

const CURRENCIES = [
  ["EUR", "12.50"],
  ["BHD", "12.5"],
  ["JPY", "13"],
  ["EUR", "12.49"],
  ["KWD", "12.501"],
  ["EUR", "100.00"],
] as const;

beforeAll(async () => {
  const [a, b] = [await makeTenant(), await makeTenant()];
  admin = await makeCtx("tenant_admin", { tenantId: a.id });
  operator = await makeCtx("axys_operator", { tenantId: a.id });
  p1 = (await makeProgram(admin, { baseCurrency: "EUR" })).id;
  p2 = (await makeProgram(admin, { baseCurrency: "EUR" })).id;
  partner = await makeCtx("partner_viewer", { tenantId: a.id, programId: p1 });
  other = await makeCtx("tenant_admin", { tenantId: b.id });
  otherOperator = await makeCtx("axys_operator", { tenantId: b.id });
  otherProgram = (await makeProgram(other)).id;
  // many ties on purpose: 4 rows share each createdAt and amounts repeat across currencies, so only the id
  // decides between them and a cursor that dropped it would skip or repeat rows at page boundaries
  for (let i = 0; i < 48; i++) {
    const [currency, amount] = CURRENCIES[i % CURRENCIES.length];
    inputs.push({
      id: `tx_${String(i).padStart(3, "0")}`,
      programId: i % 3 === 0 ? p2 : p1,
      type: i % 2 ? "purchase" : "refund",
      status: i % 4 === 0 ? "pending" : "completed",
      amount,
      currency,
      cardLast4: "4242",
      cardholderRef: `holder_${i % 5}`,
      merchantName: "Corner Shop",
      merchantCategory: "5411",
      merchantCountry: "DE",
      reference: `ref-${i}`,
      createdAt: new Date(Date.UTC(2026, 10, 1 + Math.floor(i / 4), 9)).toISOString(),
    });
  }
  await ingestTransactions(operator, inputs);
  // the same id in another tenant: ids are per tenant, and the detail must show each tenant its own row
  await ingestTransactions(otherOperator, [
    { ...inputs[5], programId: otherProgram, amount: "999.00", currency: "EUR", reference: "other-tenant" },
  ]);
});

describe("list search params", () => {
  const parse = (raw: URLSearchParams | Record<string, string | string[] | undefined>) =>
    parseListParams(transactionFilterSchema, TRANSACTION_FILTER_KEYS, raw);

  it("gives valid filters with their defaults, and the query for links without the cursor", () => {
    const p = parse(
      new URLSearchParams("status=completed&min=10&sort=amount_asc&cursor=amount_asc~12500~tx_001&utm=x"),
    );
    expect(p.ok).toBe(true);
    expect(p.filter).toMatchObject({
      status: "completed",
      min: "10",
      sort: "amount_asc",
      size: 25,
      cursor: "amount_asc~12500~tx_001",
    });
    expect(p.query.toString()).toBe("status=completed&min=10&sort=amount_asc");
    expect(parse({}).filter).toMatchObject({ sort: "date_desc", size: 25 });
  });

  it("gives the errors and no filter at all when any filter is invalid (the valid ones are not applied alone)", () => {
    const p = parse({ status: "completed", type: "purchase", min: "12,5", max: "20" });
    expect(p).toMatchObject({ ok: false, filter: null, errors: { min: "Enter an amount like 25 or 25.00." } });
    expect(p.values).toMatchObject({ status: "completed", type: "purchase", min: "12,5" });
    expect(parse({ min: "50", max: "5" }).errors).toEqual({ max: "The maximum is below the minimum." });
    expect(parse({ size: "1000" }).errors).toEqual({ size: "Show 25, 50, 100 rows a page." });
    expect(parse({ sort: "merchant" }).errors?.sort).toMatch(/^Sort by date_desc/);
    // a key given twice is refused, not silently resolved to one of its values
    expect(parse(new URLSearchParams("status=completed&status=declined")).errors?.status).toMatch(/Give status once/);
    expect(parse({ status: ["completed", "declined"] }).ok).toBe(false);
    // a cursor of another sort would be misread as a position in this one
    expect(parse({ sort: "amount_desc", cursor: "date_desc~1700000000000~tx_001" }).errors?.cursor).toMatch(
      /not valid any more/,
    );
  });
});

/** Every page of a list, through the public API. */
async function walk(ctx: Ctx, filter: Record<string, string>, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listTransactions(ctx, { ...filter, cursor }, limit);
    ids.push(...page.transactions.map((t) => t.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("more than 100 pages: the cursor does not advance");
}

/** The order each sort promises, computed from the inputs: the sort key, then the id, in the sort's direction. */
function expectedOrder(sort: TransactionSort, rows: TransactionInput[]): string[] {
  const key = (t: TransactionInput) =>
    sort.startsWith("date") ? BigInt(Date.parse(String(t.createdAt))) : toNominal(t.amount);
  const sign = sort.endsWith("desc") ? -1 : 1;
  return [...rows]
    .sort((a, b) => sign * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1))
    .map((t) => t.id);
}

describe("sorting and keyset paging", () => {
  it("compares amounts in major units whatever the currency's minor units", () => {
    expect(toNominal("12.50")).toBe(toNominal("12.5"));
    expect(toNominal("12.501")).toBe(12_501n);
    expect(toNominal("13")).toBe(13_000n);
  });

  for (const sort of TRANSACTION_SORTS) {
    it(`${sort}: every row exactly once, in order, whatever the page size`, async () => {
      const expected = expectedOrder(sort, inputs);
      for (const size of [1, 3, 4, 7, 25])
        expect(await walk(admin, { sort }, size), `page size ${size}`).toEqual(expected);
      const filtered = expectedOrder(
        sort,
        inputs.filter((t) => t.programId === p1 && t.status === "completed"),
      );
      expect(filtered.length).toBeGreaterThan(10);
      expect(await walk(admin, { sort, program: p1, status: "completed" }, 4)).toEqual(filtered);
    });
  }

  it("sorts the export like the page, and refuses a cursor of another sort", async () => {
    const exported: string[] = [];
    for await (const batch of iterateTransactionPages(admin, { sort: "amount_desc", program: p1 }, 5))
      exported.push(...batch.map((t) => t.id));
    expect(exported).toEqual(
      expectedOrder(
        "amount_desc",
        inputs.filter((t) => t.programId === p1),
      ),
    );
    const first = await listTransactions(admin, { sort: "date_asc" }, 5);
    expect((await errorOf(listTransactions(admin, { sort: "amount_asc", cursor: first.nextCursor! }))).field).toBe(
      "cursor",
    );
  });

  it("shows the page size asked for: 25, 50 or 100", async () => {
    expect((await listTransactions(admin, { size: "25" })).transactions).toHaveLength(25);
    expect((await listTransactions(admin, { size: "100" })).transactions).toHaveLength(48);
    expect((await errorOf(listTransactions(admin, { size: "10" }))).field).toBe("size");
  });
});

describe("count", () => {
  it("agrees with the list and the export for the same filters, and stops at the cap", async () => {
    const filter = { program: p1, min: "12.5", max: "13" };
    const listed = await walk(admin, filter, 4);
    let exported = 0;
    for await (const batch of iterateTransactionPages(admin, filter, 3)) exported += batch.length;
    expect(listed.length).toBeGreaterThan(5);
    expect(await countTransactions(admin, filter)).toEqual({ count: listed.length, capped: false });
    expect(exported).toBe(listed.length);
    // the cursor does not change the total
    const second = await listTransactions(admin, filter, 2);
    expect(await countTransactions(admin, { ...filter, cursor: second.nextCursor! })).toEqual({
      count: listed.length,
      capped: false,
    });
    expect(await countTransactions(admin, {}, 48)).toEqual({ count: 48, capped: false });
    expect(await countTransactions(admin, {}, 47)).toEqual({ count: 47, capped: true });
    expect(await countTransactions(other, {})).toEqual({ count: 1, capped: false });
    expect((await errorOf(countTransactions(admin, { min: "x" }))).field).toBe("min");
  });
});

describe("transaction detail", () => {
  it("shows every field and the status history ingestion wrote", async () => {
    const t = inputs.find((i) => i.status === "pending" && i.programId === p1)!;
    await ingestTransactions(operator, [{ ...t, status: "completed" }]);
    await ingestTransactions(operator, [{ ...t, status: "completed" }]); // unchanged: no history entry
    await ingestTransactions(operator, [{ ...t, status: "reversed" }]);
    const d = await getTransaction(admin, t.id);
    expect(d).toMatchObject({
      id: t.id,
      programId: p1,
      status: "reversed",
      amount: t.amount,
      currency: t.currency,
      cardholderRef: t.cardholderRef,
      merchantName: "Corner Shop",
      merchantCategory: "5411",
      merchantCountry: "DE",
      reference: t.reference,
      environment: "production",
      merchantShown: true,
    });
    expect(d.history.map((h) => [h.from, h.status])).toEqual([
      [null, "pending"],
      ["pending", "completed"],
      ["completed", "reversed"],
    ]);
    expect(d.history[0].at).toEqual(new Date(String(t.createdAt)));
    expect(await db.transactionStatusChange.count({ where: { transactionId: t.id } })).toBe(2);
    // one that never moved: its current status only
    expect((await getTransaction(admin, inputs[1].id)).history.map((h) => h.status)).toEqual([inputs[1].status]);
  });

  it("answers NOT_FOUND outside the reader's scope: another tenant, another environment, a hidden or other program", async () => {
    const mine = inputs[5];
    // the other tenant has a row with the same id: each tenant sees its own, never the other's
    expect((await getTransaction(other, mine.id)).reference).toBe("other-tenant");
    expect((await getTransaction(admin, mine.id)).reference).toBe(mine.reference);
    expect((await errorOf(getTransaction(other, inputs[6].id))).code).toBe("NOT_FOUND");
    expect(
      (
        await errorOf(
          getTransaction(await makeCtx("tenant_admin", { tenantId: admin.tenantId, environment: "staging" }), mine.id),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect((await errorOf(getTransaction(admin, "../etc/passwd"))).code).toBe("NOT_FOUND");
    expect((await errorOf(getTransaction(admin, "missing"))).code).toBe("NOT_FOUND");

    const own = inputs.find((i) => i.programId === p1)!;
    const elsewhere = inputs.find((i) => i.programId === p2)!;
    expect((await errorOf(getTransaction(partner, own.id))).code).toBe("NOT_FOUND"); // nothing exposed yet
    await setPartnerVisibility(admin, {
      programId: p1,
      exposeTransactions: true,
      includeMerchant: false,
      exposeBalances: false,
      granularity: "daily",
    });
    expect((await errorOf(getTransaction(partner, own.id))).code).toBe("NOT_FOUND"); // daily aggregates only
    await setPartnerVisibility(admin, {
      programId: p1,
      exposeTransactions: true,
      includeMerchant: false,
      exposeBalances: false,
      granularity: "individual",
    });
    const seen = await getTransaction(partner, own.id);
    expect(seen).toMatchObject({
      id: own.id,
      merchantName: null,
      merchantCategory: null,
      merchantCountry: null,
      merchantShown: false,
    });
    expect(seen.cardholderRef).toMatch(/^••••/);
    expect((await errorOf(getTransaction(partner, elsewhere.id))).code).toBe("NOT_FOUND");
  });
});
