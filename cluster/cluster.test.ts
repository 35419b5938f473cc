// Several instances on one PostgreSQL database, as compose.yaml runs them: two portal instances, two workers and the
// gateway, started with compose.yaml's own commands. Run by `npm run test:cluster` (vitest.cluster.config.ts).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { addAllowlistEntry } from "@/lib/allowlist/service";
import { issueApiKey } from "@/lib/api-keys/service";
import { createApiUser } from "@/lib/api-users/service";
import { getCaCertificatePem, submitCsr } from "@/lib/certificates/service";
import { reverseName, startDnsServer } from "@/lib/testing/dns-server";
import { makeCtx, makeTenant, TEST_PASSWORD } from "@/lib/testing/factories";
import { opensslCsr } from "@/lib/testing/openssl";
import { addWebhookEndpoint } from "@/lib/webhooks/service";
import { emitEvent } from "@/lib/webhooks/events";
import { EVENT_TYPES } from "@/lib/webhooks/schemas";
import { makeProgram } from "@/lib/testing/factories";
import { composeService } from "./compose";
import { actionIds, Jar, LOG_DIR, logLines, ready, sleep, startService, stopAll, until, type Proc } from "./harness";
import { startSmtpServer, startWebhookReceiver, type Mailbox, type Receiver } from "./receivers";

const A = "http://127.0.0.1:4510";
const B = "http://127.0.0.1:4511";
const GATEWAY_HEALTH = "http://127.0.0.1:4522";
const GATEWAY_PRODUCTION = 4521;
// An integration's public address reaches the gateway through the trusted loopback proxy and passes FCrDNS
// against the harness's DNS server (as in lib/am-api/gateway.test.ts).
const CALLER_IP = "1.2.3.4";
const PROXY = "127.0.0.3";
const API_HOST = "am.cluster.example";
const WORKER_HEALTH = ["http://127.0.0.1:4530", "http://127.0.0.1:4531"];

const procs: Record<string, Proc> = {};
let admin: Ctx;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
const ids = actionIds();
let dns: Awaited<ReturnType<typeof startDnsServer>>;
let receiver: Receiver;
let mailbox: Mailbox;
const endpointIds: string[] = [];
let caPem = "";

interface Credential {
  apiUserId: string;
  cert: string;
  key: string;
  apiKey: string;
}

/** A call to the gateway's production listener with a credential set, from the allowlisted address. */
function gatewayCall(
  c: Credential,
  method: string,
  path: string,
  o: { port?: number; body?: unknown; headers?: Record<string, string> } = {},
) {
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise<{ status: number; body: Record<string, unknown> | null; text: string }>((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port: o.port ?? GATEWAY_PRODUCTION,
        path,
        method,
        ca: caPem,
        servername: "localhost",
        agent: false,
        localAddress: PROXY,
        cert: c.cert,
        key: c.key,
        timeout: 20_000,
        headers: {
          "x-api-key": c.apiKey,
          "x-forwarded-for": CALLER_IP,
          ...o.headers,
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => {
          let body = null;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body, text });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("gateway call timed out")));
    req.on("error", reject);
    req.end(payload);
  });
}

/** A tenant-level production credential set made with the services (CSR, API key); the allowlist is the scope's. */
async function credentialSet(name: string): Promise<Credential> {
  const user = await createApiUser(admin, { name, pattern: "tenant_admin", programId: null });
  const g = opensslCsr("ec:P-256", `/O=${tenant.legalName}/OU=tenant/CN=${API_HOST}`);
  const c = await submitCsr(admin, {
    environment: "production",
    programId: null,
    apiUserId: user.id,
    csrPem: g.csrPem,
  });
  const k = await issueApiKey(admin, { apiUserId: user.id, environment: "production" });
  return { apiUserId: user.id, cert: c.certificatePem, key: readFileSync(g.keyFile, "utf8"), apiKey: k.key };
}

/** What every process of the run shares (compose.yaml's x-app environment, with this run's values). */
function sharedEnv(): Record<string, string> {
  return {
    DATABASE_URL: process.env.DATABASE_URL!,
    AXYS_CA_MASTER_KEY: process.env.AXYS_CA_MASTER_KEY!,
    NEXTAUTH_SECRET: "cluster-secret-0123456789abcdef0123456789",
    NEXTAUTH_URL: A,
    // the loopback "proxy" (compose: nginx's fixed address)
    AXYS_TRUSTED_PROXIES: "127.0.0.3/32",
    AXYS_METRICS_PORT: "off",
    AXYS_AM_RATE_LIMIT: "100",
    AXYS_GATEWAY_WORKERS: "1",
  };
}

