/**
 * Gateway benchmark: many keep-alive mTLS connections (autocannon with a client certificate) against
 * the Axys gateway (staging, full checks: CRL, certificate scope, allowlist + FCrDNS, X-API-Key), and in
 * the same run against nginx terminating mTLS with the same server certificate, CA and client
 * certificate and returning the same static JSON body.
 *   npm run bench:gateway [-- --connections 50 --warmup 2 --duration 10]
 * Uses a fresh temporary SQLite database and a loopback DNS server; traffic goes to 127.0.0.1 only.
 * The load generator runs in a child process (its own event loop) on the same machine.
 */
import { execFileSync, fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance as perf } from "node:perf_hooks";
import { parseArgs } from "node:util";

interface LoadConfig {
  url: string;
  connections: number;
  warmupS: number;
  durationS: number;
  apiKey: string;
  certPem: string;
  keyPem: string;
}
interface LoadResult {
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  resets: number;
  windowS: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  cpuS: number;
}
type LoadMessage = { type: "window-start" } | { type: "window-end" } | { type: "result"; result: LoadResult };

// ---------------------------------------------------------------------------------------------
// Child process: the load generator (autocannon, programmatic, client certificate via tlsOptions).
// ---------------------------------------------------------------------------------------------
interface Autocannon {
  (
    opts: Record<string, unknown>,
    cb: (err: Error | null, result: { errors: number; timeouts: number; resets: number }) => void,
  ): NodeJS.EventEmitter & { stop(): void };
}

