import { readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAllowlistEntry } from "@/lib/allowlist/service";
import { flushApiRequestLog } from "@/lib/am-api/request-log";
import { issueApiKey } from "@/lib/api-keys/service";
import type { ApiUserPattern } from "@/lib/api-users/schemas";
import { createApiUser } from "@/lib/api-users/service";
import type { Ctx } from "@/lib/auth/context";
import { getCaCertificatePem, submitCsr } from "@/lib/certificates/service";
import { db } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import { reverseName, startDnsServer } from "@/lib/testing/dns-server";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { opensslCsr } from "@/lib/testing/openssl";

// The caller's public address reaches the gateway through a trusted proxy on loopback (production allowlists
// refuse loopback and special-purpose space), and passes FCrDNS against the test DNS server.
const CALLER_IP = "1.2.3.4";
const PROXY = "127.0.0.3";
const HOST = "am.api-gw.example";

let dnsServer: Awaited<ReturnType<typeof startDnsServer>>;
type Gateway = { server: https.Server; close: () => Promise<void>; port: number };
const gateways: Partial<Record<Environment, Gateway>> = {};
/** a second production gateway on the same database, as a second instance would be */
let secondGateway: Gateway;
const caPems: Partial<Record<Environment, string>> = {};
let admin: Ctx;
let legalName: string;
let programId: string;
const creds: Record<string, { key: string; cert: string; apiKey: string; environment: Environment }> = {};

/** A credential set: an API user of `pattern`, its certificate and key in `environment`. */
async function credentialSet(name: string, pattern: ApiUserPattern, environment: Environment, program: string | null) {
  const user = await createApiUser(admin, { name, pattern, programId: program });
  const ou = program ?? "tenant";
  const g = opensslCsr("ec:P-256", `/O=${legalName}/OU=${ou}/CN=${HOST}`);
  const c = await submitCsr(
    { ...admin, environment },
    { environment, programId: program, apiUserId: user.id, csrPem: g.csrPem },
  );
  const k = await issueApiKey({ ...admin, environment }, { apiUserId: user.id, environment });
  creds[name] = { key: readFileSync(g.keyFile, "utf8"), cert: c.certificatePem, apiKey: k.key, environment };
}