beforeAll(async () => {
  tenant = await makeTenant("Cluster");
  admin = await makeCtx("tenant_admin", { tenantId: tenant.id });
  dns = await startDnsServer({ PTR: { [reverseName(CALLER_IP)]: [API_HOST] }, A: { [API_HOST]: [CALLER_IP] } });
  process.env.AXYS_DNS_SERVERS = dns.address;
  // the integrations' address on the tenant scope's production allowlist: FCrDNS (against `dns`) matches the PTR
  // name against the scope's certificates, so one is issued first
  await credentialSet("First");
  await addAllowlistEntry(admin, { environment: "production", programId: null, cidr: CALLER_IP, description: "NAT" });
  receiver = await startWebhookReceiver();
  mailbox = await startSmtpServer();
  process.env.AXYS_WEBHOOK_ALLOW_LOOPBACK = "1";
  const env = {
    ...sharedEnv(),
    AXYS_DNS_SERVERS: dns.address,
    AXYS_WEBHOOK_ALLOW_LOOPBACK: "1",
    AXYS_WEBHOOK_EXTRA_CA_FILE: receiver.caFile,
    AXYS_SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
    AXYS_SMTP_CA_FILE: mailbox.caFile,
    // a crashed worker's deliveries are taken over after 5 + 2 s (not 10 + 45 s), reminders race every second
    AXYS_WEBHOOK_TIMEOUT_MS: "5000",
    AXYS_WEBHOOK_LEASE_MARGIN_MS: "2000",
    AXYS_WORKER_REMINDER_MS: "1000",
  };
  procs.appA = startService("app-a", "app1", env, 4510);
  procs.appB = startService("app-b", "app2", env, 4511);
  for (const [i, port] of [4530, 4531].entries())
    procs[`worker${i + 1}`] = startService(`worker-${i + 1}`, "worker", {
      ...env,
      AXYS_WORKER_HEALTH_PORT: String(port),
      AXYS_WORKER_METRICS_PORT: "off",
    });
  procs.gateway = startService("gateway", "gateway", {
    ...env,
    AXYS_GATEWAY_STAGING_PORT: "4520",
    AXYS_GATEWAY_PRODUCTION_PORT: "4521",
    AXYS_GATEWAY_HEALTH_PORT: "4522",
    AXYS_GATEWAY_METRICS_PORT: "off",
    AXYS_GATEWAY_HOST: "127.0.0.1",
    AXYS_GATEWAY_TRUSTED_PROXIES: "127.0.0.3",
  });
  for (const url of [A, B, GATEWAY_HEALTH, ...WORKER_HEALTH])
    await until(`${url} ready`, () => ready(`${url}/api/health/ready`), 90_000, 500);
  caPem = await getCaCertificatePem("production");
}, 150_000);

afterAll(async () => {
  await stopAll(Object.values(procs));
  await dns?.close();
  await receiver?.close();
  await mailbox?.close();
  await db.$disconnect();
});

describe("two portal instances on one database", () => {
  it("a session started on one instance works on the other", async () => {
    const jar = new Jar();
    expect(await jar.signIn(A, admin.actorLabel, TEST_PASSWORD)).toBe(admin.actorLabel);
    expect(await jar.sessionEmail(B)).toBe(admin.actorLabel);
    const page = await jar.fetch(B, "/programs");
    expect(page.status).toBe(200);
    expect(page.text).toContain(tenant.name);
    // signed out on B: the cookie is worthless on A too (the session record is in the shared database)
    const stolen = new Jar();
    stolen.cookies = new Map(jar.cookies);
    expect((await stolen.fetch(A, "/programs")).status).toBe(200);
    const { csrfToken } = JSON.parse((await jar.fetch(B, "/api/auth/csrf")).text);
    await jar.fetch(B, "/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, json: "true" }).toString(),
    });
    const after = await stolen.fetch(A, "/programs");
    expect(after.status).toBeGreaterThanOrEqual(300);
    expect(after.headers.get("location")).toMatch(/\/login/);
  });

  it("creates a Program on one instance that the other lists", async () => {
    const jar = new Jar();
    await jar.signIn(B, admin.actorLabel, TEST_PASSWORD);
    const name = `Cluster ${randomBytes(3).toString("hex")}`;
    const r = await jar.action(
      A,
      "/programs/new",
      ids.createProgramAction,
      { name, baseCurrency: "EUR", transactionLimit: "100.00", threeDsEnabled: "on", feeTemplate: "standard_debit" },
      true,
    );
    expect(r.result, r.text.slice(0, 500)).toMatchObject({ ok: true });
    const list = await jar.fetch(B, "/programs");
    expect(list.text).toContain(name);
  });
});