async function runLoad(cfg: LoadConfig): Promise<LoadResult> {
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let measuring = false;
  let windowStart = 0;
  let windowEnd = 0;
  let cpu0 = process.cpuUsage();
  let cpuS = 0;
  const send = (m: LoadMessage) => process.send?.(m);

  const totals = await new Promise<{ errors: number; timeouts: number; resets: number }>((resolve, reject) => {
    const inst = autocannon(
      {
        url: cfg.url,
        connections: cfg.connections,
        pipelining: 1,
        timeout: 10,
        duration: cfg.warmupS + cfg.durationS + 5, // stopped by the timer below; this is only a bound
        headers: { "x-api-key": cfg.apiKey },
        tlsOptions: { cert: cfg.certPem, key: cfg.keyPem, servername: "localhost" },
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    inst.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (!measuring) return;
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
    errors,
    timeouts: totals.timeouts,
    resets: totals.resets,
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
// Parent process: state, gateway, nginx, and the two measured runs.
// ---------------------------------------------------------------------------------------------
async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      connections: { type: "string", default: "50" },
      warmup: { type: "string", default: "2" },
      duration: { type: "string", default: "10" },
    },
  });
  const CONNECTIONS = Number(values.connections);
  const WARMUP_S = Number(values.warmup);
  const DURATION_S = Number(values.duration);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const dir = mkdtempSync(path.join(os.tmpdir(), "axys-bench-gw-"));
  const dbFile = path.join(os.tmpdir(), `axys-bench-${randomBytes(6).toString("hex")}.db`);
  const HOST = "api.bench.example";
  const LEGAL = "Bench Gateway Co";

  // A hard bound on the whole run: never leave nginx or the database behind.
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
  const deadline = setTimeout(async () => {
    console.error("[bench] gave up after 110 s");
    await cleanup();
    process.exit(2);
  }, 110_000);
  deadline.unref();
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, async () => {
      await cleanup();
      process.exit(130);
    });

  try {
    // 1. A fresh migrated SQLite database, set before any @/lib module (lib/db.ts connects on import).
    const Database = (await import("better-sqlite3")).default;
    const sqlite = new Database(dbFile);
    const migrations = path.join(root, "prisma", "migrations");
    for (const name of readdirSync(migrations, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()) {
      sqlite.exec(readFileSync(path.join(migrations, name, "migration.sql"), "utf8"));
    }
    sqlite.close();
    cleanups.push(() => {
      for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`]) rmSync(f, { force: true });
    });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    process.env.DATABASE_URL = `file:${dbFile}`;
    process.env.AXYS_CA_MASTER_KEY = randomBytes(32).toString("base64");

    const { db } = await import("@/lib/db");
    cleanups.push(() => db.$disconnect());
    const { reverseName, startDnsServer } = await import("@/lib/testing/dns-server");
    const dnsServer = await startDnsServer({
      PTR: { [reverseName("127.0.0.1")]: [HOST] },
      A: { [HOST]: ["127.0.0.1"] },
    });
    cleanups.push(() => dnsServer.close());
    process.env.AXYS_DNS_SERVERS = dnsServer.address;

    const { operatorCtx } = await import("@/lib/auth/context");
    const { createTenant } = await import("@/lib/tenants/service");
    const { makeCtx, makeProgram } = await import("@/lib/testing/factories");
    const { opensslCsr } = await import("@/lib/testing/openssl");
    const { getCaCertificatePem, submitCsr } = await import("@/lib/certificates/service");
    const { generateCrlPem } = await import("@/lib/certificates/crl");
    const { getCa } = await import("@/lib/certificates/ca");
    const { addAllowlistEntry } = await import("@/lib/allowlist/service");
    const { createApiUser } = await import("@/lib/api-users/service");
    const { issueApiKey } = await import("@/lib/api-keys/service");
    const { issueGatewayServerCertificate } = await import("@/lib/gateway/server-cert");
    const { createGatewayServer } = await import("@/lib/gateway/server");

    const tenant = await createTenant(operatorCtx({ actor: "bench" }), {
      name: LEGAL,
      slug: `bench-${randomBytes(3).toString("hex")}`,
    });
    const admin = await makeCtx("tenant_admin", { tenantId: tenant.id, environment: "staging" });
    const programId = (await makeProgram(admin)).id;
    const csr = opensslCsr("ec:P-256", `/O=${LEGAL}/OU=${programId}/CN=${HOST}`);
    cleanups.push(() => rmSync(csr.dir, { recursive: true, force: true }));
    // the certificate and the key of one API user: the gateway pairs them only within a credential set
    const apiUser = await createApiUser(admin, { name: "bench", pattern: "program", programId });
    const clientCert = await submitCsr(admin, {
      environment: "staging",
      programId,
      apiUserId: apiUser.id,
      csrPem: csr.csrPem,
    });
    const client = { certPem: clientCert.certificatePem, keyPem: csr.keyPem };
    const entry = await addAllowlistEntry(admin, {
      environment: "staging",
      programId,
      cidr: "127.0.0.1",
      description: "bench",
    });
    if (entry.dns.status !== "pass")
      throw new Error(`allowlist entry did not pass FCrDNS: ${entry.dns.status} ${entry.dns.reason ?? ""}`);
    const apiKey = (await issueApiKey(admin, { apiUserId: apiUser.id, environment: "staging" })).key;

    // One server certificate for both servers, signed by the staging CA.
    const caPem = await getCaCertificatePem("staging");
    const serverTls = await issueGatewayServerCertificate(await getCa("staging"), ["localhost", "127.0.0.1"]);
    const files = {
      cert: path.join(dir, "server.pem"),
      key: path.join(dir, "server.key"),
      ca: path.join(dir, "ca.pem"),
      crl: path.join(dir, "crl.pem"),
    };
    writeFileSync(files.cert, serverTls.certPem);
    writeFileSync(files.key, serverTls.keyPem, { mode: 0o600 });
    writeFileSync(files.ca, caPem);
    writeFileSync(files.crl, await generateCrlPem("staging"));
    const body = JSON.stringify({ program: programId, ok: true });

    const gateway = await createGatewayServer({ environment: "staging", tls: serverTls });
    await new Promise<void>((r) => gateway.server.listen(0, "127.0.0.1", r));
    cleanups.push(() => gateway.close());
    const gatewayPort = (gateway.server.address() as AddressInfo).port;

    const nginx = await startNginx(dir, files, body);
    if (nginx) cleanups.push(() => nginx.stop());

    // 2. One checked request each (server certificate verified against the CA, client certificate sent).
    const probe = async (port: number) => {
      const r = await get(port, "/v2/cardholders", {
        ca: caPem,
        cert: client.certPem,
        key: client.keyPem,
        headers: { "x-api-key": apiKey },
      });
      if (r.status !== 200 || r.body !== body)
        throw new Error(`probe of 127.0.0.1:${port} answered ${r.status ?? r.error}: ${r.body ?? ""}`);
      const noCert = await get(port, "/v2/cardholders", { ca: caPem, headers: { "x-api-key": apiKey } });
      if (noCert.status === 200) throw new Error(`127.0.0.1:${port} answered 200 without a client certificate`);
    };
    await probe(gatewayPort);
    if (nginx) await probe(nginx.port);

    // 3. The measured runs, one after the other, same settings.
    const cores = os.cpus().length;
    console.log(
      `Axys gateway benchmark: ${CONNECTIONS} keep-alive mTLS connections, GET /v2/cardholders, ${WARMUP_S} s warm-up + ${DURATION_S} s measured per target; ` +
        `node ${process.version}, ${cores} cores, autocannon in a child process on the same cores${nginx ? `, ${nginx.version} (2 workers)` : ""}\n`,
    );
    const cfg = {
      connections: CONNECTIONS,
      warmupS: WARMUP_S,
      durationS: DURATION_S,
      apiKey,
      certPem: client.certPem,
      keyPem: client.keyPem,
    };

    const rss0 = process.memoryUsage().rss;
    const gw = await measure({ ...cfg, url: `https://127.0.0.1:${gatewayPort}/v2/cardholders` }, () => {
      const c = process.cpuUsage();
      return (c.user + c.system) / 1e6;
    });
    const mem = process.memoryUsage();
    const ng = nginx
      ? await measure({ ...cfg, url: `https://127.0.0.1:${nginx.port}/v2/cardholders` }, () => nginx.cpuSeconds())
      : null;

    // 4. The table.
    const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "-");
    const row = (name: string, r: Measured) =>
      `| ${name} | ${f(r.load.ok2xx / r.load.windowS, 0)} | ${f(r.load.p50)} | ${f(r.load.p99)} | ${f(r.load.p999)} | ${f(r.load.max)} | ${r.load.errors + r.load.timeouts} / ${r.load.non2xx} | ${f((r.serverCpuS / r.load.windowS) * 100, 0)}% | ${f((r.load.cpuS / r.load.windowS) * 100, 0)}% | ${f(r.machineBusy * 100, 0)}% |`;
    console.log(
      "| target | requests/s | p50 ms | p99 ms | p99.9 ms | max ms | errors / non-2xx | server CPU | load generator CPU | machine busy |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|");
    console.log(row("gateway (Node)", gw));
    if (ng) console.log(row(`nginx ${nginx!.version.replace(/^nginx\//, "")}`, ng));
    console.log("");
    if (ng) {
      const ratio = gw.load.ok2xx / gw.load.windowS / (ng.load.ok2xx / ng.load.windowS);
      console.log(
        `Throughput ratio gateway/nginx: ${f(ratio)} (goal >= 0.50); gateway p99 ${f(gw.load.p99)} ms (goal < 10 ms at ${CONNECTIONS} connections).`,
      );
    } else {
      console.log(
        `nginx not available: gateway alone; p99 ${f(gw.load.p99)} ms (goal < 10 ms at ${CONNECTIONS} connections).`,
      );
    }
    console.log(
      `CPU columns are per core (100% = one core); machine busy is of all ${cores} cores. Gateway event-loop utilization ${f(gw.elu * 100, 0)}%.`,
    );
    console.log(
      `Gateway process RSS ${f(rss0 / 2 ** 20, 0)} MiB before load, ${f(mem.rss / 2 ** 20, 0)} MiB after (heap used ${f(mem.heapUsed / 2 ** 20, 0)} MiB).`,
    );
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
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

/** Runs the load child against one target and reads the server's CPU seconds at the window's edges. */
function measure(cfg: LoadConfig, serverCpu: () => number): Promise<Measured> {
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

function get(
  port: number,
  p: string,
  o: { ca: string; cert?: string; key?: string; headers: Record<string, string> },
): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = https.request(
      { host: "127.0.0.1", port, path: p, method: "GET", servername: "localhost", agent: false, timeout: 5000, ...o },
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function findNginx(): string | null {
  for (const p of ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(p)) return p;
  return null;
}

/** nginx from the Debian package (installed when missing and running as root), everything under `dir`. */
async function startNginx(dir: string, files: { cert: string; key: string; ca: string; crl: string }, body: string) {
  let bin = findNginx();
  if (!bin && process.getuid?.() === 0) {
    console.error("[bench] nginx not found: apt-get install -y nginx ...");
    try {
      execFileSync("apt-get", ["install", "-y", "nginx"], {
        stdio: "ignore",
        timeout: 90_000,
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
    } catch {
      try {
        execFileSync("apt-get", ["update"], { stdio: "ignore", timeout: 60_000 });
        execFileSync("apt-get", ["install", "-y", "nginx"], {
          stdio: "ignore",
          timeout: 90_000,
          env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
        });
      } catch {
        /* reported below */
      }
    }
    bin = findNginx();
  }
  if (!bin) {
    console.error(
      "[bench] nginx is not installed and could not be installed (needs root and the Debian package): benchmarking the gateway alone.",
    );
    return null;
  }
  const versionText = spawnSync(bin, ["-v"], { encoding: "utf8" }).stderr.trim() || "nginx"; // nginx -v prints to stderr
  const port = await freePort();
  const prefix = path.join(dir, "nginx");
  const conf = path.join(prefix, "nginx.conf");
  execFileSync("mkdir", ["-p", prefix]);
  // nginx's string literal: the JSON body has no single quotes or backslashes.
  writeFileSync(
    conf,
    `daemon off;
master_process on;
worker_processes 2;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  keepalive_requests 100000;
  keepalive_timeout 65s;
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_certificate ${files.cert};
    ssl_certificate_key ${files.key};
    ssl_client_certificate ${files.ca};
    ssl_crl ${files.crl};
    ssl_verify_client on;
    location / {
      default_type application/json;
      return 200 '${body}';
    }
  }
}
`,
  );
  const proc = spawn(bin, ["-e", path.join(prefix, "error.log"), "-p", prefix, "-c", conf], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  // Ready when the port accepts connections (or failed when the master exits).
  const t0 = Date.now();
  for (;;) {
    const up = await new Promise<boolean>((r) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.destroy();
        r(true);
      });
      s.on("error", () => r(false));
    });
    if (up) break;
    if (proc.exitCode !== null || Date.now() - t0 > 10_000) {
      proc.kill("SIGKILL");
      let log = "";
      try {
        log = readFileSync(path.join(prefix, "error.log"), "utf8");
      } catch {
        /* none */
      }
      throw new Error(`nginx did not start: ${stderr}${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const tck = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  /** CPU seconds of the master and its workers, from /proc. */
  const cpuSeconds = () => {
    const pids = [
      proc.pid!,
      ...readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    ];
    let ticks = 0;
    for (const pid of pids) {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    }
    return ticks / tck;
  };
  return {
    port,
    version: versionText.replace(/^nginx version:\s*/, ""),
    cpuSeconds,
    stop: async () => {
      if (proc.exitCode !== null) return;
      proc.kill("SIGQUIT"); // graceful shutdown of master and workers
      const done = await Promise.race([exited, new Promise<"late">((r) => setTimeout(() => r("late"), 5000))]);
      if (done === "late") proc.kill("SIGKILL");
    },
  };
}
