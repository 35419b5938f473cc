import { randomUUID } from "node:crypto";
import { db, onPostgres, preparedStatement, sqliteTimestamp } from "@/lib/db";
import { errorInfo, log } from "@/lib/log/logger";

/** How long the request log keeps a call. */
export const REQUEST_LOG_RETENTION_MS = 30 * 24 * 60 * 60_000;

export interface LoggedCall {
  tenantId: string;
  apiUserId: string;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  ip: string | null;
  requestId: string;
  idempotencyKey: string | null;
  errorCode: string | null;
  at: Date;
}

const row = (c: LoggedCall) => ({
  tenantId: c.tenantId,
  apiUserId: c.apiUserId,
  method: c.method.slice(0, 10),
  path: c.path.slice(0, 300),
  status: c.status,
  latencyMs: Math.max(0, Math.round(c.latencyMs)),
  ip: c.ip?.slice(0, 64) ?? null,
  requestId: c.requestId,
  idempotencyKey: c.idempotencyKey?.slice(0, 255) ?? null,
  errorCode: c.errorCode?.slice(0, 60) ?? null,
  createdAt: c.at,
});

/** One line of an API user's request log, written now: never a body, a query string, a header or a secret. */
export async function logApiCall(c: LoggedCall): Promise<void> {
  await db.apiRequestLog.create({ data: row(c) });
}

/** Lines wait at most this long before they are written (one multi-row insert for all of them). */
export const REQUEST_LOG_FLUSH_MS = 100;
const FLUSH_AT_LINES = 500;
/** Lines kept while the database refuses them (beyond, the oldest are dropped, counted in an error log line). */
const MAX_PENDING_LINES = 20_000;
/** A line the database refuses this many times on its own (not merely in a failed batch) is dropped, logged. */
const MAX_ATTEMPTS = 5;

type Line = { data: ReturnType<typeof row>; attempts: number };
let pending: Line[] = [];
let timer: NodeJS.Timeout | null = null;
let flushing: Promise<void> | null = null;

/**
 * Queues one line of the request log (the gateway's path): the lines of REQUEST_LOG_FLUSH_MS are written together
 * in one insert, off the request's path, which costs a fraction of one insert per call. The gateway flushes on
 * close (SIGTERM, SIGINT). When the batch fails, its lines are written one by one and those that still fail are
 * retried a second later (up to MAX_ATTEMPTS each). What a crash (SIGKILL, power loss) can lose is the last
 * REQUEST_LOG_FLUSH_MS of lines: the request log is a debugging aid, while every mutation's audit event is written
 * in the mutation's own transaction.
 */
export function queueApiCall(c: LoggedCall): void {
  pending.push({ data: row(c), attempts: 0 });
  if (pending.length >= FLUSH_AT_LINES) void flushApiRequestLog();
  else timer ??= setTimeout(() => void flushApiRequestLog(), REQUEST_LOG_FLUSH_MS);
}

const COLUMNS = [
  "tenantId",
  "apiUserId",
  "method",
  "path",
  "status",
  "latencyMs",
  "ip",
  "requestId",
  "idempotencyKey",
  "errorCode",
  "createdAt",
] as const satisfies (keyof ReturnType<typeof row>)[];
const TYPES: Record<(typeof COLUMNS)[number], string> = {
  ...(Object.fromEntries(COLUMNS.map((c) => [c, "text"])) as Record<(typeof COLUMNS)[number], string>),
  status: "integer",
  latencyMs: "integer",
  createdAt: "timestamp(3)",
};
const INTO = `INSERT INTO "ApiRequestLog" ("id", ${COLUMNS.map((c) => `"${c}"`).join(", ")})`;
/**
 * A batch in one statement whose rows are one JSON parameter, expanded by the database (json_each /
 * json_to_recordset): prepared once, where Prisma's createMany spends its time on each of the 12 values of a line.
 */
const insertLines = preparedStatement<never>("axys_request_log_insert", {
  sqlite: `${INTO} SELECT json_extract(value, '$.id'), ${COLUMNS.map((c) => `json_extract(value, '$.${c}')`).join(", ")} FROM json_each(?)`,
  postgres: `${INTO} SELECT r."id", ${COLUMNS.map((c) => `r."${c}"`).join(", ")} FROM json_to_recordset($1::json)
    AS r("id" text, ${COLUMNS.map((c) => `"${c}" ${TYPES[c]}`).join(", ")})`,
});
const insertBatch = (batch: Line[]) =>
  insertLines(
    JSON.stringify(
      batch.map((l) => ({
        ...l.data,
        id: randomUUID(),
        // UTC as both databases store a timestamp (PostgreSQL's timestamp(3) ignores the zone of the text)
        createdAt: onPostgres ? l.data.createdAt.toISOString() : sqliteTimestamp(l.data.createdAt),
      })),
    ),
  );

async function writeBatch(batch: Line[]): Promise<void> {
  try {
    await insertBatch(batch);
    return;
  } catch {
    // one refused line must not hold back the others: each on its own
  }
  const failed: Line[] = [];
  let lastError: unknown = null;
  for (const l of batch) {
    try {
      await db.apiRequestLog.create({ data: l.data });
    } catch (e) {
      lastError = e;
      if (++l.attempts < MAX_ATTEMPTS) failed.push(l);
    }
  }
  if (!lastError) return;
  const given = batch.length - failed.length;
  pending = [...failed, ...pending];
  const dropped = Math.max(0, pending.length - MAX_PENDING_LINES);
  if (dropped) pending = pending.slice(dropped);
  log.error(
    {
      err: errorInfo(lastError),
      retrying: failed.length,
      dropped: dropped + batch.filter((l) => l.attempts >= MAX_ATTEMPTS).length,
      given,
    },
    "AM API request log write failed",
  );
  timer ??= setTimeout(() => void flushApiRequestLog(), 1000);
}

/** How many lines wait to be written (for the gateway's shutdown and its tests). */
export const pendingApiRequestLogLines = () => pending.length;

/** Writes every queued line now (resolves when they are stored, or queued again after a failure). */
export async function flushApiRequestLog(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  while (flushing) await flushing;
  if (!pending.length) return;
  const batch = pending;
  pending = [];
  flushing = writeBatch(batch).finally(() => {
    flushing = null;
  });
  await flushing;
}

/** Removes calls older than REQUEST_LOG_RETENTION_MS (the worker's housekeeping). */
export async function purgeApiRequestLog(now = new Date()): Promise<number> {
  return (
    await db.apiRequestLog.deleteMany({
      where: { createdAt: { lt: new Date(now.getTime() - REQUEST_LOG_RETENTION_MS) } },
    })
  ).count;
}
