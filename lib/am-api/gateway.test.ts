import { readFileSync } from "node:fs";
import type https from "node:https";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAllowlistEntry } from "@/lib/allowlist/service";
import { createAmClient, type AmClient } from "@/lib/am-api/client/client";
import { mtlsFetch } from "@/lib/am-api/client/mtls-fetch";
import { OPERATIONS } from "@/lib/am-api/operations";
import { responseValidator } from "@/lib/am-api/testing/response-validator";
import { flushApiRequestLog } from "@/lib/am-api/request-log";
import { issueApiKey } from "@/lib/api-keys/service";
import type { ApiUserPattern } from "@/lib/api-users/schemas";
import { createApiUser } from "@/lib/api-users/service";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { getCaCertificatePem, submitCsr } from "@/lib/certificates/service";
import { db } from "@/lib/db";
import { ingestTransactions } from "@/lib/monitoring/ingest";
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

/**
 * The typed client (openapi-fetch over the generated types) of a credential set, through a gateway (its
 * environment's by default): mutual TLS with its certificate, its X-API-Key, from the trusted proxy.
 */
function clientOf(cred: string, o: { via?: Gateway; apiKey?: string } = {}): AmClient {
  const c = creds[cred];
  const gw = o.via ?? gateways[c.environment]!;
  return createAmClient({
    baseUrl: `https://127.0.0.1:${gw.port}`,
    apiKey: o.apiKey ?? c.apiKey,
    cert: c.cert,
    key: c.key,
    ca: caPems[c.environment],
    servername: "localhost",
    localAddress: PROXY,
    headers: { "x-forwarded-for": CALLER_IP },
  });
}

