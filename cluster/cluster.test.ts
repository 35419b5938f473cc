// Several instances on one PostgreSQL database, as compose.yaml runs them: two portal instances, two workers and the
// gateway, started with compose.yaml's own commands. Run by `npm run test:cluster` (vitest.cluster.config.ts).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { makeCtx, makeTenant, TEST_PASSWORD } from "@/lib/testing/factories";
import { actionIds, Jar, ready, startService, stopAll, until, type Proc } from "./harness";

const A = "http://127.0.0.1:4510";
const B = "http://127.0.0.1:4511";
const GATEWAY_HEALTH = "http://127.0.0.1:4522";
const WORKER_HEALTH = ["http://127.0.0.1:4530", "http://127.0.0.1:4531"];

const procs: Record<string, Proc> = {};
let admin: Ctx;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
const ids = actionIds();

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
    AXYS_AM_RATE_LIMIT: "20",
    AXYS_GATEWAY_WORKERS: "1",
  };
}

beforeAll(async () => {
  tenant = await makeTenant("Cluster");
  admin = await makeCtx("tenant_admin", { tenantId: tenant.id });
  const env = sharedEnv();
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
}, 150_000);

afterAll(async () => {
  await stopAll(Object.values(procs));
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