describe("throttles and rate limits hold across instances", () => {
  it("counts sign-in failures of one account on both instances together", async () => {
    const user = await makeCtx("tenant_viewer", { tenantId: tenant.id });
    const attempt = async (base: string, password: string) => {
      const jar = new Jar();
      const { csrfToken } = JSON.parse((await jar.fetch(base, "/api/auth/csrf")).text);
      const r = await jar.fetch(base, "/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, email: user.actorLabel, password, json: "true" }).toString(),
      });
      return { signedIn: (await jar.sessionEmail(base)) === user.actorLabel, answer: decodeURIComponent(r.text) };
    };
    // THROTTLE.perAccount = 5 failures in 15 minutes, spread over both instances
    for (const base of [A, B, A, B, A]) expect((await attempt(base, "wrong-password-1")).signedIn).toBe(false);
    for (const base of [A, B]) {
      const r = await attempt(base, TEST_PASSWORD);
      expect(r.signedIn, `the right password on ${base} after five failures`).toBe(false);
      expect(r.answer).toMatch(/Too many failed sign-in attempts/);
    }
  });

  it("counts an API user's requests through two gateway processes together", async () => {
    const cred = await credentialSet("Rate limited");
    // a second gateway on the same database: this process, as another instance would be
    const { createGatewayServer } = await import("@/lib/gateway/server");
    const second = await createGatewayServer({ environment: "production", trustedProxies: [PROXY] });
    await new Promise<void>((r) => second.server.listen(0, "127.0.0.1", r));
    const port = (second.server.address() as AddressInfo).port;
    try {
      // the limit counts per minute: start early in one
      if (new Date().getSeconds() > 45) await sleep((61 - new Date().getSeconds()) * 1000);
      const statuses: number[] = [];
      for (let i = 0; i < 55; i++)
        for (const p of [GATEWAY_PRODUCTION, port])
          statuses.push((await gatewayCall(cred, "GET", "/am/v1/programs", { port: p })).status);
      // AXYS_AM_RATE_LIMIT=100 in both
      expect(statuses.filter((s) => s === 200)).toHaveLength(100);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    } finally {
      await second.close();
    }
  });
});

describe("credentials across both instances and the gateway", () => {
  it("issues a certificate on one instance, a key on the other, rotates and revokes it: the gateway follows", async () => {
    const jar = new Jar();
    await jar.signIn(A, admin.actorLabel, TEST_PASSWORD);
    const user = await createApiUser(admin, { name: "Portal made", pattern: "tenant_admin", programId: null });
    const g = opensslCsr("ec:P-256", `/O=${tenant.legalName}/OU=tenant/CN=${API_HOST}`);
    const issued = await jar.action(
      B,
      "/certificates/tenant",
      ids.submitCsrAction,
      { environment: "production", programId: "tenant", csrPem: g.csrPem, apiUserId: user.id },
      true,
    );
    expect(issued.result, issued.text.slice(0, 400)).toMatchObject({ ok: true });
    const certificate = await db.certificate.findFirstOrThrow({ where: { apiUserId: user.id } });
    const key = await jar.action(
      A,
      `/api-users/${user.id}`,
      ids.issueApiKeyAction,
      {
        apiUserId: user.id,
        environment: "production",
      },
      false,
    );
    expect(key.result, key.text.slice(0, 400)).toMatchObject({ ok: true });
    const cred: Credential = {
      apiUserId: user.id,
      cert: certificate.certificatePem,
      key: readFileSync(g.keyFile, "utf8"),
      apiKey: String(key.result!.data!.key),
    };
    const programs = await until(
      "the gateway to accept the new credential set",
      async () => {
        const r = await gatewayCall(cred, "GET", "/am/v1/programs");
        return r.status === 200 ? r : null;
      },
      15_000,
    );
    expect(programs.body?.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: expect.stringMatching(/^Cluster /) })]),
    );

    const old = await db.apiKey.findFirstOrThrow({ where: { apiUserId: user.id } });
    const rotated = await jar.action(
      B,
      `/api-users/${user.id}`,
      ids.rotateApiKeyAction,
      { keyId: old.id, overlap: "1h" },
      false,
    );
    expect(rotated.result, rotated.text.slice(0, 400)).toMatchObject({ ok: true });
    const fresh = { ...cred, apiKey: String(rotated.result!.data!.key) };
    await until(
      "the rotated key to work",
      async () => (await gatewayCall(fresh, "GET", "/am/v1/programs")).status === 200,
      15_000,
    );
    expect((await gatewayCall(cred, "GET", "/am/v1/programs")).status).toBe(200); // the overlap
    const revoked = await jar.action(A, `/api-users/${user.id}`, ids.revokeApiKeyAction, old.id, false);
    expect(revoked.result, revoked.text.slice(0, 400)).toMatchObject({ ok: true });
    await until(
      "the gateway to refuse the revoked key",
      async () => (await gatewayCall(cred, "GET", "/am/v1/programs")).status === 401,
      15_000,
    );
    expect((await gatewayCall(fresh, "GET", "/am/v1/programs")).status).toBe(200);
  });
});

