import { readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAllowlistEntry } from "@/lib/allowlist/service";
import { issueApiKey, revokeApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { createApiUser, disableApiUser } from "@/lib/api-users/service";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { getCaCertificatePem, revokeCertificate, submitCsr } from "@/lib/certificates/service";
import { db } from "@/lib/db";
import { reverseName, startDnsServer } from "@/lib/testing/dns-server";
import { makeCtx, makeProgram } from "@/lib/testing/factories";
import { openssl, opensslCsr, writeTemp, type GeneratedCsr } from "@/lib/testing/openssl";
import { createTenant } from "@/lib/tenants/service";
import { metrics } from "@/lib/metrics/registry";

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

/** An API user (credential set) of a scope; its id is ids[`user:${name}`]. */
async function apiUser(name: string, programId: string | null) {
  ids[`user:${name}`] = (
    await createApiUser(admin, { name, pattern: programId ? "program" : "tenant_admin", programId })
  ).id;
}

/** A certificate for the API user `user` (default: the credential's own name). */
async function credential(
  name: string,
  ou: string,
  programId: string | null,
  o: { user?: string; issuedAt?: Date; environment?: "staging" | "production"; cn?: string } = {},
) {
  const g: GeneratedCsr = opensslCsr("ec:P-256", `/O=Gateway Co/OU=${ou}/CN=${o.cn ?? "api.gateway.example"}`);
  const c = await submitCsr(
    admin,
    { environment: o.environment ?? ENV, programId, apiUserId: ids[`user:${o.user ?? name}`], csrPem: g.csrPem },
    o.issuedAt,
  );
  creds[name] = { key: readFileSync(g.keyFile, "utf8"), cert: c.certificatePem };
  ids[name] = c.id;
}

/** An API key of the API user `user` (default: the key's own name). */
async function apiKey(name: string, o: { user?: string; environment?: "staging" | "production" } = {}) {
  const k = await issueApiKey(admin, { apiUserId: ids[`user:${o.user ?? name}`], environment: o.environment ?? ENV });
  keys[name] = k.key;
  ids[`key:${name}`] = k.apiKey.id;
}

type Reply = {
  status?: number;
  body?: { error?: string; message?: string; program?: string; ok?: boolean };
  error?: string;
};
function call(
  path: string,
  o: { cred?: string; apiKey?: string; from?: string; forwardedFor?: string } = {},
): Promise<Reply> {
  return new Promise((resolve) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "GET",
        ca: caPem,
        servername: "localhost",
        agent: false,
        localAddress: o.from,
        ...(o.cred ? { cert: creds[o.cred].cert, key: creds[o.cred].key } : {}),
        headers: {
          ...(o.apiKey ? { "x-api-key": o.apiKey } : {}),
          ...(o.forwardedFor ? { "x-forwarded-for": o.forwardedFor } : {}),
        },
      },
      (res) => {
        let text = "";
        res
          .on("data", (d) => (text += d))
          .on("end", () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on("error", (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end();
  });
}
const settle = () => new Promise((r) => setTimeout(r, 400));

/**
 * What the gateway's TLS layer did with each connection, by the client's source port: whether it
 * handed the connection on to HTTP ('secureConnection'), and why it refused it (the OpenSSL
 * verification result, or the handshake error).
 */
const serverSide = new Map<number, { socket?: tls.TLSSocket; secureConnection: boolean; tlsError?: string }>();
function watchTls(server: https.Server) {
  const track = (s: tls.TLSSocket) => {
    const port = s.remotePort ?? -1;
    let t = serverSide.get(port);
    if (!t) serverSide.set(port, (t = { secureConnection: false }));
    t.socket ??= s;
    return t;
  };
  // 'keylog' is the one server event that hands over the TLSSocket of a handshake that Node refuses afterwards
  server.on("keylog", (_line: Buffer, s: tls.TLSSocket) => void track(s));
  server.on("secureConnection", (s: tls.TLSSocket) => void (track(s).secureConnection = true));
  server.on(
    "tlsClientError",
    (e: NodeJS.ErrnoException, s: tls.TLSSocket) => void (track(s).tlsError ??= e.code ?? e.message),
  );
}

interface Handshake {
  /** the client saw the handshake complete */
  secureConnect: boolean;
  clientError?: string;
  httpStatus?: number;
  server: { secureConnection: boolean; reason: string | null };
}
/**
 * One raw TLS connection from 127.0.0.1; if the client sees the handshake complete, it sends
 * GET /v2/cardholders with the p1 key. In TLS 1.2 the server verifies the client certificate before
 * its Finished, so a refused client never sees 'secureConnect'. In TLS 1.3 the client completes its
 * side before the server has looked at the certificate, so only the server side can tell a refused
 * handshake (no 'secureConnection', a verification error) from a connection dropped later by HTTP code.
 */
function handshake(cred: string | undefined, maxVersion: tls.SecureVersion): Promise<Handshake> {
  return new Promise((resolve) => {
    const r: Omit<Handshake, "server"> = { secureConnect: false };
    let localPort = -1;
    let text = "";
    const socket = tls.connect({
      host: "127.0.0.1",
      port,
      ca: caPem,
      servername: "localhost",
      maxVersion,
      ...(cred ? { cert: creds[cred].cert, key: creds[cred].key } : {}),
    });
    socket.on("connect", () => {
      localPort = socket.localPort ?? -1;
      serverSide.delete(localPort);
    });
    socket.on("secureConnect", () => {
      r.secureConnect = true;
      socket.write(
        `GET /v2/cardholders HTTP/1.1\r\nHost: localhost\r\nX-API-Key: ${keys.p1}\r\nConnection: close\r\n\r\n`,
      );
    });
    socket.on("data", (d) => (text += d));
    socket.on("error", (e: NodeJS.ErrnoException) => (r.clientError ??= e.code ?? e.message));
    socket.on("close", () =>
      setTimeout(() => {
        const status = /^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1];
        const t = serverSide.get(localPort);
        resolve({
          ...r,
          ...(status ? { httpStatus: Number(status) } : {}),
          server: {
            secureConnection: !!t?.secureConnection,
            reason: t?.socket?.authorizationError?.toString() ?? t?.tlsError ?? null,
          },
        });
      }, 50),
    );
  });
}

/** The gateway's TLS layer refuses the certificate (with `reason`), in TLS 1.2 and 1.3, and no HTTP ever happens. */
async function expectTlsRefusal(cred: string | undefined, reason: RegExp, clientError = /^(ECONNRESET|ERR_SSL_\w+)$/) {
  for (const version of ["TLSv1.2", "TLSv1.3"] as const) {
    const h = await handshake(cred, version);
    expect(h.server, `${cred ?? "no certificate"} over ${version}`).toEqual({
      secureConnection: false,
      reason: expect.stringMatching(reason),
    });
    expect(h.httpStatus, `${cred ?? "no certificate"} over ${version}`).toBeUndefined();
    if (version === "TLSv1.2") {
      expect(h.secureConnect, `${cred ?? "no certificate"} over ${version}`).toBe(false);
      expect(h.clientError).toMatch(clientError);
    }
  }
}

beforeAll(async () => {
  dnsServer = await startDnsServer({
    PTR: { [reverseName("127.0.0.1")]: ["api.gateway.example"], [reverseName("127.0.0.5")]: ["api.gateway.example"] }, // .5 is not forward-confirmed
    A: { "api.gateway.example": ["127.0.0.1"] },
  });
  process.env.AXYS_DNS_SERVERS = dnsServer.address;
  const t = await createTenant(operatorCtx({ actor: "test" }), { name: "Gateway Co", slug: "gateway-co" });
  admin = await makeCtx("tenant_admin", { tenantId: t.id, environment: ENV });
  const [p1, p2] = [(await makeProgram(admin)).id, (await makeProgram(admin)).id];
  ids.prog1 = p1;
  await apiUser("p1", p1);
  await apiUser("p2", p2);
  await apiUser("tenant", null);
  await credential("p1", p1, p1);
  await credential("p2", p2, p2);
  await credential("tenant", "tenant", null);
  await credential("p1-expired", p1, p1, { user: "p1", issuedAt: new Date(Date.now() - 100 * 86_400_000) });
  await credential("p1-revoked", p1, p1, { user: "p1" });
  for (const scope of [p1, p2, null])
    await addAllowlistEntry(admin, {
      environment: ENV,
      programId: scope,
      cidr: "127.0.0.1",
      description: "Local test server",
    });
  await apiKey("p1");
  await apiKey("p2");
  await apiKey("tenant");
  caPem = await getCaCertificatePem(ENV);
  const { createGatewayServer } = await import("@/lib/gateway/server");
  gateway = await createGatewayServer({
    environment: ENV,
    trustedProxies: ["127.0.0.3"],
    now: () => new Date(Date.now() + clockOffset),
  });
  watchTls(gateway.server);
  await new Promise<void>((r) => gateway.server.listen(0, "127.0.0.1", r));
  port = (gateway.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await gateway?.close();
  await dnsServer?.close();
});

describe("the gateway", () => {
  it("answers 200 with certificate, allowlisted IP passing FCrDNS and the scope's API key", async () => {
    expect(await call("/v2/cardholders", { cred: "p1", apiKey: keys.p1 })).toEqual({
      status: 200,
      body: { program: ids.prog1, ok: true },
    });
  });

  it("counts its answers by status and code, and refused handshakes by reason, in the metrics", async () => {
    const count = async (name: string, labels: Record<string, string>) =>
      (await metrics.registry.getSingleMetric(name)!.get()).values
        .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
        .reduce((n, v) => n + v.value, 0);
    const ok = await count("axys_gateway_decisions_total", { environment: ENV, status: "200", code: "ok" });
    const noKey = await count("axys_gateway_decisions_total", {
      environment: ENV,
      status: "401",
      code: "missing_api_key",
    });
    const refused = await count("axys_gateway_handshake_failures_total", { environment: ENV });
    expect((await call("/v2/cardholders", { cred: "p1", apiKey: keys.p1 })).status).toBe(200);
    expect((await call("/v2/cardholders", { cred: "p1" })).status).toBe(401);
    expect((await call("/v2/cardholders", { apiKey: keys.p1 })).status).toBeUndefined(); // no certificate
    await expect.poll(() => count("axys_gateway_handshake_failures_total", { environment: ENV })).toBe(refused + 1);
    expect(await count("axys_gateway_decisions_total", { environment: ENV, status: "200", code: "ok" })).toBe(ok + 1);
    expect(
      await count("axys_gateway_decisions_total", { environment: ENV, status: "401", code: "missing_api_key" }),
    ).toBe(noKey + 1);
    expect(await count("axys_gateway_request_duration_seconds", { environment: ENV, status: "200" })).toBeGreaterThan(
      0,
    );
  });

  it("fails the TLS handshake without a certificate, with an expired one, a foreign-CA one, or a revoked one", async () => {
    for (const r of [
      await call("/v2/cardholders", { apiKey: keys.p1 }),
      await call("/v2/cardholders", { cred: "p1-expired", apiKey: keys.p1 }),
    ]) {
      expect(r.status).toBeUndefined();
      expect(r.error).toBeTruthy();
    }
    const foreign = opensslCsr("ec:P-256", "/O=Gateway Co/OU=x/CN=api.gateway.example");
    creds.foreign = {
      key: readFileSync(foreign.keyFile, "utf8"),
      cert: openssl(["req", "-x509", "-key", foreign.keyFile, "-subj", "/CN=api.gateway.example", "-days", "2"]),
    };
    expect((await call("/v2/cardholders", { cred: "foreign", apiKey: keys.p1 })).status).toBeUndefined();

    expect((await call("/v2/cardholders", { cred: "p1-revoked", apiKey: keys.p1 })).status).toBe(200);
    await revokeCertificate(admin, { certificateId: ids["p1-revoked"], reason: "keyCompromise" });
    await settle();
    const revoked = await call("/v2/cardholders", { cred: "p1-revoked", apiKey: keys.p1 });
    expect(revoked.status).toBeUndefined();
    expect(revoked.error).toBeTruthy();
    expect((await call("/v2/cardholders", { cred: "p1", apiKey: keys.p1 })).status).toBe(200); // the CA's other certificates still work
  });

  it("refuses those certificates in the TLS handshake itself, never handing the connection to HTTP", async () => {
    // the control: a valid certificate completes the handshake on both sides and reaches HTTP
    for (const version of ["TLSv1.2", "TLSv1.3"] as const) {
      expect(await handshake("p1", version)).toMatchObject({
        secureConnect: true,
        httpStatus: 200,
        server: { secureConnection: true, reason: null },
      });
    }
    // no certificate: the server aborts the handshake with an alert
    const noCert = { server: { secureConnection: false, reason: "ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE" } };
    expect(await handshake(undefined, "TLSv1.2")).toMatchObject({
      ...noCert,
      secureConnect: false,
      clientError: "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
    });
    expect(await handshake(undefined, "TLSv1.3")).toMatchObject({
      ...noCert,
      clientError: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
    });
    expect((await handshake(undefined, "TLSv1.3")).httpStatus).toBeUndefined();

    await expectTlsRefusal("p1-expired", /^CERT_HAS_EXPIRED$/);
    // not chaining to the staging CA: a self-signed certificate, one of another CA, one of the production CA
    const notOurs =
      /^(UNABLE_TO_GET_CRL|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)$/;
    await expectTlsRefusal("foreign", notOurs);
    const other = opensslCsr("ec:P-256", "/O=Gateway Co/OU=x/CN=api.gateway.example");
    const caKey = path.join(other.dir, "ca.key");
    const caCert = writeTemp(
      other.dir,
      "ca.pem",
      openssl([
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        caKey,
        "-subj",
        "/CN=Foreign CA",
        "-days",
        "2",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
      ]),
    );
    creds["foreign-ca"] = {
      key: readFileSync(other.keyFile, "utf8"),
      cert: openssl([
        "x509",
        "-req",
        "-in",
        other.csrFile,
        "-CA",
        caCert,
        "-CAkey",
        caKey,
        "-CAcreateserial",
        "-days",
        "2",
      ]),
    };
    await expectTlsRefusal("foreign-ca", notOurs);
    await credential("p1-production", ids.prog1, ids.prog1, { user: "p1", environment: "production" });
    await expectTlsRefusal("p1-production", notOurs);
  });

  it("refuses a certificate in the TLS handshake once it is revoked, after a live CRL refresh without a restart", async () => {
    await credential("p1-revoked-2", ids.prog1, ids.prog1, { user: "p1" });
    expect(await handshake("p1-revoked-2", "TLSv1.3")).toMatchObject({
      httpStatus: 200,
      server: { secureConnection: true, reason: null },
    });
    await revokeCertificate(admin, { certificateId: ids["p1-revoked-2"], reason: "keyCompromise" });
    await settle();
    // CERT_REVOKED comes from OpenSSL checking the refreshed CRL, not from the gateway dropping the request later
    await expectTlsRefusal("p1-revoked-2", /^CERT_REVOKED$/);
    expect(await handshake("p1", "TLSv1.3")).toMatchObject({ httpStatus: 200, server: { secureConnection: true } });
  });

  it("answers 401 without a key, with an unknown or revoked key, or a key of another scope", async () => {
    expect(await call("/v2/cardholders", { cred: "p1" })).toMatchObject({
      status: 401,
      body: { error: "missing_api_key" },
    });
    expect(await call("/v2/cardholders", { cred: "p1", apiKey: "axys_stg_p_" + "x".repeat(32) })).toMatchObject({
      status: 401,
      body: { error: "invalid_api_key" },
    });
    const other = await call("/v2/cardholders", { cred: "p1", apiKey: keys.p2 });
    expect(other).toMatchObject({
      status: 401,
      body: { error: "invalid_api_key", message: expect.stringMatching(/another scope/) },
    });
    await apiUser("spare", ids.prog1);
    await credential("spare", ids.prog1, ids.prog1);
    await apiKey("spare");
    expect((await call("/v2/cardholders", { cred: "spare", apiKey: keys.spare })).status).toBe(200);
    await revokeApiKey(admin, { keyId: ids["key:spare"] });
    await settle();
    expect(await call("/v2/cardholders", { cred: "spare", apiKey: keys.spare })).toMatchObject({
      status: 401,
      body: { message: expect.stringMatching(/revoked/) },
    });
  });

  it("answers 403 about authorized IPs for a caller not on the allowlist", async () => {
    const r = await call("/v2/cardholders", { cred: "p1", apiKey: keys.p1, from: "127.0.0.2" });
    expect(r).toMatchObject({
      status: 403,
      body: {
        error: "ip_not_authorized",
        message: expect.stringMatching(/127\.0\.0\.2 is not on the staging allowlist/),
      },
    });
  });

  it("answers 401 for a production key against the staging gateway", async () => {
    await apiKey("p1-production", { user: "p1", environment: "production" });
    expect(await call("/v2/cardholders", { cred: "p1", apiKey: keys["p1-production"] })).toMatchObject({
      status: 401,
      body: { error: "invalid_api_key", message: expect.stringMatching(/wrong environment/) },
    });
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const r = await call("/v2/cardholders", {
      cred: "p1",
      apiKey: keys.p1,
      from: "127.0.0.2",
      forwardedFor: "127.0.0.1",
    });
    expect(r).toMatchObject({
      status: 403,
      body: { message: expect.stringMatching(/127\.0\.0\.2 is not on the staging allowlist/) },
    });
    expect((await call("/v2/cardholders", { cred: "p1", apiKey: keys.p1, forwardedFor: "127.0.0.2" })).status).toBe(
      200,
    );
  });

  it("honours X-Forwarded-For from a configured trusted proxy: the last hop the proxy did not add itself", async () => {
    const proxy = "127.0.0.3";
    expect(await call("/v2/cardholders", { cred: "p1", apiKey: keys.p1, from: proxy })).toMatchObject({
      status: 403,
      body: { message: expect.stringMatching(/127\.0\.0\.3 is not on the staging allowlist/) },
    });
    expect(
      await call("/v2/cardholders", { cred: "p1", apiKey: keys.p1, from: proxy, forwardedFor: "127.0.0.2" }),
    ).toMatchObject({
      status: 403,
      body: { message: expect.stringMatching(/127\.0\.0\.2 is not on the staging allowlist/) },
    });
    // a client behind the proxy claiming an allowlisted address: the proxy appends the real one, which counts
    expect(
      await call("/v2/cardholders", { cred: "p1", apiKey: keys.p1, from: proxy, forwardedFor: "127.0.0.1, 127.0.0.2" }),
    ).toMatchObject({ status: 403, body: { message: expect.stringMatching(/127\.0\.0\.2 is not/) } });
    await apiUser("p1-proxied", ids.prog1);
    await credential("p1-proxied", ids.prog1, ids.prog1);
    await apiKey("p1-proxied");
    expect(
      await call("/v2/cardholders", {
        cred: "p1-proxied",
        apiKey: keys["p1-proxied"],
        from: proxy,
        forwardedFor: "198.51.100.1, 127.0.0.1",
      }),
    ).toEqual({ status: 200, body: { program: ids.prog1, ok: true } });
    await new Promise((res) => setTimeout(res, 100));
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: ids["key:p1-proxied"] } })).toMatchObject({
      lastUsedIp: "127.0.0.1",
    });
  });

  it("checks FCrDNS live for each caller inside an allowlisted range", async () => {
    const p = (await makeProgram(admin)).id;
    await apiUser("p4", p);
    await credential("p4", p, p);
    await apiKey("p4");
    const range = await addAllowlistEntry(admin, {
      environment: ENV,
      programId: p,
      cidr: "127.0.0.0/24",
      description: "Local range",
    });
    expect(range.dns.status).toBe("not_applicable");
    // 127.0.0.1: PTR api.gateway.example, whose A record is 127.0.0.1, within the certificate's DNS name
    expect(await call("/v2/cardholders", { cred: "p4", apiKey: keys.p4 })).toEqual({
      status: 200,
      body: { program: p, ok: true },
    });
    // 127.0.0.5: the same PTR name, but it does not resolve back to .5; 127.0.0.4: no PTR at all
    expect(await call("/v2/cardholders", { cred: "p4", apiKey: keys.p4, from: "127.0.0.5" })).toMatchObject({
      status: 403,
      body: {
        error: "ip_not_authorized",
        message: expect.stringMatching(
          /127\.0\.0\.5 is allowlisted but fails the forward-confirmed reverse DNS check\. The PTR name api\.gateway\.example does not resolve back to 127\.0\.0\.5/,
        ),
      },
    });
    expect(await call("/v2/cardholders", { cred: "p4", apiKey: keys.p4, from: "127.0.0.4" })).toMatchObject({
      status: 403,
      body: {
        message: expect.stringMatching(
          /127\.0\.0\.4 is allowlisted but fails the forward-confirmed reverse DNS check\. No PTR record/,
        ),
      },
    });
    expect(await db.allowlistEntry.findUniqueOrThrow({ where: { id: range.id } })).toMatchObject({
      dnsStatus: "not_applicable",
    });
  });

  it("answers 403 when the allowlisted IP fails FCrDNS, and picks up a fixed entry within seconds", async () => {
    const p = (await makeProgram(admin)).id;
    await apiUser("p3", p);
    await credential("p3", p, p);
    await apiKey("p3");
    expect((await call("/v2/cardholders", { cred: "p3", apiKey: keys.p3 })).status).toBe(403);
    const entry = await addAllowlistEntry(admin, {
      environment: ENV,
      programId: p,
      cidr: "127.0.0.1",
      description: "test",
    });
    await db.allowlistEntry.update({
      where: { id: entry.id },
      data: { dnsStatus: "fail", dnsReason: "No PTR record." },
    });
    await settle();
    expect(await call("/v2/cardholders", { cred: "p3", apiKey: keys.p3 })).toMatchObject({
      status: 403,
      body: { message: expect.stringMatching(/fails the forward-confirmed reverse DNS check/) },
    });
    await db.allowlistEntry.update({ where: { id: entry.id }, data: { dnsStatus: "pass" } });
    await settle();
    expect((await call("/v2/cardholders", { cred: "p3", apiKey: keys.p3 })).status).toBe(200);
  });

  it("judges again on a kept-alive connection after a refresh: an allowlist change, a failing FCrDNS, a revoked key", async () => {
    const p = (await makeProgram(admin)).id;
    await apiUser("ka", p);
    await credential("ka", p, p);
    await apiKey("ka");
    const entry = await addAllowlistEntry(admin, {
      environment: ENV,
      programId: p,
      cidr: "127.0.0.1",
      description: "Keep-alive test",
    });
    // one connection for every request below (the gateway keeps its verdicts per connection)
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const send = (apiKey = keys.ka) =>
      new Promise<{ status?: number; message?: string }>((resolve, reject) => {
        const req = https.request(
          {
            host: "127.0.0.1",
            port,
            path: "/v2/cardholders",
            ca: caPem,
            servername: "localhost",
            agent,
            cert: creds.ka.cert,
            key: creds.ka.key,
            headers: { "x-api-key": apiKey },
          },
          (res) => {
            sockets.add(res.socket);
            let text = "";
            res.on("data", (d) => (text += d));
            res.on("end", () => resolve({ status: res.statusCode, message: JSON.parse(text).message }));
          },
        );
        req.on("error", reject);
        req.end();
      });
    try {
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      await db.allowlistEntry.update({ where: { id: entry.id }, data: { dnsStatus: "fail", dnsReason: "No PTR." } });
      await settle();
      expect(await send()).toMatchObject({ status: 403, message: expect.stringMatching(/reverse DNS/) });
      await db.allowlistEntry.update({ where: { id: entry.id }, data: { dnsStatus: "pass" } });
      await settle();
      expect((await send()).status).toBe(200);
      await db.allowlistEntry.delete({ where: { id: entry.id } });
      await settle();
      expect(await send()).toMatchObject({
        status: 403,
        message: expect.stringMatching(/not on the staging allowlist/),
      });
      await addAllowlistEntry(admin, {
        environment: ENV,
        programId: p,
        cidr: "127.0.0.1",
        description: "Keep-alive test",
      });
      await settle();
      expect((await send()).status).toBe(200);
      expect(await send("axys_stg_p_" + "0".repeat(32))).toMatchObject({ status: 401 }); // another key on the connection
      expect((await send()).status).toBe(200);
      await revokeApiKey(admin, { keyId: ids["key:ka"] });
      await settle();
      expect(await send()).toMatchObject({ status: 401, message: expect.stringMatching(/revoked/) });
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it("answers 404 with an explanation for tenant-level credentials on a program endpoint, 200 on ping", async () => {
    expect(await call("/v2/cardholders", { cred: "tenant", apiKey: keys.tenant })).toMatchObject({
      status: 404,
      body: { message: expect.stringMatching(/Tenant-level credentials cannot call program-level endpoints/) },
    });
    expect(await call("/v2/ping", { cred: "tenant", apiKey: keys.tenant })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
  });

  it("accepts both keys during a rotation overlap and only the new one after it, and records the last use", async () => {
    const r = await rotateApiKey(admin, { keyId: ids["key:p2"], overlap: "1h" });
    await settle();
    expect((await call("/v2/cardholders", { cred: "p2", apiKey: keys.p2 })).status).toBe(200);
    expect((await call("/v2/cardholders", { cred: "p2", apiKey: r.key })).status).toBe(200);
    clockOffset += 2 * 3_600_000;
    await settle();
    expect(await call("/v2/cardholders", { cred: "p2", apiKey: keys.p2 })).toMatchObject({
      status: 401,
      body: { message: expect.stringMatching(/expired/) },
    });
    expect((await call("/v2/cardholders", { cred: "p2", apiKey: r.key })).status).toBe(200);
    await new Promise((res) => setTimeout(res, 100));
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: r.apiKey.id } })).toMatchObject({
      lastUsedIp: "127.0.0.1",
    });
  });

  it("accepts a certificate only with a key of the same API user: another user's key is 401, a disabled user's certificate too", async () => {
    const p = (await makeProgram(admin)).id;
    await apiUser("user-a", p);
    await apiUser("user-b", p);
    await credential("user-a", p, p);
    await credential("user-b", p, p);
    await apiKey("user-a");
    await apiKey("user-b");
    await addAllowlistEntry(admin, {
      environment: ENV,
      programId: p,
      cidr: "127.0.0.1",
      description: "Local test server",
    });
    const otherUser = {
      status: 401,
      body: {
        error: "invalid_api_key",
        message:
          "The X-API-Key belongs to another API user than the client certificate: a certificate works only with the keys of the API user it was issued for.",
      },
    };
    expect(await call("/v2/cardholders", { cred: "user-a", apiKey: keys["user-a"] })).toEqual({
      status: 200,
      body: { program: p, ok: true },
    });
    expect(await call("/v2/cardholders", { cred: "user-b", apiKey: keys["user-b"] })).toEqual({
      status: 200,
      body: { program: p, ok: true },
    });
    expect(await call("/v2/cardholders", { cred: "user-a", apiKey: keys["user-b"] })).toEqual(otherUser);
    expect(await call("/v2/cardholders", { cred: "user-b", apiKey: keys["user-a"] })).toEqual(otherUser);

    await disableApiUser(admin, ids["user:user-a"]);
    await settle();
    // A's certificate stays valid at the TLS layer (it is not revoked), but no key makes it usable any more
    expect(await call("/v2/cardholders", { cred: "user-a", apiKey: keys["user-b"] })).toEqual(otherUser);
    expect(await call("/v2/cardholders", { cred: "user-a", apiKey: keys["user-a"] })).toEqual({
      status: 401,
      body: { error: "invalid_api_key", message: "The X-API-Key is not valid here (disabled)." },
    });
    expect(await call("/v2/cardholders", { cred: "user-b", apiKey: keys["user-b"] })).toEqual({
      status: 200,
      body: { program: p, ok: true },
    });

    // a certificate bound to no API user (left so by the migration) works with no key
    await db.certificate.update({ where: { id: ids["user-b"] }, data: { apiUserId: null } });
    await settle();
    expect(await call("/v2/cardholders", { cred: "user-b", apiKey: keys["user-b"] })).toEqual({
      status: 401,
      body: {
        error: "invalid_api_key",
        message:
          "The client certificate is bound to no API user: issue a new certificate for the API user whose key you send.",
      },
    });
  });

  it("judges a single address's FCrDNS against the certificate presented, not any certificate of the scope", async () => {
    const p = (await makeProgram(admin)).id;
    await apiUser("dns-ok", p);
    await apiUser("dns-other", p);
    await credential("dns-ok", p, p);
    await credential("dns-other", p, p, { cn: "api.other.example" });
    await apiKey("dns-ok");
    await apiKey("dns-other");
    // 127.0.0.1's PTR api.gateway.example lies within the first certificate's name only; the stored check passes for the scope
    const entry = await addAllowlistEntry(admin, {
      environment: ENV,
      programId: p,
      cidr: "127.0.0.1",
      description: "Local test server",
    });
    expect(entry.dns).toMatchObject({ status: "pass", matchedDomain: "api.gateway.example" });
    expect(await call("/v2/cardholders", { cred: "dns-ok", apiKey: keys["dns-ok"] })).toEqual({
      status: 200,
      body: { program: p, ok: true },
    });
    expect(await call("/v2/cardholders", { cred: "dns-other", apiKey: keys["dns-other"] })).toEqual({
      status: 403,
      body: {
        error: "ip_not_authorized",
        message:
          "Requests must come from an authorized IP address: 127.0.0.1 is allowlisted but fails the forward-confirmed reverse DNS check. api.gateway.example resolves back to 127.0.0.1 but is not within the certificate's DNS names (api.other.example).",
      },
    });
  });
});
