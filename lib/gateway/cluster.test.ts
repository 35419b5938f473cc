import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import https from "node:https";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addAllowlistEntry } from "@/lib/allowlist/service";
import { issueApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { createApiUser } from "@/lib/api-users/service";
import { operatorCtx } from "@/lib/auth/context";
import { getCaCertificatePem, revokeCertificate, submitCsr } from "@/lib/certificates/service";
import { db, onPostgres } from "@/lib/db";
import { shippedMigrations } from "@/lib/health/checks";
import { reverseName, startDnsServer } from "@/lib/testing/dns-server";
import { makeCtx, makeProgram } from "@/lib/testing/factories";
import { opensslCsr } from "@/lib/testing/openssl";
import { createTenant } from "@/lib/tenants/service";

// `npm run gateway` as operators run it (2 workers, real processes) against this test's database.
const root = path.resolve(import.meta.dirname, "../..");
const REFRESH_MS = 2000; // the documented default of AXYS_GATEWAY_REFRESH_MS
const SLACK_MS = 1500; // a database read and a CRL rebuild on a busy 2-core machine
const HOST = "api.cluster.example";
const LEGAL = "Cluster Gateway Co";

let gateway: ChildProcess;
let output = "";
let dns: Awaited<ReturnType<typeof startDnsServer>>;
const port = { staging: 0, production: 0, health: 0, metrics: 0 };
let caPem = "";
const cred = { cert: "", key: "", apiKey: "", apiKey2: "", certId: "", keyId: "", cert2: "", key2: "", apiUserId: "" };

/** Ports from AXYS_TEST_PORT_BASE (consecutive) when set, else free ephemeral ports. */
async function freePort(i: number): Promise<number> {
  if (process.env.AXYS_TEST_PORT_BASE) return Number(process.env.AXYS_TEST_PORT_BASE) + i;
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const p = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

const logLines = () =>
  output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { msg: string; workerPid?: number; signal?: string });
const servingPids = () =>
  logLines()
    .filter((l) => l.msg === "gateway worker serving")
    .map((l) => l.workerPid!);

/** The pid (among `pids`) holding the server end of the loopback connection from client port `clientPort`. */
function ownerOf(clientPort: number, serverPort: number, pids: number[]): number | null {
  const hex = (p: number) => `:${p.toString(16).toUpperCase().padStart(4, "0")}`;
  const row = readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .map((r) => r.trim().split(/\s+/))
    .find((f) => f[1]?.endsWith(hex(serverPort)) && f[2]?.endsWith(hex(clientPort)));
  if (!row) return null;
  const target = `socket:[${row[9]}]`;
  for (const pid of pids) {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return pid;
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return null;
}

type Reply = { status?: number; error?: string; clientPort?: number };
/** One keep-alive connection (its own agent, one socket): requests on it reuse the connection while it lives. */
function connection(o: { cert: string; key: string }) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, maxCachedSessions: 0 });
  return {
    agent,
    get: (apiKey: string): Promise<Reply> =>
      new Promise((resolve) => {
        const req = https.request(
          {
            host: "127.0.0.1",
            port: port.staging,
            path: "/v2/cardholders",
            ca: caPem,
            servername: "localhost",
            agent,
            cert: o.cert,
            key: o.key,
            headers: { "x-api-key": apiKey },
            timeout: 5000,
          },
          (res) => {
            const clientPort = (res.socket as TLSSocket).localPort; // before the socket goes back to the agent
            res.resume();
            res.on("end", () => resolve({ status: res.statusCode, clientPort }));
          },
        );
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
        req.end();
      }),
  };
}

/** Polls `check` on every connection until each passes; returns how long the slowest took from `since`. */
async function untilEvery(
  conns: ReturnType<typeof connection>[],
  check: (c: (typeof conns)[number]) => Promise<boolean>,
  since: number,
) {
  const took = await Promise.all(
    conns.map(async (c) => {
      while (Date.now() - since < REFRESH_MS + SLACK_MS + 2000) {
        if (await check(c)) return Date.now() - since;
        await new Promise((r) => setTimeout(r, 100));
      }
      return Infinity;
    }),
  );
  return Math.max(...took);
}