/**
 * How to restart the PostgreSQL server of TEST_DATABASE_URL: CLUSTER_PG_RESTART (a command, split on spaces), else
 * Debian's `pg_ctlcluster <version> <name> restart` for the online cluster on the URL's port (needs root, as in CI).
 */
function pgRestartCommand(): string[] {
  if (process.env.CLUSTER_PG_RESTART) return process.env.CLUSTER_PG_RESTART.split(" ").filter(Boolean);
  const port = new URL(process.env.DATABASE_URL!).port || "5432";
  const r = spawnSync("pg_lsclusters", ["--no-header"], { encoding: "utf8" });
  const line = (r.stdout ?? "").split("\n").find((l) => l.split(/\s+/)[2] === port && / online/.test(l));
  if (!line)
    throw new Error(
      `no online Debian PostgreSQL cluster on port ${port} (pg_lsclusters): set CLUSTER_PG_RESTART to the command that restarts the server`,
    );
  const [version, name] = line.split(/\s+/);
  return ["pg_ctlcluster", version, name, "restart"];
}

/** Emits `n` events of the tenant (as the services do, in a transaction each): one delivery per endpoint. */
async function emitEvents(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      (await db.$transaction((tx) =>
        emitEvent(tx, { tenantId: tenant.id, programId: null, type: "certificate.issued", data: { n: i } }),
      ))!,
    );
  return out;
}

/** How many times the receiver acknowledged each (endpoint, event). */
function ackCounts(eventIds: string[]) {
  const counts = new Map<string, number>();
  for (const a of receiver.acked)
    if (eventIds.includes(a.eventId))
      counts.set(`${a.path} ${a.eventId}`, (counts.get(`${a.path} ${a.eventId}`) ?? 0) + 1);
  return counts;
}

const allSucceeded = async (eventIds: string[]) =>
  (await db.webhookDelivery.count({ where: { eventId: { in: eventIds }, status: { not: "succeeded" } } })) === 0;