/** A call outside the OpenAPI document (another API, an unknown path), over the same mTLS fetch. */
async function raw(cred: string, method: string, path: string, body?: unknown) {
  const c = creds[cred];
  const fetch = mtlsFetch({
    cert: c.cert,
    key: c.key,
    ca: caPems[c.environment],
    servername: "localhost",
    localAddress: PROXY,
  });
  const r = await fetch(
    new Request(`https://127.0.0.1:${gateways[c.environment]!.port}${path}`, {
      method,
      headers: { "x-api-key": c.apiKey, "x-forwarded-for": CALLER_IP, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return { status: r.status, headers: r.headers, body: (await r.json()) as Record<string, unknown> };
}

const programBody = (name: string) => ({
  name,
  baseCurrency: "EUR" as const,
  transactionLimit: "100.00",
  feeTemplate: "standard_debit" as const,
});

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

const check = responseValidator();
const opOf = (id: string) => OPERATIONS.find((o) => o.id === id)!;

describe("the Account Management API through the gateway (typed client over mTLS)", () => {
  it("serves tenant-level production credentials under /am/v1/ with X-Request-Id, as documented", async () => {
    const api = clientOf("admin");
    const list = await api.GET("/am/v1/programs");
    expect(list.response.status, JSON.stringify(list.error)).toBe(200);
    expect(list.data?.data).toEqual([expect.objectContaining({ id: programId, name: "Gateway Program" })]);
    expect(list.response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(check(opOf("listPrograms"), 200, list.data)).toBeNull();
    const created = await api.POST("/am/v1/programs", { body: programBody("Made Over Mtls") });
    expect(created.response.status).toBe(201);
    expect(created.data?.transactionLimitMinor).toBe("10000");
    expect(check(opOf("createProgram"), 201, created.data)).toBeNull();
    const got = await api.GET("/am/v1/programs/{program_id}", { params: { path: { program_id: created.data!.id } } });
    expect(got.data?.name).toBe("Made Over Mtls");
    const missing = await api.GET("/am/v1/programs/{program_id}", { params: { path: { program_id: "prg_none" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe("not_found");
    expect(missing.error?.error.request_id).toBe(missing.response.headers.get("x-request-id"));
    const spec = await raw("admin", "GET", "/am/v1/openapi.json");
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe("3.1.0");
  });

  it("lets visibility credentials read and answers their writes 403 insufficient_permissions", async () => {
    const api = clientOf("visibility");
    expect((await api.GET("/am/v1/programs")).response.status).toBe(200);
    const w = await api.POST("/am/v1/programs", { body: programBody("Not Allowed") });
    expect(w.response.status).toBe(403);
    expect(w.error?.error).toMatchObject({
      code: "insufficient_permissions",
      request_id: w.response.headers.get("x-request-id"),
    });
    expect(check(opOf("createProgram"), 403, w.error)).toBeNull();
    expect(await db.program.count({ where: { tenantId: admin.tenantId!, name: "Not Allowed" } })).toBe(0);
  });

  it("answers 404 on every /am/ path to program-level and white-label credentials, and on the staging listener", async () => {
    for (const cred of ["program", "white-label", "staging-admin"]) {
      const api = clientOf(cred);
      const replies: [string, { error?: { error: { code: string; request_id: string } }; response: Response }][] = [
        ["listPrograms", await api.GET("/am/v1/programs")],
        ["createProgram", await api.POST("/am/v1/programs", { body: programBody("Nope") })],
        ["getProgram", await api.GET("/am/v1/programs/{program_id}", { params: { path: { program_id: programId } } })],
        [
          "disableApiUser",
          await api.POST("/am/v1/api-users/{api_user_id}/disable", {
            params: { path: { api_user_id: String(admin.userId) } },
          }),
        ],
      ];
      for (const [id, r] of replies) {
        expect(r.response.status, `${cred} ${id}`).toBe(404);
        expect(r.error?.error.code).toBe("not_found");
        expect(r.error?.error.request_id).toBe(r.response.headers.get("x-request-id"));
        expect(check(opOf(id), 404, r.error)).toBeNull();
      }
      for (const path of ["/am/v1/openapi.json", "/am/v2/anything"]) {
        const r = await raw(cred, "GET", path);
        expect(r.status, `${cred} ${path}`).toBe(404);
        expect(r.body.error).toMatchObject({ code: "not_found" });
      }
    }
    // the program credentials still work on their own API
    expect((await raw("program", "GET", "/v2/cardholders")).status).toBe(200);
  });

  it("answers 401 to a key of another API user (or an unknown key) in the API's error shape, and runs nothing", async () => {
    const before = await db.program.count({ where: { tenantId: admin.tenantId! } });
    for (const apiKey of [creds.visibility.apiKey, creds["white-label"].apiKey, "axys_live_not_a_key"]) {
      const r = await clientOf("admin", { apiKey }).POST("/am/v1/programs", { body: programBody("Wrong Key") });
      expect(r.response.status).toBe(401);
      expect(r.error?.error.code).toBe("invalid_api_key");
      expect(r.error?.error.request_id).toBe(r.response.headers.get("x-request-id"));
      expect(check(opOf("createProgram"), 401, r.error)).toBeNull();
    }
    // and the visibility certificate with the admin's key does not become an admin
    const swapped = await clientOf("visibility", { apiKey: creds.admin.apiKey }).GET("/am/v1/programs");
    expect(swapped.response.status).toBe(401);
    expect(await db.program.count({ where: { tenantId: admin.tenantId! } })).toBe(before);
  });

  it("refuses a body over the size limit (413), closing the connection rather than reading the rest", async () => {
    const big = await clientOf("admin").POST("/am/v1/programs", { body: programBody("x".repeat(1_100_000)) });
    expect(big.response.status).toBe(413);
    expect(big.error?.error.code).toBe("payload_too_large");
    expect(big.response.headers.get("connection")).toBe("close");
    expect(check(opOf("createProgram"), 413, big.error)).toBeNull();
  });

  it("limits each API user's requests per minute across gateway instances (429, Retry-After, RateLimit-*)", async () => {
    await credentialSet("limited", "tenant_visibility", "production", null);
    process.env.AXYS_AM_RATE_LIMIT = "4";
    try {
      const first = clientOf("limited");
      const second = clientOf("limited", { via: secondGateway });
      // a minute boundary between the calls would reset the count: try again in the next window
      for (let attempt = 0; attempt < 2; attempt++) {
        const results = [];
        for (let i = 0; i < 5; i++) results.push(await (i % 2 ? second : first).GET("/am/v1/programs"));
        const replies = results.map((r) => r.response);
        const resets = replies.map((r) => Number(r.headers.get("ratelimit-reset")));
        if (resets.some((r, i) => i > 0 && r > resets[i - 1])) continue;
        expect(replies.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 200]);
        expect(replies.map((r) => r.headers.get("ratelimit-remaining"))).toEqual(["3", "2", "1", "0", "0"]);
        expect(replies[4].status).toBe(429);
        expect(results[4].error?.error.code).toBe("rate_limited");
        expect(check(opOf("listPrograms"), 429, results[4].error)).toBeNull();
        expect(Number(replies[4].headers.get("retry-after"))).toBeGreaterThan(0);
        expect(replies[4].headers.get("ratelimit-limit")).toBe("4");
        return;
      }
      throw new Error("two minute boundaries in a row");
    } finally {
      delete process.env.AXYS_AM_RATE_LIMIT;
    }
  });

  it("keeps every call in the API user's request log: status, path without query, request id, no body", async () => {
    const key = `log-${Date.now()}`;
    const api = clientOf("admin");
    const body = { ...programBody("Logged Program"), transactionLimit: "5.00" };
    const r = await api.POST("/am/v1/programs", { body, headers: { "idempotency-key": key } });
    expect(r.response.status).toBe(201);
    const requestId = String(r.response.headers.get("x-request-id"));
    await flushApiRequestLog(); // the gateway queues lines and writes them within REQUEST_LOG_FLUSH_MS
    const row = await db.apiRequestLog.findFirstOrThrow({ where: { requestId } });
    expect(row).toMatchObject({
      method: "POST",
      path: "/am/v1/programs",
      status: 201,
      ip: CALLER_IP,
      idempotencyKey: key,
      errorCode: null,
      tenantId: admin.tenantId,
    });
    const replay = await api.POST("/am/v1/programs", { body, headers: { "idempotency-key": key } });
    expect(replay.response.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.data).toEqual(r.data);
    const listed = await api.GET("/am/v1/programs", { params: { query: { q: "not-kept" } } });
    await flushApiRequestLog();
    expect(
      await db.apiRequestLog.findFirst({ where: { requestId: String(listed.response.headers.get("x-request-id")) } }),
    ).toMatchObject({ path: "/am/v1/programs", status: 200 });
    const denied = await clientOf("visibility").POST("/am/v1/programs", { body: programBody("No") });
    await flushApiRequestLog();
    const deniedRow = await db.apiRequestLog.findFirstOrThrow({
      where: { requestId: String(denied.response.headers.get("x-request-id")) },
    });
    expect(deniedRow).toMatchObject({ status: 403, errorCode: "insufficient_permissions" });
    const all = JSON.stringify(await db.apiRequestLog.findMany({ where: { tenantId: admin.tenantId ?? "" } }));
    expect(all).not.toContain("not-kept");
    expect(all).not.toContain("Logged Program");
  });

  it("streams a CSV export and takes a multipart artwork upload over mutual TLS", async () => {
    await ingestTransactions(
      operatorCtx({ actor: "test", tenantId: admin.tenantId }),
      Array.from({ length: 3 }, (_, i) => ({
        id: `gw_csv_${i}`,
        programId,
        type: "purchase",
        status: "completed",
        amount: "1.00",
        currency: "EUR",
        cardLast4: "4242",
        cardholderRef: `ch_${i}`,
        createdAt: new Date(Date.now() - i * 1000).toISOString(),
      })),
    );
    const api = clientOf("visibility");
    const csv = await api.GET("/am/v1/transactions.csv", {
      params: { query: { program: programId } },
      parseAs: "text",
    });
    expect(csv.response.status).toBe(200);
    expect(csv.response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const lines = String(csv.data).split("\r\n");
    expect(lines[0]).toMatch(/^id,created_at,/);
    expect(lines.slice(1, -1).map((l) => l.split(",")[0])).toEqual(["gw_csv_0", "gw_csv_1", "gw_csv_2"]);
    expect(check(opOf("exportTransactionsCsv"), 200, csv.data)).toBeNull();
    const refused = await api.GET("/am/v1/transactions.csv", {
      params: { query: { status: "nope" as "completed" } },
      parseAs: "text",
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.error.code).toBe("invalid_request");

    const png = await sharp({ create: { width: 1586, height: 1000, channels: 3, background: "#123456" } })
      .png()
      .toBuffer();
    /** the typed body as multipart/form-data, the artwork as a file part */
    const upload = (artwork: Buffer) => ({
      params: { path: { program_id: programId } },
      body: {
        slot: 2,
        name: "Over TLS",
        cardType: "virtual" as const,
        network: "visa" as const,
        finish: "digital" as const,
        artwork: "",
      },
      bodySerializer: (b: Record<string, unknown>) => {
        const form = new FormData();
        for (const [k, v] of Object.entries(b)) if (k !== "artwork") form.append(k, String(v));
        form.append("artwork", new Blob([new Uint8Array(artwork)], { type: "image/png" }), "card.png");
        return form;
      },
    });
    const uploaded = await clientOf("admin").POST("/am/v1/programs/{program_id}/card-designs", upload(png));
    expect(uploaded.response.status, JSON.stringify(uploaded.error)).toBe(201);
    expect(uploaded.data).toMatchObject({ slot: 2, version: 1, status: "pending", finish: "digital" });
    expect(check(opOf("submitCardDesign"), 201, uploaded.data)).toBeNull();
    const tooBig = await clientOf("admin").POST(
      "/am/v1/programs/{program_id}/card-designs",
      upload(Buffer.alloc(6 * 1024 * 1024)),
    );
    expect(tooBig.response.status).toBe(413);
    expect(tooBig.response.headers.get("connection")).toBe("close");
    expect(check(opOf("submitCardDesign"), 413, tooBig.error)).toBeNull();
  });
});
