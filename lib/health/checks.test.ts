import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, onPostgres } from "@/lib/db";
import { CheckFailure, readiness, shippedMigrations, timed, WORKER_STALE_MS } from "@/lib/health/checks";
import { createHealthServer } from "@/lib/health/server";
import { lastWorkerBeat, startWorker } from "@/lib/webhooks/worker";

// Test databases are migrated with the SQL files alone: Prisma's bookkeeping table is made here, as
// `prisma migrate deploy` makes it, so the check can be shown passing and failing.
const shipped = shippedMigrations()!;

async function recordApplied(names: string[]) {
  await db.$executeRawUnsafe("DELETE FROM _prisma_migrations");
  for (const [i, name] of names.entries()) {
    await db.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, migration_name, finished_at) VALUES ('m${i}', '${name}', CURRENT_TIMESTAMP)`,
    );
  }
}

describe("readiness", () => {
  it("fails while the database has no migration record, without leaking the connection string", async () => {
    const r = await readiness({ migrations: shipped });
    expect(r.status).toBe("fail");
    expect(r.checks.database).toMatchObject({ status: "fail", detail: "database unreachable or not migrated" });
    expect(JSON.stringify(r)).not.toContain(process.env.DATABASE_URL!.slice(0, 20));
  });

  describe("with the migration record", () => {
    beforeAll(async () => {
      await db.$executeRawUnsafe(
        `CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY, migration_name VARCHAR(255) NOT NULL, finished_at ${onPostgres ? "TIMESTAMPTZ" : "DATETIME"}, rolled_back_at ${onPostgres ? "TIMESTAMPTZ" : "DATETIME"})`,
      );
    });

    it("is ok when every shipped migration is applied and both CA keys unseal", async () => {
      expect(shipped.length).toBeGreaterThan(10);
      expect(shipped[0]).toMatch(/^\d{14}_/);
      await recordApplied(shipped);
      const r = await readiness({ migrations: shipped });
      expect(r.status).toBe("ok");
      expect(r.checks.database).toMatchObject({ status: "ok", detail: `${shipped.length} migrations applied` });
      expect(r.checks.caKeys.status).toBe("ok");
      expect(r.checks.worker).toBeUndefined();
      for (const c of Object.values(r.checks)) expect(c.latencyMs).toBeGreaterThanOrEqual(0);
    });

    it("fails naming the migration not applied", async () => {
      await recordApplied(shipped.slice(0, -1));
      const r = await readiness({ migrations: shipped });
      expect(r.status).toBe("fail");
      expect(r.checks.database).toMatchObject({
        status: "fail",
        detail: `1 migration(s) not applied: ${shipped.at(-1)}`,
      });
    });

    it("judges the worker by its heartbeat when the worker is on", async () => {
      await recordApplied(shipped);
      const now = 1_800_000_000_000;
      const withBeat = (beat: number | null) =>
        readiness({ migrations: shipped, workerBeat: () => beat, now: () => now });
      expect((await withBeat(now - 1_000)).checks.worker).toMatchObject({
        status: "ok",
        detail: "last heartbeat 1 s ago",
      });
      const stale = await withBeat(now - WORKER_STALE_MS - 10_000);
      expect([stale.status, stale.checks.worker.detail]).toEqual([
        "fail",
        `last heartbeat ${WORKER_STALE_MS / 1000 + 10} s ago`,
      ]);
      expect((await withBeat(null)).checks.worker).toMatchObject({
        status: "fail",
        detail: "the worker has not started",
      });
    });
  });

  it("a running worker beats, and the probe reads that beat", async () => {
    expect(lastWorkerBeat()).toBeUndefined();
    const before = Date.now();
    const worker = startWorker({ tickMs: 20 });
    try {
      await expect.poll(() => lastWorkerBeat() ?? 0, { timeout: 5_000 }).toBeGreaterThanOrEqual(before);
      const r = await readiness({ migrations: null, workerBeat: () => lastWorkerBeat() ?? null });
      expect(r.checks.worker.status).toBe("ok");
    } finally {
      await worker.stop(1_000);
    }
  });

  it("a check that does not answer fails at its deadline; an unexpected error is reported without its message", async () => {
    const hung = await timed(() => new Promise<never>(() => {}), 50);
    expect(hung).toMatchObject({ status: "fail", detail: "no answer within 50 ms" });
    expect(hung.latencyMs).toBeGreaterThanOrEqual(45);
    expect(await timed(() => Promise.reject(new Error("postgresql://u:secret@db/x refused")), 50)).toMatchObject({
      status: "fail",
      detail: "unavailable",
    });
    expect(await timed(() => Promise.reject(new CheckFailure("named cause")), 50)).toMatchObject({
      status: "fail",
      detail: "named cause",
    });
  });
});

describe("the health listener (gateway)", () => {
  let base = "";
  let healthy = true;
  const server = createHealthServer(async () => ({
    status: healthy ? "ok" : "fail",
    checks: { database: { status: healthy ? "ok" : "fail", latencyMs: 1 } },
  }));
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("answers live and ready with the app's paths, 503 when not ready, and nothing else", async () => {
    const live = await fetch(`${base}/api/health/live`);
    expect([live.status, live.headers.get("cache-control"), (await live.json()).status]).toEqual([
      200,
      "no-store",
      "ok",
    ]);
    expect((await fetch(`${base}/api/health/ready`)).status).toBe(200);
    healthy = false;
    const down = await fetch(`${base}/api/health/ready`);
    expect([down.status, (await down.json()).checks.database.status]).toEqual([503, "fail"]);
    expect((await fetch(`${base}/api/health/other`)).status).toBe(404);
    expect((await fetch(`${base}/api/health/live`, { method: "POST" })).status).toBe(405);
  });
});