describe("two workers", () => {
  it("deliver every webhook exactly once", async () => {
    for (const path of ["/e1", "/e2", "/e3"])
      endpointIds.push(
        (
          await addWebhookEndpoint(admin, {
            url: `https://127.0.0.1:${receiver.port}${path}`,
            events: [...EVENT_TYPES],
          })
        ).endpoint.id,
      );
    await until(
      "the endpoints to be verified",
      async () => (await db.webhookEndpoint.count({ where: { id: { in: endpointIds }, status: "active" } })) === 3,
    );
    const events = await emitEvents(30);
    await until("90 deliveries to succeed", () => allSucceeded(events), 60_000);
    await sleep(1_500); // a duplicate would arrive now
    const counts = ackCounts(events);
    expect(counts.size).toBe(90);
    expect(
      [...counts.values()].every((n) => n === 1),
      JSON.stringify([...counts].filter(([, n]) => n !== 1)),
    ).toBe(true);
    expect(receiver.arrivals.filter((a) => events.includes(a.eventId))).toHaveLength(90);
    // both workers took part
    for (const w of [procs.worker1, procs.worker2])
      expect(logLines(w, /"job":"webhook.delivery".*"outcome":"succeeded"/).length).toBeGreaterThan(0);
  });

  it("emit each certificate reminder once, with one email per Tenant admin", async () => {
    // three certificates issued 80 days ago: they expire in 10 days, so the 30- and 15-day reminders are due
    const program = await makeProgram(admin, { name: "Reminders" });
    const user = await createApiUser(admin, { name: "Reminded", pattern: "program", programId: program.id });
    const serials: string[] = [];
    for (let i = 0; i < 3; i++) {
      const g = opensslCsr("ec:P-256", `/O=${tenant.legalName}/OU=${program.id}/CN=api${i}.cluster.example`);
      const c = await submitCsr(
        { ...admin, environment: "staging" },
        { environment: "staging", programId: program.id, apiUserId: user.id, csrPem: g.csrPem },
        new Date(Date.now() - 80 * 86_400_000),
      );
      serials.push(c.serialHex);
    }
    const reminders = () =>
      db.webhookEvent.findMany({ where: { tenantId: tenant.id, type: "certificate.expiring" }, select: { id: true } });
    await until("six reminders", async () => (await reminders()).length >= 6, 30_000);
    const ids = (await reminders()).map((e) => e.id);
    await until("their deliveries", () => allSucceeded(ids), 30_000);
    const expiryMails = () =>
      mailbox.messages.filter((m) => m.to.includes(admin.actorLabel) && /^Subject: A staging certificate/m.test(m.raw));
    await until("three emails", () => expiryMails().length >= 3, 30_000);
    await sleep(4_000); // each worker runs the reminder pass every second: several more passes each
    expect((await reminders()).length).toBe(6);
    const counts = ackCounts(ids);
    expect(counts.size).toBe(18); // 6 events x 3 endpoints
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(expiryMails()).toHaveLength(3);
    expect(
      await db.mailMessage.count({ where: { to: admin.actorLabel, kind: "certificate_expiry", status: "sent" } }),
    ).toBe(3);
  });
});

describe("SIGKILL mid-flight", () => {
  it("one portal instance and one worker die: nothing is lost, nothing is done twice", async () => {
    const jar = new Jar();
    await jar.signIn(B, admin.actorLabel, TEST_PASSWORD);
    receiver.closeGate();
    const events = await emitEvents(20);
    // both workers hold deliveries (requests the receiver is holding, leases in the database)
    const leased = () =>
      db.webhookDelivery.findMany({
        where: { eventId: { in: events }, lockedUntil: { gt: new Date() } },
        select: { id: true, eventId: true, endpointId: true, lockedBy: true, lockedUntil: true },
      });
    const holders = await until(
      "both workers to hold deliveries",
      async () => {
        const l = await leased();
        return new Set(l.map((d) => d.lockedBy)).size === 2 && receiver.held() >= 2 ? l : null;
      },
      4_000,
      100,
    );
    // program creations in flight on instance A when it dies
    const names = Array.from({ length: 6 }, (_, i) => `Killed ${i} ${randomBytes(2).toString("hex")}`);
    const inFlight = names.map((name) =>
      jar
        .action(
          A,
          "/programs/new",
          ids.createProgramAction,
          { name, baseCurrency: "EUR", transactionLimit: "10.00", threeDsEnabled: "on", feeTemplate: "standard_debit" },
          true,
        )
        .then(
          (r) => r.result?.ok ?? false,
          () => null,
        ),
    );
    await sleep(150);
    const workerId = (w: Proc) => {
      const line = logLines(w, /"msg":"worker running"/)[0];
      return JSON.parse(line).workerId as string;
    };
    const dead = workerId(procs.worker1);
    const deadLeases = holders.filter((d) => d.lockedBy === dead);
    expect(deadLeases.length).toBeGreaterThan(0);
    procs.worker1.kill("SIGKILL");
    procs.appA.kill("SIGKILL");
    await Promise.all([procs.worker1.exited, procs.appA.exited]);
    await sleep(300); // the dead worker's connections are closed by now
    receiver.openGate();
    const outcomes = await Promise.all(inFlight);

    await until("every delivery to succeed", () => allSucceeded(events), 60_000);
    await sleep(1_500);
    const counts = ackCounts(events);
    expect(counts.size).toBe(60);
    expect(
      [...counts.values()].every((n) => n === 1),
      JSON.stringify([...counts].filter(([, n]) => n !== 1)),
    ).toBe(true);
    // the dead worker's deliveries were sent again only once their lease had expired, by the other worker
    for (const d of deadLeases) {
      const path = ["/e1", "/e2", "/e3"][endpointIds.indexOf(d.endpointId)];
      const ack = receiver.acked.find((a) => a.eventId === d.eventId && a.path === path)!;
      expect(ack.at).toBeGreaterThanOrEqual(d.lockedUntil!.getTime() - 50);
    }
    expect(receiver.aborted.length).toBeGreaterThan(0);
    // one succeeded attempt per delivery
    const succeeded = await db.webhookAttempt.groupBy({
      by: ["deliveryId"],
      where: { delivery: { eventId: { in: events } }, statusCode: 200 },
      _count: true,
    });
    expect(succeeded).toHaveLength(60);
    expect(succeeded.every((s) => s._count === 1)).toBe(true);

    // the program creations on A: each whole (program, fee schedule, audit event) or absent, never reported
    // created without being there
    for (const [i, name] of names.entries()) {
      const p = await db.program.findFirst({ where: { tenantId: tenant.id, name } });
      if (outcomes[i] === true) expect(p, name).not.toBeNull();
      if (!p) continue;
      expect(await db.auditEvent.count({ where: { targetId: p.id, action: "program.created" } })).toBe(1);
      expect(await db.feeSchedule.count({ where: { programId: p.id } })).toBeGreaterThan(0);
    }
    // B kept serving throughout, and the session too
    expect((await jar.fetch(B, "/programs")).status).toBe(200);
  });
});

