import "server-only";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { dayOf } from "@/lib/monitoring/ingest";
import {
  DAY_MS,
  overviewFilterSchema,
  TRANSACTION_STATUSES,
  type OverviewFilter,
  type TransactionStatus,
} from "@/lib/monitoring/schemas";
import { resolveMonitoringScope, scopeWhere } from "@/lib/monitoring/scope";
import { formatMinor } from "@/lib/core/money";
import { parseInput } from "@/lib/validation";

type StatusTotals = Record<TransactionStatus, { count: number; amount: string }>;
export interface CurrencyTotals {
  currency: string;
  count: number;
  /** completed only */ volume: string;
  byStatus: StatusTotals;
}
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
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS > 366)
    throw new AppError("VALIDATION", "Choose a range of at most 366 days.", "from");
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

  const zero = (): StatusTotals =>
    Object.fromEntries(TRANSACTION_STATUSES.map((st) => [st, { count: 0, amount: "0" }])) as StatusTotals;
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
  const fmt = (m: Map<string, bigint>) =>
    Object.fromEntries([...m].sort().map(([cur, v]) => [cur, formatMinor(v, cur)]));
  const series: OverviewDto["series"] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    const day = dayOf(new Date(t));
    const d = days.get(day);
    series.push({ day, count: d?.count ?? 0, volume: d ? fmt(d.volume) : {} });
  }
  return {
    from,
    to,
    count,
    byStatus,
    series,
    currencies: [...currencies]
      .sort((a, b) => b[1].count - a[1].count)
      .map(([currency, c]) => {
        const st = zero();
        for (const [k, v] of Object.entries(c.byStatus))
          st[k as TransactionStatus] = { count: v.count, amount: formatMinor(v.minor, currency) };
        return { currency, count: c.count, volume: st.completed.amount, byStatus: st };
      }),
    programs: [...new Set([...s.programNames.keys(), ...programs.keys()])]
      .map((programId) => ({
        programId,
        name: s.programNames.get(programId) ?? programId,
        count: programs.get(programId)?.count ?? 0,
        volume: fmt(programs.get(programId)?.volume ?? new Map()),
      }))
      .sort((a, b) => b.count - a.count),
  };
}
