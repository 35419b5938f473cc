import "server-only";
import { readdirSync } from "node:fs";
import path from "node:path";
import { getCa } from "@/lib/certificates/ca";
import { db, onPostgres } from "@/lib/db";

/**
 * Health checks for load balancers and orchestrators: `live` says the process answers, `ready` that it can
 * serve (database reachable and migrated, both CA keys unsealable, the in-process worker ticking when it is on).
 * Each check has a deadline and reports its latency; details name the cause, never a secret or a raw driver
 * error (which may carry a connection string).
 */
export type CheckStatus = "ok" | "fail";
export interface CheckResult {
  status: CheckStatus;
  latencyMs: number;
  detail?: string;
}
export interface HealthReport {
  status: CheckStatus;
  checks: Record<string, CheckResult>;
}

/** A check slower than this fails: a hung database must not hang the probe. */
export const CHECK_DEADLINE_MS = 2_000;
/** The worker beats at least every tick and after every delivery batch (each attempt has a 10 s deadline). */
export const WORKER_STALE_MS = 60_000;

/** A failure whose message is safe to show (any other error is reported as "unavailable"). */
export class CheckFailure extends Error {}

/** Runs one check within its deadline, timing it; a throw or a timeout is a failure whose detail is safe to show. */
export async function timed(fn: () => Promise<string | undefined>, deadlineMs: number): Promise<CheckResult> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CheckFailure(`no answer within ${deadlineMs} ms`)), deadlineMs);
      }),
    ]);
    return { status: "ok", latencyMs: Math.round(performance.now() - start), ...(detail ? { detail } : {}) };
  } catch (e) {
    return {
      status: "fail",
      latencyMs: Math.round(performance.now() - start),
      detail: e instanceof CheckFailure ? e.message : "unavailable",
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The migrations this build ships (the folder of this database's kind), or null when the folder is not there. */
export function shippedMigrations(root = process.cwd()): string[] | null {
  const folder = path.join(
    /*turbopackIgnore: true*/ root,
    onPostgres ? "prisma/postgres/migrations" : "prisma/migrations",
  );
  try {
    return readdirSync(/*turbopackIgnore: true*/ folder, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return null;
  }
}

async function checkDatabase(expected: string[] | null): Promise<string | undefined> {
  let applied: string[];
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    applied = rows.map((r) => r.migration_name);
  } catch {
    throw new CheckFailure("database unreachable or not migrated");
  }
  if (!expected) return `${applied.length} migrations applied`;
  const missing = expected.filter((m) => !applied.includes(m));
  if (missing.length)
    throw new CheckFailure(
      `${missing.length} migration(s) not applied: ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", ..." : ""}`,
    );
  return `${applied.length} migrations applied`;
}

async function checkCaKeys(): Promise<undefined> {
  try {
    await Promise.all([getCa("staging"), getCa("production")]);
  } catch {
    throw new CheckFailure("a CA key cannot be unsealed: check AXYS_CA_MASTER_KEY");
  }
  return undefined;
}

function checkWorker(lastBeat: number | null, now: number): Promise<string> {
  if (lastBeat === null) return Promise.reject(new CheckFailure("the worker has not started"));
  const age = now - lastBeat;
  if (age > WORKER_STALE_MS) return Promise.reject(new CheckFailure(`last heartbeat ${Math.round(age / 1000)} s ago`));
  return Promise.resolve(`last heartbeat ${Math.round(age / 1000)} s ago`);
}

export function liveness(): HealthReport {
  return {
    status: "ok",
    checks: { process: { status: "ok", latencyMs: 0, detail: `up ${Math.round(process.uptime())} s` } },
  };
}

export interface ReadinessOptions {
  /** Last heartbeat (ms since epoch) of this process's worker, or null before its first; omit when the worker is off. */
  workerBeat?: () => number | null;
  migrations?: string[] | null;
  deadlineMs?: number;
  now?: () => number;
}

export async function readiness(opts: ReadinessOptions = {}): Promise<HealthReport> {
  const deadline = opts.deadlineMs ?? CHECK_DEADLINE_MS;
  const expected = opts.migrations === undefined ? shippedMigrations() : opts.migrations;
  const [database, caKeys, worker] = await Promise.all([
    timed(() => checkDatabase(expected), deadline),
    timed(checkCaKeys, deadline),
    opts.workerBeat ? timed(() => checkWorker(opts.workerBeat!(), (opts.now ?? Date.now)()), deadline) : null,
  ]);
  const checks: Record<string, CheckResult> = { database, caKeys, ...(worker ? { worker } : {}) };
  return { status: Object.values(checks).every((c) => c.status === "ok") ? "ok" : "fail", checks };
}

/** The HTTP answer of a report: 200 when ok, 503 otherwise; never cached. */
export function healthResponse(report: HealthReport): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  return {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    body: JSON.stringify(report),
  };
}