describe("faults", () => {
  it("PostgreSQL restarts during traffic: clean errors, no half-written state, recovery within seconds", async () => {
    const jar = new Jar();
    await jar.signIn(B, admin.actorLabel, TEST_PASSWORD);
    const cred = await credentialSet("Fault traffic");
    const LEAK = /\bat async\b|DriverAdapterError|PrismaClient|postgres|ECONNREFUSED|terminating connection/i;
    type Outcome = { what: string; kind: "ok" | "clean" | "dirty"; detail: string };
    const outcomes: Outcome[] = [];
    const made: { name: string; key: string; answer: number }[] = [];
    let stop = false;
    const classify = (what: string, ok: boolean, clean: boolean, detail: string) =>
      outcomes.push({ what, kind: ok ? "ok" : clean ? "clean" : "dirty", detail: detail.slice(0, 300) });
    const pages = async () => {
      while (!stop) {
        try {
          const r = await jar.fetch(B, "/programs", { timeoutMs: 15_000 });
          if (r.status >= 500 && !outcomes.some((o) => o.what === "page" && o.kind !== "ok"))
            writeFileSync(path.join(LOG_DIR, "fault-page.html"), r.text); // for whoever reads a failed run
          classify(
            "page",
            r.status === 200 && r.text.includes(tenant.name),
            // a 500 with the error boundary (app/error.tsx), either rendered or, when the portal layout itself
            // failed, Next's error document from which the browser renders it; never a stack or a driver message
            r.status >= 500 &&
              (r.text.includes("Something went wrong") || r.text.includes('id="__next_error__"')) &&
              !LEAK.test(r.text),
            `${r.status} ${r.text.slice(0, 200)}`,
          );
        } catch (e) {
          classify("page", false, false, String(e));
        }
        await sleep(50);
      }
    };
    const actions = async () => {
      for (let i = 0; !stop; i++) {
        const name = `Fault portal ${i} ${randomBytes(2).toString("hex")}`;
        try {
          const r = await jar.action(
            B,
            "/programs/new",
            ids.createProgramAction,
            {
              name,
              baseCurrency: "EUR",
              transactionLimit: "10.00",
              threeDsEnabled: "on",
              feeTemplate: "standard_debit",
            },
            true,
          );
          classify(
            "action",
            r.result?.ok === true,
            r.result?.ok === false && typeof r.result.message === "string",
            `${r.status} ${r.text.slice(0, 200)}`,
          );
        } catch (e) {
          classify("action", false, false, String(e));
        }
        await sleep(50);
      }
    };
    const api = async () => {
      for (let i = 0; !stop; i++) {
        const name = `Fault api ${i} ${randomBytes(2).toString("hex")}`;
        const key = `fault-${randomBytes(6).toString("hex")}`;
        try {
          const r = await gatewayCall(cred, "POST", "/am/v1/programs", {
            body: { name, baseCurrency: "EUR", transactionLimit: "10.00", feeTemplate: "standard_debit" },
            headers: { "idempotency-key": key },
          });
          made.push({ name, key, answer: r.status });
          // the AM API's error ({ error: { code, message, request_id } }) or the gateway's own ({ error, message })
          const error = (r.body as { error?: { code?: string } | string } | null)?.error;
          const code = typeof error === "string" ? error : error?.code;
          classify(
            "api",
            r.status === 201,
            r.status >= 500 && typeof code === "string" && !LEAK.test(r.text),
            `${r.status} ${r.text.slice(0, 200)}`,
          );
        } catch (e) {
          classify("api", false, false, String(e));
        }
        await sleep(150);
      }
    };
    const traffic = [pages(), actions(), api()];
    await sleep(1_500);
    // asynchronously: the traffic goes on (from this process) while the server stops and starts
    const [cmd, ...args] = pgRestartCommand();
    const restart = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    restart.stderr.on("data", (d) => (stderr += d));
    expect(await new Promise((r) => restart.on("exit", r)), stderr).toBe(0);
    const back = Date.now();
    // every process recovers by itself
    for (const url of [B, GATEWAY_HEALTH, WORKER_HEALTH[1]])
      await until(`${url} ready after the restart`, () => ready(`${url}/api/health/ready`), 20_000, 200);
    const recoveredMs = Date.now() - back;
    await sleep(2_000);
    stop = true;
    await Promise.all(traffic);

    const tally = (what: string) =>
      ["ok", "clean", "dirty"].map((k) => `${k} ${outcomes.filter((o) => o.what === what && o.kind === k).length}`);
    console.log(
      `PostgreSQL restart: ${["page", "action", "api"].map((w) => `${w}s ${tally(w).join(", ")}`).join("; ")}; ready again after ${recoveredMs} ms`,
    );
    const dirty = outcomes.filter((o) => o.kind === "dirty");
    expect(dirty, JSON.stringify(dirty.slice(0, 5))).toEqual([]);
    expect(outcomes.filter((o) => o.kind === "ok").length).toBeGreaterThan(10);
    expect(recoveredMs).toBeLessThan(15_000);
    for (const p of [procs.appB, procs.gateway, procs.worker2]) expect(p.alive(), `${p.name} still running`).toBe(true);
    // the last requests of each kind succeeded again
    for (const what of ["page", "action", "api"])
      expect(outcomes.filter((o) => o.what === what).at(-1)?.kind, what).toBe("ok");

    // nothing half-written: every Program has its audit event, and its first fee schedule unless made "custom"
    const programs = await db.program.findMany({
      where: { tenantId: tenant.id },
      select: { id: true, name: true, feeTemplate: true },
    });
    expect(programs.filter((p) => p.name.startsWith("Fault ")).length).toBeGreaterThan(10);
    for (const p of programs) {
      expect(await db.auditEvent.count({ where: { targetId: p.id, action: "program.created" } }), p.name).toBe(1);
      if (p.feeTemplate !== "custom")
        expect(await db.feeSchedule.count({ where: { programId: p.id } }), p.name).toBeGreaterThan(0);
    }
    // an API call that failed is retried with its Idempotency-Key: the Program exists exactly once
    // (as a client does: while the key is still held, 409 idempotency_key_in_use with Retry-After, it waits and
    // retries; a call that failed while the database was away frees its key once the database is back)
    for (const m of made.filter((x) => x.answer !== 201)) {
      const retry = () =>
        gatewayCall(cred, "POST", "/am/v1/programs", {
          body: { name: m.name, baseCurrency: "EUR", transactionLimit: "10.00", feeTemplate: "standard_debit" },
          headers: { "idempotency-key": m.key },
        });
      let r = await retry();
      for (let i = 0; i < 20 && r.status === 409 && r.text.includes("idempotency_key_in_use"); i++) {
        await sleep(1_000);
        r = await retry();
      }
      expect([201, 409], r.text).toContain(r.status);
      expect(await db.program.count({ where: { tenantId: tenant.id, name: m.name } })).toBe(1);
    }
    // the surviving worker delivers again
    const events = await emitEvents(3);
    await until("deliveries after the restart", () => allSucceeded(events), 20_000);
  });
});

