import "server-only";
import Decimal from "decimal.js";
import type { Ctx } from "@/lib/auth/context";
import { containsInsensitive, db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { dayOf } from "@/lib/monitoring/ingest";
import {
  assetDecimals, CURSOR_PATTERN, overviewFilterSchema, TRANSACTION_STATUSES, transactionFilterSchema,
  type OverviewFilter, type TransactionFilter, type TransactionSort, type TransactionStatus, type TransactionType,
} from "@/lib/monitoring/schemas";
import { resolveMonitoringScope, scopeWhere, type MonitoringScope } from "@/lib/monitoring/scope";
import { maskCardholderRef } from "@/lib/partners/visibility";
import { CURRENCIES } from "@/lib/programs/currencies";
import { formatMinor } from "@/lib/programs/money";
import { parseInput } from "@/lib/validation";

const DAY_MS = 86_400_000;

export interface TransactionDto {
  id: string;
  programId: string;
  programName: string;
  type: TransactionType;
  status: TransactionStatus;
  /** decimal string in the currency's major unit */
  amount: string;
  currency: string;
  cardLast4: string;
  cardholderRef: string;
  /** null when hidden from a partner, or unknown */
  merchantName: string | null;
  merchantCategory: string | null;
  merchantCountry: string | null;
  reference: string;
  createdAt: Date;
}

export interface TransactionPage { transactions: TransactionDto[]; nextCursor: string | null; merchantShown: boolean }

/** The sort key column of each sort and its direction; every sort ends with the id, so the order is total. */
const SORTS: Record<TransactionSort, { key: "createdAt" | "amountNominal"; dir: "asc" | "desc" }> = {
  date_desc: { key: "createdAt", dir: "desc" }, date_asc: { key: "createdAt", dir: "asc" },
  amount_desc: { key: "amountNominal", dir: "desc" }, amount_asc: { key: "amountNominal", dir: "asc" },
};

type Position = { createdAt: Date; amountNominal: bigint; id: string };
/** Keyset cursor: the sort, the last row's sort key and its id. Opaque to users, validated on the way in. */
function encodeCursor(sort: TransactionSort, t: Position): string {
  return `${sort}~${SORTS[sort].key === "createdAt" ? t.createdAt.getTime() : t.amountNominal}~${t.id}`;
}
function decodeCursor(c: string, sort: TransactionSort): { key: Date | bigint; id: string } {
  const m = CURSOR_PATTERN.exec(c);
  if (!m || m[1] !== sort) throw new AppError("VALIDATION", "This page link is not valid any more: start from the first page.", "cursor");
  return { key: SORTS[sort].key === "createdAt" ? new Date(Number(m[2])) : BigInt(m[2]), id: m[3] };
}

/** Minor-unit bounds of a major-unit amount for one exponent: a minimum rounds up, a maximum down. */
function boundMinor(major: string, units: number, dir: "min" | "max"): bigint {
  const [whole, frac = ""] = major.split(".");
  const kept = BigInt(whole + frac.slice(0, units).padEnd(units, "0"));
  const dropped = /[1-9]/.test(frac.slice(units));
  return dir === "min" && dropped ? kept + 1n : kept;
}

/** The amount range as one condition per minor-unit exponent, each over the currencies that have it. */
function amountWhere(min?: string, max?: string) {
  if (!min && !max) return {};
  const byUnits = new Map<number, string[]>();
  for (const [code, c] of Object.entries(CURRENCIES)) byUnits.set(c.minorUnits, [...(byUnits.get(c.minorUnits) ?? []), code]);
  return {
    OR: [...byUnits].map(([units, codes]) => ({
      currency: { in: codes },
      amountMinor: { ...(min ? { gte: boundMinor(min, units, "min") } : {}), ...(max ? { lte: boundMinor(max, units, "max") } : {}) },
    })),
  };
}

function transactionWhere(s: MonitoringScope, f: TransactionFilter) {
  const and: object[] = [];
  if (f.q) {
    const q = f.q;
    and.push({ OR: [
      { id: q }, { reference: containsInsensitive(q) },
      ...(s.partner && !s.partner.includeMerchant ? [] : [{ merchantName: containsInsensitive(q) }]),
      ...(s.partner ? [] : [{ cardholderRef: q }]),
    ] });
  }
  if (f.min || f.max) and.push(amountWhere(f.min, f.max));
  if (f.cursor) {
    const c = decodeCursor(f.cursor, f.sort);
    const { key, dir } = SORTS[f.sort];
    // (key, id) after (c.key, c.id) in the sort's direction, written so the index seeks to the position: the plain
    // "a < x OR (a = x AND b < y)" made SQLite scan from the first row on every page (cost grew with depth)
    const [within, beyond] = dir === "desc" ? (["lte", "lt"] as const) : (["gte", "gt"] as const);
    and.push({ [key]: { [within]: c.key } }, { OR: [{ [key]: { [beyond]: c.key } }, { id: { [beyond]: c.id } }] });
  }
  return {
    ...scopeWhere(s),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}), ...(f.to ? { lt: new Date(Date.parse(`${f.to}T00:00:00Z`) + DAY_MS) } : {}) } } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(and.length ? { AND: and } : {}),
  };
}

