import "server-only";
import Decimal from "decimal.js";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { dayOf } from "@/lib/monitoring/ingest";
import { assetDecimals, balanceFilterSchema, DAY_MS } from "@/lib/monitoring/schemas";
import { resolveMonitoringScope, scopeWhere } from "@/lib/monitoring/scope";
import { parseInput } from "@/lib/validation";

export interface BalanceDto {
  programId: string;
  programName: string;
  asset: string;
  amount: string;
  asOf: Date;
}
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
export async function getBalances(ctx: Ctx, filter: unknown = {}, days = 90, now = new Date()): Promise<BalancesDto> {
  const { program } = parseInput(balanceFilterSchema, filter);
  const s = await resolveMonitoringScope(ctx, "balances", program);
  const since = new Date(now.getTime() - days * DAY_MS);
  const where = scopeWhere(s);
  const [recent, latestTimes] = await Promise.all([
    db.balanceSnapshot.findMany({ where: { ...where, asOf: { gte: since } }, orderBy: { asOf: "asc" } }),
    db.balanceSnapshot.groupBy({ by: ["programId", "asset"], where, _max: { asOf: true } }),
  ]);
  // the last snapshot before the window of each (program, asset), so the first days' sums are complete
  const carryTimes = await db.balanceSnapshot.groupBy({
    by: ["programId", "asset"],
    where: { ...where, asOf: { lt: since } },
    _max: { asOf: true },
  });
  const carryIn = carryTimes.length
    ? await db.balanceSnapshot.findMany({
        where: {
          ...where,
          OR: carryTimes.map((l) => ({ programId: l.programId, asset: l.asset, asOf: l._max.asOf! })),
        },
      })
    : [];
  const latest = latestTimes.length
    ? await db.balanceSnapshot.findMany({
        where: {
          ...where,
          OR: latestTimes.map((l) => ({ programId: l.programId, asset: l.asset, asOf: l._max.asOf! })),
        },
      })
    : [];
  const current = latest
    .map((b) => ({
      programId: b.programId,
      programName: s.programNames.get(b.programId) ?? b.programId,
      asset: b.asset,
      amount: b.amount,
      asOf: b.asOf,
    }))
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
  const history = [...perAsset]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([asset, byDay]) => {
      const carried = new Map<string, string>(
        carryIn.filter((b) => b.asset === asset).map((b) => [b.programId, b.amount]),
      );
      const points = [...byDay]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, m]) => {
          for (const [p, amt] of m) carried.set(p, amt);
          const sum = [...carried.values()].reduce((acc, v) => acc.plus(v), new Decimal(0));
          return { day, amount: sum.toFixed(assetDecimals(asset) ?? 2) };
        });
      return { asset, points };
    });
  return { current, history };
}