describe("SQLite: another process writing while the app serves", () => {
  it("never answers SQLITE_BUSY: CLI ingestion in two processes during page loads and sign-ins", async () => {
    const dir = path.resolve(LOG_DIR);
    const file = path.join(dir, `sqlite-${randomBytes(3).toString("hex")}.db`);
    const url = `file:${file}`;
    const cliEnv = { ...process.env, DATABASE_URL: url, AXYS_DEPLOYMENT: "" };
    const [cmd, ...args] = composeService("migrate").command;
    expect(spawnSync(cmd, args, { env: cliEnv, encoding: "utf8" }).status).toBe(0);
    const cli = (argv: string[], input?: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        // the admin CLI as `npm run axys --` runs it
        const c = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "lib/cli/main.ts", ...argv, "--json"], {
          env: cliEnv,
        });
        let stdout = "";
        let stderr = "";
        c.stdout.on("data", (d) => (stdout += d));
        c.stderr.on("data", (d) => (stderr += d));
        c.on("exit", (code) => resolve({ code, stdout, stderr }));
        c.stdin.end(input ?? "");
      });
    const password = "cluster-sqlite-password-1";
    const demo = await cli(
      ["demo", "tenant", "--slug", "sqlite-cluster", "--name", "SQLite Cluster", "--password-stdin"],
      password,
    );
    expect(demo.code, demo.stderr).toBe(0);
    const d = JSON.parse(demo.stdout) as {
      tenant: { slug: string; name: string };
      programs: { id: string }[];
      users: { email: string; role: string }[];
    };
    const email = d.users.find((u) => u.role === "tenant_admin")!.email;
    const Database = (await import("better-sqlite3")).default;
    const ro = new Database(file, { readonly: true });
    const currency = (
      ro.prepare('SELECT "baseCurrency" FROM "Program" WHERE "id" = ?').get(d.programs[0].id) as {
        baseCurrency: string;
      }
    ).baseCurrency;
    ro.close();
    // two files of 8,000 transactions (two batches each: the longest write transactions the CLI makes)
    const inputs = [0, 1].map((f) => {
      const rows = Array.from({ length: 8000 }, (_, i) =>
        JSON.stringify({
          id: `sq-${f}-${i}`,
          programId: d.programs[0].id,
          type: "purchase",
          status: "completed",
          amount: `${1 + (i % 500)}.25`,
          currency,
          cardLast4: "4242",
          cardholderRef: `ch-${i % 97}`,
          createdAt: new Date(Date.now() - i * 60_000).toISOString(),
        }),
      );
      const p = path.join(dir, `ingest-${f}.jsonl`);
      writeFileSync(p, rows.join("\n"));
      return p;
    });

    const port = 4540;
    const base = `http://127.0.0.1:${port}`;
    // the single-instance SQLite shape: the worker in the app (npm start), AXYS_WORKER not off
    const app = (procs.appSqlite = startService(
      "app-sqlite",
      "app1",
      { ...sharedEnv(), DATABASE_URL: url, NEXTAUTH_URL: base, AXYS_WORKER: "on" },
      port,
    ));
    await until("the SQLite instance to be ready", () => ready(`${base}/api/health/ready`), 90_000, 500);
    const jar = new Jar();
    expect(await jar.signIn(base, email, password)).toBe(email);

    const answers: string[] = [];
    let stop = false;
    const load = async (paths: string[]) => {
      for (let i = 0; !stop; i++) {
        const p = paths[i % paths.length];
        try {
          const r = await jar.fetch(base, p, { timeoutMs: 30_000 });
          answers.push(`${p} ${r.status}${r.status === 200 ? "" : ` ${r.text.slice(0, 200)}`}`);
        } catch (e) {
          answers.push(`${p} ${String(e)}`);
        }
      }
    };
    const signIns = async () => {
      while (!stop) {
        const j = new Jar(); // each sign-in writes: the session, the attempt, the device
        answers.push(
          `sign-in ${(await j.signIn(base, email, password).catch((e) => String(e))) === email ? 200 : "failed"}`,
        );
      }
    };
    const traffic = [load(["/monitoring/transactions", "/programs"]), load(["/monitoring", "/audit"]), signIns()];
    const ingests = await Promise.all(
      inputs.map((p) => cli(["transactions", "ingest", "--tenant", d.tenant.slug, "--file", p])),
    );
    await sleep(500);
    stop = true;
    await Promise.all(traffic);

    for (const r of ingests) expect(r.code, r.stderr).toBe(0);
    expect(ingests.map((r) => JSON.parse(r.stdout).inserted)).toEqual([8000, 8000]);
    const bad = answers.filter((a) => !/ 200$/.test(a));
    console.log(`SQLite: ${answers.length} requests during two ingestions, ${bad.length} not 200`);
    expect(bad, bad.slice(0, 5).join("\n")).toEqual([]);
    expect(answers.length).toBeGreaterThan(10);
    expect(logLines(app, /SQLITE_BUSY|database is locked/i)).toEqual([]);
    for (const r of ingests) expect(r.stderr).not.toMatch(/SQLITE_BUSY|database is locked/i);
    app.kill("SIGTERM");
    await app.exited;
    for (const f of [file, `${file}-wal`, `${file}-shm`, ...inputs]) rmSync(f, { force: true });
  });
});