/** The columns a page shows (not the bookkeeping ones): less for the driver and Prisma to map. */
const ROW_SELECT = {
  id: true, programId: true, type: true, status: true, amountMinor: true, currency: true, cardLast4: true, cardholderRef: true,
  merchantName: true, merchantCategory: true, merchantCountry: true, reference: true, createdAt: true, amountNominal: true,
} as const;
type Row = { [K in keyof typeof ROW_SELECT]: Awaited<ReturnType<typeof db.transaction.findFirstOrThrow>>[K] };

function toDto(s: MonitoringScope, r: Row): TransactionDto {
  const hideMerchant = !!s.partner && !s.partner.includeMerchant;
  return {
    id: r.id, programId: r.programId, programName: s.programNames.get(r.programId) ?? r.programId,
    type: r.type as TransactionType, status: r.status as TransactionStatus,
    amount: formatMinor(r.amountMinor, r.currency), currency: r.currency, cardLast4: r.cardLast4,
    cardholderRef: s.partner ? maskCardholderRef(r.cardholderRef) : r.cardholderRef,
    merchantName: hideMerchant ? null : r.merchantName, merchantCategory: hideMerchant ? null : r.merchantCategory,
    merchantCountry: hideMerchant ? null : r.merchantCountry, reference: r.reference, createdAt: r.createdAt,
  };
}

async function pageOf(s: MonitoringScope, f: TransactionFilter, limit: number): Promise<TransactionPage> {
  const { key, dir } = SORTS[f.sort];
  const rows = await db.transaction.findMany({
    where: transactionWhere(s, f),
    orderBy: [{ [key]: dir }, { id: dir }],
    take: limit + 1,
    select: ROW_SELECT,
  });
  const shown = rows.slice(0, limit);
  return {
    transactions: shown.map((r) => toDto(s, r)),
    nextCursor: rows.length > limit ? encodeCursor(f.sort, shown[shown.length - 1]) : null,
    merchantShown: !s.partner || s.partner.includeMerchant,
  };
}

/**
 * Transactions filtered, in the chosen order (newest first by default, or by date or amount either way),
 * keyset-paginated by (sort key, id): no OFFSET, so a deep page costs what the first does and rows arriving
 * meanwhile neither repeat nor skip entries. `limit` defaults to the filter's page size (25, 50 or 100).
 * Partners (when their Tenant exposed individual transactions) get their Program only, the
 * cardholder reference masked and merchant details only when exposed.
 */
export async function listTransactions(ctx: Ctx, filter: unknown, limit?: number): Promise<TransactionPage> {
  const f = parseInput(transactionFilterSchema, filter);
  const s = await resolveMonitoringScope(ctx, "transaction_list", f.program);
  return pageOf(s, f, Math.min(Math.max(limit ?? f.size, 1), 500));
}

/** Above this many matching rows the list says "more than 10,000" instead of counting on (a count reads every match). */
export const COUNT_CAP = 10_000;

