/**
 * Account Management API benchmark: 50 keep-alive mTLS connections (autocannon with a client certificate) through
 * the production gateway with every check on (CRL, certificate scope, allowlist + FCrDNS, X-API-Key of the same
 * API user, then the API's own: API user and role, the rate limit counted in the database, the request log), in
 * one run and one after the other:
 *   GET /v2/ping (the gateway alone), GET /am/v1/programs, POST /am/v1/programs with a new Idempotency-Key and
 *   Program name on every request.
 *   npm run bench:api [-- --connections 50 --warmup 2 --duration 10 --pg postgresql://... --profile dir --port 3350]
 * A fresh temporary database (SQLite, or a new PostgreSQL database with --pg / TEST_DATABASE_URL); a tenant_admin
 * credential set calling from 127.0.0.1 (AXYS_ALLOWLIST_ALLOW_LOOPBACK=1, local testing only, with a certificate
 * for api.bench.localhost); AXYS_AM_RATE_LIMIT raised out of the way (the limit is still counted per request).
 * The load generator runs in a child process (its own event loop) on the same machine.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance as perf } from "node:perf_hooks";
import { parseArgs } from "node:util";

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
interface LoadResult {
  ok2xx: number;
  non2xx: number;
  statuses: Record<string, number>;
  errors: number;
  windowS: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  cpuS: number;
}
type LoadMessage = { type: "window-start" } | { type: "window-end" } | { type: "result"; result: LoadResult };

interface Autocannon {
  (
    opts: Record<string, unknown>,
    cb: (err: Error | null, result: { errors: number; timeouts: number }) => void,
  ): NodeJS.EventEmitter & { stop(): void };
}

// ---------------------------------------------------------------------------------------------
// Child process: the load generator.
// ---------------------------------------------------------------------------------------------
async function runLoad(cfg: LoadConfig): Promise<LoadResult> {
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let non2xx = 0;
  let errors = 0;
  let measuring = false;
  let windowStart = 0;
  let windowEnd = 0;
  let cpu0 = process.cpuUsage();
  let cpuS = 0;
  const send = (m: LoadMessage) => process.send?.(m);
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

  await new Promise<void>((resolve, reject) => {
    const inst = autocannon(
      {
        url: `https://127.0.0.1:${cfg.port}`,
        connections: cfg.connections,
        pipelining: 1,
        timeout: 10,
        duration: cfg.warmupS + cfg.durationS + 5, // stopped by the timer below; this is only a bound
        headers: { "x-api-key": cfg.apiKey },
        requests: [request],
        tlsOptions: { cert: cfg.certPem, key: cfg.keyPem, ca: cfg.caPem, servername: "localhost" },
      },
      (err) => (err ? reject(err) : resolve()),
    );
    inst.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (!measuring) return;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else non2xx++;
    });
    inst.on("reqError", () => {
      if (measuring) errors++;
    });
    setTimeout(() => {
      measuring = true;
      windowStart = performance.now();
      cpu0 = process.cpuUsage();
      send({ type: "window-start" });
      setTimeout(() => {
        measuring = false;
        windowEnd = performance.now();
        const c = process.cpuUsage(cpu0);
        cpuS = (c.user + c.system) / 1e6;
        send({ type: "window-end" });
        inst.stop();
      }, cfg.durationS * 1000);
    }, cfg.warmupS * 1000);
  });

  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN;
  return {
    ok2xx: latencies.length,
    non2xx,
    statuses,
    errors,
    windowS: (windowEnd - windowStart) / 1000,
    p50: pct(50),
    p99: pct(99),
    p999: pct(99.9),
    max: latencies.at(-1) ?? NaN,
    cpuS,
  };
}

if (process.argv.includes("--load-child")) {
  process.once("message", async (cfg: LoadConfig) => {
    try {
      const result = await runLoad(cfg);
      process.send?.({ type: "result", result } satisfies LoadMessage, () => process.exit(0));
    } catch (e) {
      console.error("[load] failed:", e instanceof Error ? e.message : e);
      process.exit(1);
    }
  });
} else {
  await main();
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
      profile: { type: "string" },
      only: { type: "string" },
      port: { type: "string", default: "0" },
    },
  });
  const CONNECTIONS = Number(values.connections);
  const WARMUP_S = Number(values.warmup);
  const DURATION_S = Number(values.duration);
  if (values.pg) process.env.TEST_DATABASE_URL = values.pg;
  const HOST = "api.bench.localhost";

  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const f of cleanups.reverse()) {
      try {
        await f();
      } catch (e) {
        console.error("[bench] cleanup:", e instanceof Error ? e.message : e);
      }
    }
    cleanups.length = 0;
  };
  const deadline = setTimeout(
    async () => {
      console.error("[bench] gave up");
      await cleanup();
      process.exit(2);
    },
    (3 * (WARMUP_S + DURATION_S) + 120) * 1000,
  );
  deadline.unref();
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, async () => {
      await cleanup();
      process.exit(130);
    });

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
    const { operatorCtx } = await import("@/lib/auth/context");
    const { createTenant } = await import("@/lib/tenants/service");
    const { makeCtx, makeProgram } = await import("@/lib/testing/factories");
    const { opensslCsr } = await import("@/lib/testing/openssl");
    const { getCaCertificatePem, submitCsr } = await import("@/lib/certificates/service");
    const { addAllowlistEntry } = await import("@/lib/allowlist/service");
    const { createApiUser } = await import("@/lib/api-users/service");
    const { issueApiKey } = await import("@/lib/api-keys/service");
    const { createGatewayServer } = await import("@/lib/gateway/server");

    const legal = "Bench Api Co";
    const tenant = await createTenant(operatorCtx({ actor: "bench" }), {
      name: legal,
      slug: `bench-${randomBytes(3).toString("hex")}`,
    });
    const admin = await makeCtx("tenant_admin", { tenantId: tenant.id, environment: "production" });
    for (let i = 0; i < 10; i++) await makeProgram(admin, { name: `Listed ${i}` });
    const apiUser = await createApiUser(admin, { name: "bench", pattern: "tenant_admin", programId: null });
    const csr = opensslCsr("ec:P-256", `/O=${legal}/OU=tenant/CN=${HOST}`);
    const cert = await submitCsr(admin, {
      environment: "production",
      programId: null,
      apiUserId: apiUser.id,
      csrPem: csr.csrPem,
    });
    const entry = await addAllowlistEntry(admin, {
      environment: "production",
      programId: null,
      cidr: "127.0.0.1",
      description: "bench",
    });
    if (entry.dns.status !== "pass") throw new Error(`allowlist entry did not pass FCrDNS: ${entry.dns.reason}`);
    const apiKey = (await issueApiKey(admin, { apiUserId: apiUser.id, environment: "production" })).key;
    const caPem = await getCaCertificatePem("production");

    const gateway = await createGatewayServer({ environment: "production" });
    await new Promise<void>((r) => gateway.server.listen(Number(values.port), "127.0.0.1", r));
    cleanups.push(async () => {
      await gateway.close();
      const { pendingApiRequestLogLines } = await import("@/lib/am-api/request-log");
      console.error(`[bench] gateway closed; request-log lines still queued: ${pendingApiRequestLogLines()}`);
    });
    const port = (gateway.server.address() as AddressInfo).port;
    const cfg = { port, connections: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S, apiKey, caPem };
    const client = { certPem: cert.certificatePem, keyPem: csr.keyPem };

    // 2. One checked request of each kind.
    const probe = await get(port, "/am/v1/programs", { ca: caPem, cert: client.certPem, key: client.keyPem, apiKey });
    if (probe.status !== 200 || (JSON.parse(probe.body ?? "{}").data ?? []).length !== 10)
      throw new Error(`probe answered ${probe.status ?? probe.error}: ${probe.body ?? ""}`);

    // 3. The measured runs, one after the other.
    const cores = os.cpus().length;
    const load = os.loadavg().map((l) => l.toFixed(1));
    console.log(
      `Axys AM API benchmark: ${engine}, production gateway with every check on, ${CONNECTIONS} keep-alive mTLS connections, ` +
        `${WARMUP_S} s warm-up + ${DURATION_S} s measured per target; node ${process.version}, ${cores} cores, ` +
        `load average before ${load.join(" / ")}, autocannon in a child process on the same cores\n`,
    );
    const kinds = (values.only?.split(",") ?? ["ping", "list", "create"]) as Kind[];
    const results: Partial<Record<Kind, Measured>> = {};
    const logRows0 = await db.apiRequestLog.count();
    for (const kind of kinds) {
      const profiler = values.profile ? await startProfile() : null;
      results[kind] = await measure({ ...cfg, ...client, kind });
      if (profiler) {
        mkdirSync(values.profile!, { recursive: true });
        const file = path.join(values.profile!, `${kind}.cpuprofile`);
        writeFileSync(file, JSON.stringify(await profiler.stop()));
        console.error(`[bench] CPU profile of the ${kind} run: ${file}`);
      }
    }
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
    clearTimeout(deadline);
    await cleanup();
  }
}

function sumStatuses(s: Record<string, number>): number {
  return Object.values(s).reduce((a, b) => a + b, 0);
}

interface Measured {
  load: LoadResult;
  serverCpuS: number;
  machineBusy: number;
  elu: number;
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Runs the load child against one target and reads this process's (the gateway's) CPU at the window's edges. */
function measure(cfg: LoadConfig): Promise<Measured> {
  const serverCpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1e6;
  };
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(fileURLToPath(import.meta.url), ["--load-child"], {
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let cpu0 = 0;
    let serverCpuS = 0;
    let m0 = machineTicks();
    let machineBusy = NaN;
    let elu0 = perf.eventLoopUtilization();
    let elu = NaN;
    const bound = setTimeout(
      () => {
        child.kill("SIGKILL");
        reject(new Error("load generator did not finish in time"));
      },
      (cfg.warmupS + cfg.durationS + 30) * 1000,
    );
    child.on("message", (m: LoadMessage) => {
      if (m.type === "window-start") {
        cpu0 = serverCpu();
        m0 = machineTicks();
        elu0 = perf.eventLoopUtilization();
      } else if (m.type === "window-end") {
        serverCpuS = serverCpu() - cpu0;
        const m1 = machineTicks();
        machineBusy = (m1.busy - m0.busy) / (m1.total - m0.total);
        elu = perf.eventLoopUtilization(elu0).utilization;
      } else if (m.type === "result") {
        clearTimeout(bound);
        resolve({ load: m.result, serverCpuS, machineBusy, elu });
      }
    });
    child.on("exit", (code) => {
      if (code) {
        clearTimeout(bound);
        reject(new Error(`load generator exited with ${code}`));
      }
    });
    child.send(cfg);
  });
}

/** A CPU profile of this process (the gateway) over one run, for Chrome DevTools or speedscope. */
async function startProfile() {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    stop: async () => {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      return profile;
    },
  };
}

function get(
  port: number,
  p: string,
  o: { ca: string; cert: string; key: string; apiKey: string },
): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port,
        path: p,
        method: "GET",
        servername: "localhost",
        agent: false,
        timeout: 5000,
        ca: o.ca,
        cert: o.cert,
        key: o.key,
        headers: { "x-api-key": o.apiKey },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d)).on("end", () => resolve({ status: res.statusCode, body: text }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end();
  });
}
