/**
 * Account Management API benchmark: 50 keep-alive mTLS connections (autocannon with a client certificate) through
 * the production gateway with every check on (CRL, certificate scope, allowlist + FCrDNS, X-API-Key of the same
 * API user, then the API's own: API user and role, the rate limit counted in the database, the request log), in
 * one run and one after the other:
 *   GET /v2/ping (the gateway alone), GET /am/v1/programs, POST /am/v1/programs with a new Idempotency-Key and
 *   Program name on every request.
 *   npm run bench:api [-- --connections 50 --warmup 2 --duration 10 --workers 2 --pg postgresql://... --profile dir
 *   --port 3350]
 * The gateway runs as `npm run gateway` runs it: AXYS_GATEWAY_WORKERS worker processes (--workers, default the number
 * of cores), on the database this script made; --profile writes a .cpuprofile per gateway process when it stops.
 * A fresh temporary database (SQLite, or a new PostgreSQL database with --pg / TEST_DATABASE_URL); a tenant_admin
 * credential set calling from 127.0.0.1 (AXYS_ALLOWLIST_ALLOW_LOOPBACK=1, local testing only, with a certificate
 * for api.bench.localhost); AXYS_AM_RATE_LIMIT raised out of the way (the limit is still counted per request).
 * The load generator runs in a child process (its own event loop) on the same machine.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  autocannonLoad,
  cleanupGuard,
  get,
  freePort,
  loadChildOr,
  measure,
  startGateway,
  type LoadResult,
  type Measured,
} from "./bench-support";

type Kind = "ping" | "list" | "create";
interface LoadConfig {
  port: number;
  kind: Kind;
  connections: number;
  warmupS: number;
  durationS: number;
  apiKey: string;
  certPem: string;
  keyPem: string;
  caPem: string;
}

// ---------------------------------------------------------------------------------------------
// Child process: the load generator.
// ---------------------------------------------------------------------------------------------
function runLoad(cfg: LoadConfig): Promise<LoadResult> {
  const run = randomBytes(4).toString("hex");
  let n = 0;
  const request =
    cfg.kind === "create"
      ? {
          method: "POST",
          path: "/am/v1/programs",
          // a new Program and a new key each time: every request executes (no replay)
          setupRequest: (req: Record<string, unknown>) => {
            n++;
            return {
              ...req,
              headers: {
                ...(req.headers as Record<string, string>),
                "content-type": "application/json",
                "idempotency-key": `bench-${run}-${n}`,
              },
              body: JSON.stringify({
                name: `Bench ${run} ${n}`,
                baseCurrency: "EUR",
                transactionLimit: "1000.00",
                feeTemplate: "standard_debit",
              }),
            };
          },
        }
      : { method: "GET", path: cfg.kind === "ping" ? "/v2/ping" : "/am/v1/programs" };
  return autocannonLoad({
    url: `https://127.0.0.1:${cfg.port}`,
    connections: cfg.connections,
    warmupS: cfg.warmupS,
    durationS: cfg.durationS,
    headers: { "x-api-key": cfg.apiKey },
    requests: [request],
    tlsOptions: { cert: cfg.certPem, key: cfg.keyPem, ca: cfg.caPem, servername: "localhost" },
  });
}

// ---------------------------------------------------------------------------------------------
// Parent process: state, the gateway, and the measured runs.
// ---------------------------------------------------------------------------------------------
async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      connections: { type: "string", default: "50" },
      warmup: { type: "string", default: "2" },
      duration: { type: "string", default: "10" },
      pg: { type: "string" },
      workers: { type: "string", default: String(os.availableParallelism()) },
      profile: { type: "string" },
      only: { type: "string" },
      port: { type: "string", default: "0" },
    },
  });
  const CONNECTIONS = Number(values.connections);
  const WARMUP_S = Number(values.warmup);
  const DURATION_S = Number(values.duration);
  const WORKERS = Number(values.workers);
  if (!Number.isInteger(WORKERS) || WORKERS < 1) throw new Error("--workers takes a whole number of at least 1");
  if (values.pg) process.env.TEST_DATABASE_URL = values.pg;
  const HOST = "api.bench.localhost";

  const cleanups = cleanupGuard((3 * (WARMUP_S + DURATION_S) + 120) * 1000);

  try {
    // 1. A fresh migrated database, set before any @/lib module (lib/db.ts connects on import).
    const { createTestDatabase } = await import("@/lib/testing/test-db");
    const testDb = await createTestDatabase();
    cleanups.push(() => testDb.dispose());
    process.env.DATABASE_URL = testDb.url;
    process.env.AXYS_CA_MASTER_KEY = randomBytes(32).toString("base64");
    process.env.AXYS_ALLOWLIST_ALLOW_LOOPBACK = "1";
    process.env.AXYS_AM_RATE_LIMIT = String(1e9);
    process.env.AXYS_LOG_LEVEL ??= "warn";
    const engine = testDb.url.startsWith("file:") ? "SQLite" : "PostgreSQL";

    const { db } = await import("@/lib/db");
    cleanups.push(() => db.$disconnect());
    const { loopbackTenantCredentials } = await import("@/lib/testing/loopback-credentials");
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    const creds = await loopbackTenantCredentials({ legalName: "Bench Api Co", host: HOST, programs: 10 });
    const { apiKey, caPem } = creds;

    // The gateway as `npm run gateway` runs it (a primary and WORKERS workers), on this database and CA.
    const port = Number(values.port) || (await freePort());
    const healthPort = await freePort();
    const profileDir = values.profile ? path.resolve(values.profile) : undefined;
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const gateway = await startGateway(
      root,
      {
        ...process.env,
        AXYS_GATEWAY_WORKERS: String(WORKERS),
        AXYS_GATEWAY_HOST: "127.0.0.1",
        AXYS_GATEWAY_PRODUCTION_PORT: String(port),
        AXYS_GATEWAY_STAGING_PORT: String(await freePort()),
        AXYS_GATEWAY_HEALTH_PORT: String(healthPort),
        AXYS_GATEWAY_METRICS_PORT: "off",
      },
      healthPort,
      WORKERS,
      profileDir,
    );
    cleanups.push(async () => {
      await gateway.stop(); // SIGTERM: each worker writes its queued request-log lines before it exits
      if (profileDir) console.error(`[bench] CPU profiles of the gateway processes: ${profileDir}`);
    });
    const cfg = { port, connections: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S, apiKey, caPem };
    const client = { certPem: creds.certPem, keyPem: creds.keyPem };

    // 2. One checked request of each kind.
    const probe = await get(port, "/am/v1/programs", {
      ca: caPem,
      cert: client.certPem,
      key: client.keyPem,
      headers: { "x-api-key": apiKey },
    });
    if (probe.status !== 200 || (JSON.parse(probe.body ?? "{}").data ?? []).length !== 10)
      throw new Error(`probe answered ${probe.status ?? probe.error}: ${probe.body ?? ""}`);

    // 3. The measured runs, one after the other.
    const cores = os.cpus().length;
    const load = os.loadavg().map((l) => l.toFixed(1));
    console.log(
      `Axys AM API benchmark: ${engine}, production gateway (${WORKERS} worker${WORKERS === 1 ? "" : "s"}) with every check on, ${CONNECTIONS} keep-alive mTLS connections, ` +
        `${WARMUP_S} s warm-up + ${DURATION_S} s measured per target; node ${process.version}, ${cores} cores, ` +
        `load average before ${load.join(" / ")}, autocannon in a child process on the same cores\n`,
    );
    const kinds = (values.only?.split(",") ?? ["ping", "list", "create"]) as Kind[];
    const results: Partial<Record<Kind, Measured>> = {};
    const logRows0 = await db.apiRequestLog.count();
    for (const kind of kinds)
      results[kind] = await measure(fileURLToPath(import.meta.url), { ...cfg, ...client, kind }, gateway.cpuSeconds);
    await new Promise((r) => setTimeout(r, 1500)); // let an asynchronous request log catch up before counting

    // 4. The table.
    const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "-");
    const label: Record<Kind, string> = {
      ping: "`GET /v2/ping` (gateway only)",
      list: "`GET /am/v1/programs` (10 Programs)",
      create: "`POST /am/v1/programs` + `Idempotency-Key`",
    };
    console.log(
      "| request | requests/s | p50 ms | p99 ms | p99.9 ms | max ms | errors / non-2xx | gateway CPU | gateway CPU ms per request | load generator CPU | machine busy |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|");
    for (const kind of kinds) {
      const r = results[kind]!;
      console.log(
        `| ${label[kind]} | ${f(r.load.ok2xx / r.load.windowS, 0)} | ${f(r.load.p50)} | ${f(r.load.p99)} | ${f(r.load.p999)} | ${f(r.load.max)} | ${r.load.errors} / ${r.load.non2xx} | ${f((r.serverCpuS / r.load.windowS) * 100, 0)}% | ${f((r.serverCpuS * 1000) / (sumStatuses(r.load.statuses) || NaN))} | ${f((r.load.cpuS / r.load.windowS) * 100, 0)}% | ${f(r.machineBusy * 100, 0)}% |`,
      );
      if (r.load.non2xx) console.log(`  statuses of ${kind}: ${JSON.stringify(r.load.statuses)}`);
    }
    console.log("");
    const rate = (k: Kind) => (results[k] ? results[k].load.ok2xx / results[k].load.windowS : NaN);
    if (results.list && results.ping)
      console.log(
        `GET /am/v1/programs: p99 ${f(results.list.load.p99)} ms (goal < 20 ms), ${f(rate("list") / rate("ping"))} of /v2/ping's throughput (goal >= 0.50).`,
      );
    const answered = kinds.reduce((n, k) => n + (k === "ping" ? 0 : sumStatuses(results[k]!.load.statuses)), 0);
    const logged = (await db.apiRequestLog.count()) - logRows0;
    console.log(
      `Request log: ${logged} lines for the AM API calls of the runs (${answered} answered in the measured windows, more in the warm-ups).`,
    );
    console.log(
      `CPU columns are per core (100% = one core); machine busy is of all ${cores} cores, other work included. Load average after ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" / ")}.`,
    );
  } finally {
    await cleanups.done();
  }
}

function sumStatuses(s: Record<string, number>): number {
  return Object.values(s).reduce((a, b) => a + b, 0);
}

await loadChildOr(runLoad, main);
