import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db, onPostgres } from "@/lib/db";
import { shippedMigrations } from "@/lib/health/checks";

// `npm run worker` as operators run it: its own process against this test's database, probed over HTTP.
const root = path.resolve(import.meta.dirname, "../..");
let worker: ChildProcess;
let base = "";
let output = "";

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

beforeAll(async () => {
  // the test database was migrated from the SQL files: record them as `prisma migrate deploy` would
  const ts = onPostgres ? "TIMESTAMPTZ" : "DATETIME";
  await db.$executeRawUnsafe(
    `CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY, migration_name VARCHAR(255) NOT NULL, finished_at ${ts}, rolled_back_at ${ts})`,
  );
  for (const [i, name] of shippedMigrations()!.entries()) {
    await db.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, migration_name, finished_at) VALUES ('m${i}', '${name}', CURRENT_TIMESTAMP)`,
    );
  }
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  worker = spawn(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "lib/webhooks/worker-main.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        AXYS_WORKER_HEALTH_PORT: String(port),
        AXYS_WORKER_HEALTH_HOST: "127.0.0.1",
        AXYS_LOG_FORMAT: "json",
        AXYS_LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  worker.stdout!.on("data", (c) => (output += c));
  worker.stderr!.on("data", (c) => (output += c));
}, 60_000);

afterAll(() => {
  if (worker.exitCode === null) worker.kill("SIGKILL");
});

it("a standalone worker answers its health probes while it beats, and stops cleanly on SIGTERM", async () => {
  await expect
    .poll(async () => (await fetch(`${base}/api/health/ready`).catch(() => null))?.status ?? 0, {
      timeout: 30_000,
      interval: 250,
    })
    .toBe(200);
  const ready = await (await fetch(`${base}/api/health/ready`)).json();
  expect(ready.status).toBe("ok");
  expect(Object.keys(ready.checks).sort()).toEqual(["caKeys", "database", "worker"]);
  expect(ready.checks.worker.detail).toMatch(/^last heartbeat \d+ s ago$/);
  expect((await fetch(`${base}/api/health/live`)).status).toBe(200);

  const exited = new Promise<number | null>((r) => worker.once("exit", (code) => r(code)));
  worker.kill("SIGTERM");
  expect(await exited).toBe(0);
  const lines = output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { msg: string });
  expect(lines.map((l) => l.msg)).toEqual(
    expect.arrayContaining(["worker running", "worker stopping: finishing the delivery in flight"]),
  );
}, 60_000);
