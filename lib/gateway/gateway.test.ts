import { readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAllowlistEntry } from "@/lib/allowlist/service";
import { issueApiKey, revokeApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { createApiUser } from "@/lib/api-users/service";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { getCaCertificatePem, revokeCertificate, submitCsr } from "@/lib/certificates/service";
import { db } from "@/lib/db";
import { reverseName, startDnsServer } from "@/lib/testing/dns-server";
import { makeCtx, makeProgram } from "@/lib/testing/factories";
import { openssl, opensslCsr, type GeneratedCsr } from "@/lib/testing/openssl";
import { createTenant } from "@/lib/tenants/service";

process.env.AXYS_GATEWAY_REFRESH_MS = "150";
const ENV = "staging" as const;
let dnsServer: Awaited<ReturnType<typeof startDnsServer>>;
let gateway: { server: https.Server; close: () => Promise<void> };
let port: number;
let caPem: string;
let admin: Ctx;
/** the gateway's clock runs with real time, shifted by this much (to step past a rotation overlap) */
let clockOffset = 0;
const creds: Record<string, { key: string; cert: string }> = {};
const keys: Record<string, string> = {};
const ids: Record<string, string> = {};

async function credential(name: string, ou: string, programId: string | null, issuedAt?: Date) {
  const g: GeneratedCsr = opensslCsr("ec:P-256", `/O=Gateway Co/OU=${ou}/CN=api.gateway.example`);
  const c = await submitCsr(admin, { environment: ENV, programId, csrPem: g.csrPem }, issuedAt);
  creds[name] = { key: readFileSync(g.keyFile, "utf8"), cert: c.certificatePem };
  ids[name] = c.id;
}

async function apiKey(name: string, programId: string | null) {
  const u = await createApiUser(admin, { name, pattern: programId ? "program" : "tenant_admin", programId });
  const k = await issueApiKey(admin, { apiUserId: u.id, environment: ENV });
  keys[name] = k.key;
  ids[`key:${name}`] = k.apiKey.id;
}

type Reply = { status?: number; body?: { error?: string; message?: string; program?: string; ok?: boolean }; error?: string };
function call(path: string, o: { cred?: string; apiKey?: string; from?: string } = {}): Promise<Reply> {
  return new Promise((resolve) => {
    const req = https.request({
      host: "127.0.0.1", port, path, method: "GET", ca: caPem, servername: "localhost", agent: false, localAddress: o.from,
      ...(o.cred ? { cert: creds[o.cred].cert, key: creds[o.cred].key } : {}),
      headers: o.apiKey ? { "x-api-key": o.apiKey } : {},
    }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d)).on("end", () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end();
  });
}
const settle = () => new Promise((r) => setTimeout(r, 400));

beforeAll(async () => {
  dnsServer = await startDnsServer({ PTR: { [reverseName("127.0.0.1")]: ["api.gateway.example"] }, A: { "api.gateway.example": ["127.0.0.1"] } });
  process.env.AXYS_DNS_SERVERS = dnsServer.address;
  const t = await createTenant(operatorCtx({ actor: "test" }), { name: "Gateway Co", slug: "gateway-co" });
  admin = await makeCtx("tenant_admin", { tenantId: t.id, environment: ENV });
  const [p1, p2] = [(await makeProgram(admin)).id, (await makeProgram(admin)).id];
  ids.prog1 = p1;
  await credential("p1", p1, p1);
  await credential("p2", p2, p2);
  await credential("tenant", "tenant", null);
  await credential("p1-expired", p1, p1, new Date(Date.now() - 100 * 86_400_000));
  await credential("p1-revoked", p1, p1);
  for (const scope of [p1, p2, null]) await addAllowlistEntry(admin, { environment: ENV, programId: scope, cidr: "127.0.0.1", description: "Local test server" });
  await apiKey("p1", p1);
  await apiKey("p2", p2);
  await apiKey("tenant", null);
  caPem = await getCaCertificatePem(ENV);
  const { createGatewayServer } = await import("@/lib/gateway/server");
  gateway = await createGatewayServer({ environment: ENV, now: () => new Date(Date.now() + clockOffset) });
  await new Promise<void>((r) => gateway.server.listen(0, "127.0.0.1", r));
  port = (gateway.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await gateway?.close();
  await dnsServer?.close();
});

describe("the gateway", () => {
  it("answers 200 with certificate, allowlisted IP passing FCrDNS and the scope's API key", async () => {
    expect(await call("/v2/cardholders", { cred: "p1", apiKey: keys.p1 })).toEqual({ status: 200, body: { program: ids.prog1, ok: true } });
  });

  it("fails the TLS handshake without a certificate, with an expired one, a foreign-CA one, or a revoked one", async () => {
    for (const r of [await call("/v2/cardholders", { apiKey: keys.p1 }), await call("/v2/cardholders", { cred: "p1-expired", apiKey: keys.p1 })]) {
      expect(r.status).toBeUndefined();
      expect(r.error).toBeTruthy();
    }
    const foreign = opensslCsr("ec:P-256", "/O=Gateway Co/OU=x/CN=api.gateway.example");
    creds.foreign = { key: readFileSync(foreign.keyFile, "utf8"), cert: openssl(["req", "-x509", "-key", foreign.keyFile, "-subj", "/CN=api.gateway.example", "-days", "2"]) };
    expect((await call("/v2/cardholders", { cred: "foreign", apiKey: keys.p1 })).status).toBeUndefined();

    expect((await call("/v2/cardholders", { cred: "p1-revoked", apiKey: keys.p1 })).status).toBe(200);
    await revokeCertificate(admin, { certificateId: ids["p1-revoked"], reason: "keyCompromise" });
    await settle();
    const revoked = await call("/v2/cardholders", { cred: "p1-revoked", apiKey: keys.p1 });
    expect(revoked.status).toBeUndefined();
    expect(revoked.error).toBeTruthy();
    expect((await call("/v2/cardholders", { cred: "p1", apiKey: keys.p1 })).status).toBe(200); // the CA's other certificates still work
  });

  it("answers 401 without a key, with an unknown or revoked key, or a key of another scope", async () => {
    expect(await call("/v2/cardholders", { cred: "p1" })).toMatchObject({ status: 401, body: { error: "missing_api_key" } });
    expect(await call("/v2/cardholders", { cred: "p1", apiKey: "axys_stg_p_" + "x".repeat(32) })).toMatchObject({ status: 401, body: { error: "invalid_api_key" } });
    const other = await call("/v2/cardholders", { cred: "p1", apiKey: keys.p2 });
    expect(other).toMatchObject({ status: 401, body: { message: expect.stringMatching(/another scope/) } });
    const ctx = { ...admin };
    const spare = await issueApiKey(ctx, { apiUserId: (await createApiUser(admin, { name: "spare", pattern: "program", programId: ids.prog1 })).id, environment: ENV });
    expect((await call("/v2/cardholders", { cred: "p1", apiKey: spare.key })).status).toBe(200);
    await revokeApiKey(admin, { keyId: spare.apiKey.id });
    await settle();
    expect(await call("/v2/cardholders", { cred: "p1", apiKey: spare.key })).toMatchObject({ status: 401, body: { message: expect.stringMatching(/revoked/) } });
  });

  it("answers 403 about authorized IPs for a caller not on the allowlist", async () => {
    const r = await call("/v2/cardholders", { cred: "p1", apiKey: keys.p1, from: "127.0.0.2" });
    expect(r).toMatchObject({ status: 403, body: { error: "ip_not_authorized", message: expect.stringMatching(/127\.0\.0\.2 is not on the staging allowlist/) } });
  });

  it("answers 403 when the allowlisted IP fails FCrDNS, and picks up a fixed entry within seconds", async () => {
    const p = (await makeProgram(admin)).id;
    await credential("p3", p, p);
    const u = await createApiUser(admin, { name: "p3", pattern: "program", programId: p });
    keys.p3 = (await issueApiKey(admin, { apiUserId: u.id, environment: ENV })).key;
    expect((await call("/v2/cardholders", { cred: "p3", apiKey: keys.p3 })).status).toBe(403);
    const entry = await addAllowlistEntry(admin, { environment: ENV, programId: p, cidr: "127.0.0.1", description: "test" });
    await db.allowlistEntry.update({ where: { id: entry.id }, data: { dnsStatus: "fail", dnsReason: "No PTR record." } });
    await settle();
    expect(await call("/v2/cardholders", { cred: "p3", apiKey: keys.p3 })).toMatchObject({ status: 403, body: { message: expect.stringMatching(/fails the forward-confirmed reverse DNS check/) } });
    await db.allowlistEntry.update({ where: { id: entry.id }, data: { dnsStatus: "pass" } });
    await settle();
    expect((await call("/v2/cardholders", { cred: "p3", apiKey: keys.p3 })).status).toBe(200);
  });

  it("answers 404 with an explanation for tenant-level credentials on a program endpoint, 200 on ping", async () => {
    expect(await call("/v2/cardholders", { cred: "tenant", apiKey: keys.tenant })).toMatchObject({ status: 404, body: { message: expect.stringMatching(/Tenant-level credentials cannot call program-level endpoints/) } });
    expect(await call("/v2/ping", { cred: "tenant", apiKey: keys.tenant })).toMatchObject({ status: 200, body: { ok: true } });
  });

  it("accepts both keys during a rotation overlap and only the new one after it, and records the last use", async () => {
    const r = await rotateApiKey(admin, { keyId: ids["key:p2"], overlap: "1h" });
    await settle();
    expect((await call("/v2/cardholders", { cred: "p2", apiKey: keys.p2 })).status).toBe(200);
    expect((await call("/v2/cardholders", { cred: "p2", apiKey: r.key })).status).toBe(200);
    clockOffset += 2 * 3_600_000;
    await settle();
    expect(await call("/v2/cardholders", { cred: "p2", apiKey: keys.p2 })).toMatchObject({ status: 401, body: { message: expect.stringMatching(/expired/) } });
    expect((await call("/v2/cardholders", { cred: "p2", apiKey: r.key })).status).toBe(200);
    await new Promise((res) => setTimeout(res, 100));
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: r.apiKey.id } })).toMatchObject({ lastUsedIp: "127.0.0.1" });
  });
});
