import { ApiFault } from "@/lib/am-api/errors";
import { db, preparedStatement } from "@/lib/db";

/** Requests per API user per minute (AXYS_AM_RATE_LIMIT, default 600). */
export function rateLimitPerMinute(): number {
  const n = Number(process.env.AXYS_AM_RATE_LIMIT ?? 600);
  return Number.isInteger(n) && n > 0 ? n : 600;
}

export interface RateState {
  limit: number;
  remaining: number;
  /** seconds until the window resets */
  reset: number;
}

export const rateHeaders = (s: RateState): Record<string, string> => ({
  "ratelimit-limit": String(s.limit),
  "ratelimit-remaining": String(s.remaining),
  "ratelimit-reset": String(s.reset),
});

const countRequest = preparedStatement<{ count: number | bigint }>(
  "axys_rate_window_hit",
  `INSERT INTO "ApiRateWindow" ("apiUserId", "window", "count") VALUES (?, ?, 1)
  ON CONFLICT ("apiUserId", "window") DO UPDATE SET "count" = "ApiRateWindow"."count" + 1 RETURNING "count"`,
);

/**
 * Counts one request of an API user in the current minute, in the database (one atomic upsert, a prepared statement on the driver: it runs on every call), so the limit
 * holds across gateway processes and instances. Over the limit: 429 rate_limited with Retry-After.
 */
export async function hitRateLimit(apiUserId: string, now = new Date()): Promise<RateState> {
  const limit = rateLimitPerMinute();
  const window = Math.floor(now.getTime() / 60_000);
  const rows = await countRequest(apiUserId, window);
  const count = Number(rows[0].count);
  const reset = Math.max(1, Math.ceil(((window + 1) * 60_000 - now.getTime()) / 1000));
  const state = { limit, remaining: Math.max(0, limit - count), reset };
  if (count > limit)
    throw new ApiFault(
      429,
      "rate_limited",
      `Too many requests: at most ${limit} a minute for each API user. Retry after ${reset} s.`,
      { ...rateHeaders(state), "retry-after": String(reset) },
    );
  return state;
}

/** Removes windows older than the current one (the worker's housekeeping). */
export async function purgeRateWindows(now = new Date()): Promise<number> {
  return (await db.apiRateWindow.deleteMany({ where: { window: { lt: Math.floor(now.getTime() / 60_000) - 1 } } }))
    .count;
}