interface Reply {
  status?: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error?: { code: string; request_id: string }; data?: unknown[] } & Record<string, unknown>;
}
function call(
  cred: string,
  method: string,
  path: string,
  body?: unknown,
  o: { via?: Gateway; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const c = creds[cred];
  const gw = o.via ?? gateways[c.environment]!;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port: gw.port,
        path,
        method,
        ca: caPems[c.environment],
        servername: "localhost",
        agent: false,
        localAddress: PROXY,
        cert: c.cert,
        key: c.key,
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
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

beforeAll(async () => {
  dnsServer = await startDnsServer({ PTR: { [reverseName(CALLER_IP)]: [HOST] }, A: { [HOST]: [CALLER_IP] } });
  process.env.AXYS_DNS_SERVERS = dnsServer.address;
  const t = await makeTenant("Am Gateway");
  legalName = t.legalName;
  admin = await makeCtx("tenant_admin", { tenantId: t.id });
  programId = (await makeProgram(admin, { name: "Gateway Program" })).id;
  await credentialSet("admin", "tenant_admin", "production", null);
  await credentialSet("visibility", "tenant_visibility", "production", null);
  await credentialSet("program", "program", "production", programId);
  await credentialSet("white-label", "white_label", "production", programId);
  await credentialSet("staging-admin", "tenant_admin", "staging", null);
  // after the certificates: the FCrDNS check matches the PTR name against their DNS names
  for (const environment of ["production", "staging"] as const)
    for (const scope of [null, programId])
      await addAllowlistEntry(
        { ...admin, environment },
        { environment, programId: scope, cidr: CALLER_IP, description: "The integration's NAT" },
      );
  const { createGatewayServer } = await import("@/lib/gateway/server");
  for (const environment of ["production", "staging"] as const) {
    caPems[environment] = await getCaCertificatePem(environment);
    const g = await createGatewayServer({ environment, trustedProxies: [PROXY] });
    await new Promise<void>((r) => g.server.listen(0, "127.0.0.1", r));
    gateways[environment] = { ...g, port: (g.server.address() as AddressInfo).port };
  }
  const g2 = await createGatewayServer({ environment: "production", trustedProxies: [PROXY] });
  await new Promise<void>((r) => g2.server.listen(0, "127.0.0.1", r));
  secondGateway = { ...g2, port: (g2.server.address() as AddressInfo).port };
});

afterAll(async () => {
  for (const g of [...Object.values(gateways), secondGateway]) await g?.close();
  await dnsServer?.close();
});

describe("the Account Management API through the gateway", () => {
  it("serves tenant-level production credentials under /am/v1/ with X-Request-Id", async () => {
    const r = await call("admin", "GET", "/am/v1/programs");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data).toEqual([expect.objectContaining({ id: programId, name: "Gateway Program" })]);
    expect(r.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const created = await call("admin", "POST", "/am/v1/programs", {
      name: "Made Over Mtls",
      baseCurrency: "EUR",
      transactionLimit: "100.00",
      feeTemplate: "standard_debit",
    });
    expect(created.status).toBe(201);
    const spec = await call("admin", "GET", "/am/v1/openapi.json");
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe("3.1.0");
  });

  it("lets visibility credentials read and answers their writes 403 insufficient_permissions", async () => {
    expect((await call("visibility", "GET", "/am/v1/programs")).status).toBe(200);
    const w = await call("visibility", "POST", "/am/v1/programs", {
      name: "Not Allowed",
      baseCurrency: "EUR",
      transactionLimit: "1.00",
      feeTemplate: "standard_debit",
    });
    expect(w.status).toBe(403);
    expect(w.body.error).toMatchObject({ code: "insufficient_permissions", request_id: w.headers["x-request-id"] });
  });

  it("answers 404 on every /am/ path to program-level and white-label credentials, and on the staging listener", async () => {
    for (const cred of ["program", "white-label", "staging-admin"])
      for (const [method, path] of [
        ["GET", "/am/v1/programs"],
        ["GET", "/am/v1/openapi.json"],
        ["POST", "/am/v1/programs"],
        ["GET", `/am/v1/programs/${programId}`],
        ["GET", "/am/v2/anything"],
      ]) {
        const r = await call(cred, method, path, method === "POST" ? { name: "x" } : undefined);
        expect(r.status, `${cred} ${method} ${path}`).toBe(404);
        expect(r.body.error).toMatchObject({ code: "not_found" });
      }
    // the program credentials still work on their own API
    expect((await call("program", "GET", "/v2/cardholders")).status).toBe(200);
  });

  it("refuses a body over the size limit (413), closing the connection rather than reading the rest", async () => {
    const big = await call("admin", "POST", "/am/v1/programs", { name: "x".repeat(1_100_000) });
    expect(big.status).toBe(413);
    expect(big.body.error?.code).toBe("payload_too_large");
    expect(big.headers.connection).toBe("close");
  });

  it("limits each API user's requests per minute across gateway instances (429, Retry-After, RateLimit-*)", async () => {
    await credentialSet("limited", "tenant_visibility", "production", null);
    process.env.AXYS_AM_RATE_LIMIT = "4";
    try {
      // a minute boundary between the calls would reset the count: try again in the next window
      for (let attempt = 0; attempt < 2; attempt++) {
        const replies: Reply[] = [];
        for (let i = 0; i < 5; i++)
          replies.push(await call("limited", "GET", "/am/v1/programs", undefined, i % 2 ? { via: secondGateway } : {}));
        const resets = replies.map((r) => Number(r.headers["ratelimit-reset"]));
        if (resets.some((r, i) => i > 0 && r > resets[i - 1])) continue;
        expect(replies.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 200]);
        expect(replies.map((r) => r.headers["ratelimit-remaining"])).toEqual(["3", "2", "1", "0", "0"]);
        expect(replies[4].status).toBe(429);
        expect(replies[4].body.error?.code).toBe("rate_limited");
        expect(Number(replies[4].headers["retry-after"])).toBeGreaterThan(0);
        expect(replies[4].headers["ratelimit-limit"]).toBe("4");
        return;
      }
      throw new Error("two minute boundaries in a row");
    } finally {
      delete process.env.AXYS_AM_RATE_LIMIT;
    }
  });

  it("keeps every call in the API user's request log: status, path without query, request id, no body", async () => {
    const key = `log-${Date.now()}`;
    const r = await call(
      "admin",
      "POST",
      "/am/v1/programs",
      { name: "Logged Program", baseCurrency: "EUR", transactionLimit: "5.00", feeTemplate: "standard_debit" },
      { headers: { "idempotency-key": key } },
    );
    expect(r.status).toBe(201);
    await flushApiRequestLog(); // the gateway queues lines and writes them within REQUEST_LOG_FLUSH_MS
    const row = await db.apiRequestLog.findFirstOrThrow({ where: { requestId: String(r.headers["x-request-id"]) } });
    expect(row).toMatchObject({
      method: "POST",
      path: "/am/v1/programs",
      status: 201,
      ip: CALLER_IP,
      idempotencyKey: key,
      errorCode: null,
      tenantId: admin.tenantId,
    });
    const replay = await call(
      "admin",
      "POST",
      "/am/v1/programs",
      { name: "Logged Program", baseCurrency: "EUR", transactionLimit: "5.00", feeTemplate: "standard_debit" },
      { headers: { "idempotency-key": key } },
    );
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.body).toEqual(r.body);
    const listed = await call("admin", "GET", "/am/v1/programs?q=not-kept");
    await flushApiRequestLog();
    expect(
      await db.apiRequestLog.findFirst({ where: { requestId: String(listed.headers["x-request-id"]) } }),
    ).toMatchObject({ path: "/am/v1/programs", status: 200 });
    const denied = await call("visibility", "POST", "/am/v1/programs", { name: "No" });
    await flushApiRequestLog();
    const deniedRow = await db.apiRequestLog.findFirstOrThrow({
      where: { requestId: String(denied.headers["x-request-id"]) },
    });
    expect(deniedRow).toMatchObject({ status: 403, errorCode: "insufficient_permissions" });
    const all = JSON.stringify(await db.apiRequestLog.findMany({ where: { tenantId: admin.tenantId ?? "" } }));
    expect(all).not.toContain("not-kept");
    expect(all).not.toContain("Logged Program");
  });
});