/**
 * How many transactions match the filters (the cursor and page size aside): exact up to COUNT_CAP, else
 * `{ count: COUNT_CAP, capped: true }`. The same `where` as the list and the export, so the three agree.
 */
export async function countTransactions(ctx: Ctx, filter: unknown, cap = COUNT_CAP): Promise<{ count: number; capped: boolean }> {
  const f = parseInput(transactionFilterSchema, filter);
  const s = await resolveMonitoringScope(ctx, "transaction_list", f.program);
  const { key, dir } = SORTS[f.sort];
  // the list's order, so the count walks the list's index: with `take`, Prisma otherwise orders the capped subquery
  // by the primary key (tenantId, id), and SQLite walked the whole Tenant in that order (250 ms at 1M rows)
  const n = await db.transaction.count({ where: transactionWhere(s, { ...f, cursor: undefined }), orderBy: [{ [key]: dir }, { id: dir }], take: cap + 1 });
  return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
}

/** Every matching transaction in keyset pages, in the filter's order, fetched lazily (one page per pull), for the streaming CSV export. */
export async function* iterateTransactionPages(ctx: Ctx, filter: unknown, batch = 5000): AsyncGenerator<TransactionDto[]> {
  const f = parseInput(transactionFilterSchema, filter);
  const s = await resolveMonitoringScope(ctx, "transaction_list", f.program);
  let cursor = f.cursor;
  for (;;) {
    const page = await pageOf(s, { ...f, cursor }, batch);
    if (page.transactions.length) yield page.transactions;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

export interface TransactionDetailDto extends TransactionDto {
  environment: string;
  merchantShown: boolean;
  ingestedAt: Date;
  updatedAt: Date;
  /** oldest first: the status it arrived with (at its createdAt), then each move ingestion stored (at the time it stored it) */
  history: { status: TransactionStatus; from: TransactionStatus | null; at: Date }[];
}

/**
 * One transaction with its status history, for the detail page. The same scope as the list: the caller's
 * Tenant and environment, and for a partner only its Program and only when individual transactions are
 * exposed (masked like the list). Anything else, another Tenant's id included, answers NOT_FOUND.
 */
export async function getTransaction(ctx: Ctx, id: unknown): Promise<TransactionDetailDto> {
  const s = await resolveMonitoringScope(ctx, "transaction_list");
  const txId = typeof id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
  if (!txId) throw notFound("Transaction");
  const row = await db.transaction.findFirst({ where: { ...scopeWhere(s), id: txId }, select: { ...ROW_SELECT, ingestedAt: true, updatedAt: true } });
  if (!row) throw notFound("Transaction");
  const changes = await db.transactionStatusChange.findMany({
    where: { tenantId: s.tenantId, transactionId: row.id }, orderBy: [{ changedAt: "asc" }, { id: "asc" }],
    select: { fromStatus: true, toStatus: true, changedAt: true },
  });
  const first = (changes[0]?.fromStatus ?? row.status) as TransactionStatus;
  return {
    ...toDto(s, row), environment: s.environment, merchantShown: !s.partner || s.partner.includeMerchant, ingestedAt: row.ingestedAt, updatedAt: row.updatedAt,
    history: [
      { status: first, from: null, at: row.createdAt },
      ...changes.map((c) => ({ status: c.toStatus as TransactionStatus, from: c.fromStatus as TransactionStatus, at: c.changedAt })),
    ],
  };
}

export const TRANSACTION_CSV_HEADER = ["id", "created_at", "program_id", "program", "type", "status", "amount", "currency", "card_last4", "cardholder_ref", "merchant", "mcc", "merchant_country", "reference"];
export const transactionCsvRow = (t: TransactionDto): unknown[] => [
  t.id, t.createdAt, t.programId, t.programName, t.type, t.status, t.amount, t.currency, t.cardLast4, t.cardholderRef,
  t.merchantName, t.merchantCategory, t.merchantCountry, t.reference,
];

type StatusTotals = Record<TransactionStatus, { count: number; amount: string }>;
export interface CurrencyTotals { currency: string; count: number; /** completed only */ volume: string; byStatus: StatusTotals }
export interface OverviewDto {
  from: string;
  to: string;
  count: number;
  byStatus: Record<TransactionStatus, number>;
  currencies: CurrencyTotals[];
  /** one entry per day of the range, oldest first: completed volume per currency and the count of every status */
  series: { day: string; count: number; volume: Record<string, string> }[];
  programs: { programId: string; name: string; count: number; volume: Record<string, string> }[];
}

/**
 * The range of an overview: the given days, or 30 days ending today (UTC); a start alone runs 30 days
 * from it (at most to today, or the start itself), an end alone the 30 days before it. At most 366 days.
 */
function rangeOf(f: OverviewFilter, now: Date): { from: string; to: string } {
  const shift = (day: string, days: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
  const today = dayOf(now);
  const to = f.to ?? (f.from ? [shift(f.from, 29), today].sort()[0] : today);
  const from = f.from ?? shift(to, -29);
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS > 366) throw new AppError("VALIDATION", "Choose a range of at most 366 days.", "from");
  return { from, to: to < from ? from : to };
}

/**
 * Totals, by status and per currency, and daily volume over a date range, from the daily totals
 * (never a scan of the transactions). Volume counts completed transactions only.
 */
export async function getOverview(ctx: Ctx, filter: unknown, now = new Date()): Promise<OverviewDto> {
  const f = parseInput(overviewFilterSchema, filter);
  const s = await resolveMonitoringScope(ctx, "transactions", f.program);
  const { from, to } = rangeOf(f, now);
  // two small GROUP BYs over the daily totals: by day (series, totals) and by Program
  const where = { ...scopeWhere(s), day: { gte: from, lte: to } };
  const sum = { _sum: { count: true, amountMinor: true } } as const;
  const [byDay, byProgram] = await Promise.all([
    db.transactionDaily.groupBy({ by: ["day", "currency", "status"], where, ...sum }),
    db.transactionDaily.groupBy({ by: ["programId", "currency", "status"], where, ...sum }),
  ]);

  const zero = (): StatusTotals => Object.fromEntries(TRANSACTION_STATUSES.map((st) => [st, { count: 0, amount: "0" }])) as StatusTotals;
  const currencies = new Map<string, { count: number; byStatus: Record<string, { count: number; minor: bigint }> }>();
  const days = new Map<string, { count: number; volume: Map<string, bigint> }>();
  const programs = new Map<string, { count: number; volume: Map<string, bigint> }>();
  const byStatus = Object.fromEntries(TRANSACTION_STATUSES.map((st) => [st, 0])) as Record<TransactionStatus, number>;
  let count = 0;
  const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
  for (const r of byDay) {
    const n = r._sum.count ?? 0;
    const minor = r._sum.amountMinor ?? 0n;
    count += n;
    byStatus[r.status as TransactionStatus] += n;
    const c = currencies.get(r.currency) ?? { count: 0, byStatus: {} };
    c.count += n;
    const cs = (c.byStatus[r.status] ??= { count: 0, minor: 0n });
    cs.count += n;
    cs.minor += minor;
    currencies.set(r.currency, c);
    const d = days.get(r.day) ?? { count: 0, volume: new Map() };
    d.count += n;
    if (r.status === "completed") add(d.volume, r.currency, minor);
    days.set(r.day, d);
  }
  for (const r of byProgram) {
    const p = programs.get(r.programId) ?? { count: 0, volume: new Map() };
    p.count += r._sum.count ?? 0;
    if (r.status === "completed") add(p.volume, r.currency, r._sum.amountMinor ?? 0n);
    programs.set(r.programId, p);
  }
  const fmt = (m: Map<string, bigint>) => Object.fromEntries([...m].sort().map(([cur, v]) => [cur, formatMinor(v, cur)]));
  const series: OverviewDto["series"] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    const day = dayOf(new Date(t));
    const d = days.get(day);
    series.push({ day, count: d?.count ?? 0, volume: d ? fmt(d.volume) : {} });
  }
  return {
    from, to, count, byStatus, series,
    currencies: [...currencies].sort((a, b) => b[1].count - a[1].count).map(([currency, c]) => {
      const st = zero();
      for (const [k, v] of Object.entries(c.byStatus)) st[k as TransactionStatus] = { count: v.count, amount: formatMinor(v.minor, currency) };
      return { currency, count: c.count, volume: st.completed.amount, byStatus: st };
    }),
    programs: [...new Set([...s.programNames.keys(), ...programs.keys()])]
      .map((programId) => ({ programId, name: s.programNames.get(programId) ?? programId, count: programs.get(programId)?.count ?? 0, volume: fmt(programs.get(programId)?.volume ?? new Map()) }))
      .sort((a, b) => b.count - a.count),
  };
}

export interface BalanceDto { programId: string; programName: string; asset: string; amount: string; asOf: Date }
export interface BalancesDto {
  /** the latest balance of each Program and asset */
  current: BalanceDto[];
  /**
   * per asset, the sum over the covered Programs of each day's closing balance, oldest first: one point per
   * day with a snapshot, a Program without one that day counted at its previous balance (also from before the window)
   */
  history: { asset: string; points: { day: string; amount: string }[] }[];
}

/** Balances per Program and asset: the latest of each, and their history over `days` days (default 90). */
export async function getBalances(ctx: Ctx, filter: { program?: string } = {}, days = 90, now = new Date()): Promise<BalancesDto> {
  const program = filter.program ? String(filter.program).slice(0, 64) : undefined;
  const s = await resolveMonitoringScope(ctx, "balances", program);
  const since = new Date(now.getTime() - days * DAY_MS);
  const where = scopeWhere(s);
  const [recent, latestTimes] = await Promise.all([
    db.balanceSnapshot.findMany({ where: { ...where, asOf: { gte: since } }, orderBy: { asOf: "asc" } }),
    db.balanceSnapshot.groupBy({ by: ["programId", "asset"], where, _max: { asOf: true } }),
  ]);
  // the last snapshot before the window of each (program, asset), so the first days' sums are complete
  const carryTimes = await db.balanceSnapshot.groupBy({ by: ["programId", "asset"], where: { ...where, asOf: { lt: since } }, _max: { asOf: true } });
  const carryIn = carryTimes.length
    ? await db.balanceSnapshot.findMany({ where: { ...where, OR: carryTimes.map((l) => ({ programId: l.programId, asset: l.asset, asOf: l._max.asOf! })) } })
    : [];
  const latest = latestTimes.length
    ? await db.balanceSnapshot.findMany({ where: { ...where, OR: latestTimes.map((l) => ({ programId: l.programId, asset: l.asset, asOf: l._max.asOf! })) } })
    : [];
  const current = latest
    .map((b) => ({ programId: b.programId, programName: s.programNames.get(b.programId) ?? b.programId, asset: b.asset, amount: b.amount, asOf: b.asOf }))
    .sort((a, b) => a.programName.localeCompare(b.programName) || a.asset.localeCompare(b.asset));

  // history: each day's last snapshot per (program, asset), carried forward, summed per asset
  const perAsset = new Map<string, Map<string, Map<string, string>>>(); // asset -> day -> program -> amount
  for (const b of recent) {
    const byDay = perAsset.get(b.asset) ?? new Map();
    const day = dayOf(b.asOf);
    const m = byDay.get(day) ?? new Map();
    m.set(b.programId, b.amount);
    byDay.set(day, m);
    perAsset.set(b.asset, byDay);
  }
  for (const b of carryIn) if (!perAsset.has(b.asset)) perAsset.set(b.asset, new Map());
  const history = [...perAsset].sort(([a], [b]) => a.localeCompare(b)).map(([asset, byDay]) => {
    const carried = new Map<string, string>(carryIn.filter((b) => b.asset === asset).map((b) => [b.programId, b.amount]));
    const points = [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, m]) => {
      for (const [p, amt] of m) carried.set(p, amt);
      const sum = [...carried.values()].reduce((acc, v) => acc.plus(v), new Decimal(0));
      return { day, amount: sum.toFixed(assetDecimals(asset) ?? 2) };
    });
    return { asset, points };
  });
  return { current, history };
}