beforeAll(async () => {
  // the test database was migrated from the SQL files: record them as `prisma migrate deploy` would (readiness)
  const ts = onPostgres ? "TIMESTAMPTZ" : "DATETIME";
  await db.$executeRawUnsafe(
    `CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY, migration_name VARCHAR(255) NOT NULL, finished_at ${ts}, rolled_back_at ${ts})`,
  );
  for (const [i, name] of shippedMigrations()!.entries())
    await db.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, migration_name, finished_at) VALUES ('m${i}', '${name}', CURRENT_TIMESTAMP)`,
    );
  dns = await startDnsServer({ PTR: { [reverseName("127.0.0.1")]: [HOST] }, A: { [HOST]: ["127.0.0.1"] } });
  process.env.AXYS_DNS_SERVERS = dns.address;

  const tenant = await createTenant(operatorCtx({ actor: "test" }), { name: LEGAL, slug: "cluster-gw" });
  const admin = await makeCtx("tenant_admin", { tenantId: tenant.id, environment: "staging" });
  const programId = (await makeProgram(admin)).id;
  const apiUser = await createApiUser(admin, { name: "cluster", pattern: "program", programId });
  const issue = async () => {
    const csr = opensslCsr("ec:P-256", `/O=${LEGAL}/OU=${programId}/CN=${HOST}`);
    const c = await submitCsr(admin, { environment: "staging", programId, apiUserId: apiUser.id, csrPem: csr.csrPem });
    return { cert: c.certificatePem, key: csr.keyPem, id: c.id };
  };
  const first = await issue();
  const second = await issue();
  Object.assign(cred, { cert: first.cert, key: first.key, certId: first.id, cert2: second.cert, key2: second.key });
  const entry = await addAllowlistEntry(admin, {
    environment: "staging",
    programId,
    cidr: "127.0.0.1",
    description: "cluster test host",
  });
  expect(entry.dns.status).toBe("pass");
  const k1 = await issueApiKey(admin, { apiUserId: apiUser.id, environment: "staging" });
  Object.assign(cred, { apiKey: k1.key, keyId: k1.apiKey.id, apiUserId: apiUser.id });
  caPem = await getCaCertificatePem("staging");
  (globalThis as { clusterAdmin?: unknown }).clusterAdmin = admin;

  port.staging = await freePort(0);
  port.production = await freePort(1);
  port.health = await freePort(2);
  port.metrics = await freePort(3);
  gateway = spawn(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "lib/gateway/main.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        AXYS_GATEWAY_WORKERS: "2",
        AXYS_GATEWAY_HOST: "127.0.0.1",
        AXYS_GATEWAY_HOSTNAMES: "localhost,127.0.0.1",
        AXYS_GATEWAY_STAGING_PORT: String(port.staging),
        AXYS_GATEWAY_PRODUCTION_PORT: String(port.production),
        AXYS_GATEWAY_HEALTH_PORT: String(port.health),
        AXYS_GATEWAY_METRICS_PORT: String(port.metrics),
        AXYS_GATEWAY_REFRESH_MS: String(REFRESH_MS),
        AXYS_LOG_FORMAT: "json",
        AXYS_LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: afterAll can kill tsx, the primary and the workers together
    },
  );
  gateway.stdout!.on("data", (c) => (output += c));
  gateway.stderr!.on("data", (c) => (output += c));
}, 60_000);

afterAll(async () => {
  try {
    process.kill(-gateway.pid!, "SIGKILL");
  } catch {
    /* stopped by the test */
  }
  await dns?.close();
});

it("serves from 2 workers; a revoked key and a revoked certificate are refused by every worker within the refresh time; a killed worker is replaced; SIGTERM stops all", async () => {
  const admin = (globalThis as { clusterAdmin?: Parameters<typeof revokeApiKey>[0] }).clusterAdmin!;
  const ready = async () => {
    const r = await fetch(`http://127.0.0.1:${port.health}/api/health/ready`).catch(() => null);
    return r ? ((await r.json()) as { status: string; checks: Record<string, { detail?: string }> }) : null;
  };
  await expect
    .poll(async () => (await ready())?.checks.listeners?.detail, { timeout: 40_000, interval: 250 })
    .toBe("2 of 2 workers listening on 2 of 2 ports");
  expect((await ready())!.status).toBe("ok");
  const workers = servingPids();
  expect(new Set(workers).size).toBe(2);

  // 1. Served: 6 keep-alive connections, shared round-robin: each worker holds some.
  const conns = Array.from({ length: 6 }, () => connection(cred));
  const owners: number[] = [];
  for (const c of conns) {
    const r = await c.get(cred.apiKey);
    expect(r.status).toBe(200);
    owners.push(ownerOf(r.clientPort!, port.staging, workers)!);
  }
  expect(new Set(owners)).toEqual(new Set(workers));

  // the metrics endpoint sums the workers' counters
  const text = await (await fetch(`http://127.0.0.1:${port.metrics}/metrics`)).text();
  expect(text).toMatch(/axys_gateway_decisions_total\{environment="staging",status="200",code="ok"\} 6\n/);

  // 2. A revoked API key: every connection (so every worker) answers 401 within the refresh time.
  let since = Date.now();
  await revokeApiKey(admin, { keyId: cred.keyId });
  const keyTook = await untilEvery(conns, async (c) => (await c.get(cred.apiKey)).status === 401, since);
  expect(keyTook).toBeLessThan(REFRESH_MS + SLACK_MS);
  // ... on the same connections, still held by both workers; the API user's new key works at once
  cred.apiKey2 = (await issueApiKey(admin, { apiUserId: cred.apiUserId, environment: "staging" })).key;
  for (const [i, c] of conns.entries()) {
    const r = await c.get(cred.apiKey2);
    expect(r.status).toBe(200);
    expect(ownerOf(r.clientPort!, port.staging, workers)).toBe(owners[i]);
  }

  // 3. A revoked certificate: its held connections are cut and new handshakes fail (CRL), in every worker.
  since = Date.now();
  await revokeCertificate(admin, { certificateId: cred.certId, reason: "keyCompromise" });
  const certTook = await untilEvery(conns, async (c) => (await c.get(cred.apiKey2)).status === undefined, since);
  expect(certTook).toBeLessThan(REFRESH_MS + SLACK_MS);
  await new Promise((r) => setTimeout(r, REFRESH_MS + SLACK_MS - (Date.now() - since)));
  // new connections alternate between the workers: each one's CRL refuses the handshake
  for (let i = 0; i < 6; i++) {
    const r = await connection(cred).get(cred.apiKey2);
    expect(r.status).toBeUndefined();
    expect(r.error).toBeTruthy();
  }
  const other = { cert: cred.cert2, key: cred.key2 };
  expect((await connection(other).get(cred.apiKey2)).status).toBe(200);

  // 4. SIGKILL one worker: the primary starts a replacement, which serves.
  process.kill(workers[0], "SIGKILL");
  await expect.poll(() => servingPids().length, { timeout: 30_000, interval: 200 }).toBe(3);
  const replacement = servingPids()[2];
  expect(workers).not.toContain(replacement);
  expect(logLines().find((l) => l.msg === "gateway worker exited: starting a replacement")?.signal).toBe("SIGKILL");
  expect((await ready())!.checks.listeners.detail).toBe("2 of 2 workers listening on 2 of 2 ports");
  const now = [workers[1], replacement];
  const seen = new Set<number>();
  for (let i = 0; i < 8 && seen.size < 2; i++) {
    const r = await connection(other).get(cred.apiKey2);
    expect(r.status).toBe(200);
    seen.add(ownerOf(r.clientPort!, port.staging, now)!);
  }
  expect(seen).toEqual(new Set(now));
  for (const c of conns) c.agent.destroy();

  // 5. SIGTERM (to `tsx`, as a supervisor sends it): every worker and the primary stop, exit code 0.
  const exited = new Promise<number | null>((r) => gateway.once("exit", (code) => r(code)));
  gateway.kill("SIGTERM");
  expect(await exited).toBe(0);
  for (const pid of now) expect(() => process.kill(pid, 0)).toThrow();
  expect(logLines().map((l) => l.msg)).toContain("gateway stopped");
}, 120_000);
