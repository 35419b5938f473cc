import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { generateCrlPem } from "@/lib/certificates/crl";
import {
  getCaCertificatePem,
  getCertificate,
  listCertificates,
  retireCertificate,
  revokeCertificate,
  submitCsr,
} from "@/lib/certificates/service";
import { getCredentialRegister } from "@/lib/credentials/register";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { reauthenticate, REAUTH_WINDOW_MS } from "@/lib/account/reauth";
import { startSession } from "@/lib/auth/sessions";
import { makeCtx, makeProgram, TEST_PASSWORD } from "@/lib/testing/factories";
import { openssl, opensslCsr, writeTemp, x509Facts, type KeySpec } from "@/lib/testing/openssl";
import { createTenant } from "@/lib/tenants/service";
import { operatorCtx } from "@/lib/auth/context";

const LEGAL = "Acme Cards Ltd";
let admin: Ctx;
let viewer: Ctx;
let other: Ctx;
let programId: string;
let otherProgramId: string;

beforeAll(async () => {
  const t = await createTenant(operatorCtx({ actor: "test" }), {
    name: "Acme Cards",
    slug: "acme-ca",
    legalName: LEGAL,
  });
  admin = await makeCtx("tenant_admin", { tenantId: t.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
  const o = await createTenant(operatorCtx({ actor: "test" }), { name: "Globex", slug: "globex-ca" });
  other = await makeCtx("tenant_admin", { tenantId: o.id });
  programId = (await makeProgram(admin)).id;
  otherProgramId = (await makeProgram(other)).id;
});

const subj = (ou: string, cn = "api.acme.example", o = LEGAL) => `/O=${o}/OU=${ou}/CN=${cn}`;
const csrFor = (key: KeySpec = "ec:P-256", ou = programId, cn?: string, san?: string[]) =>
  opensslCsr(key, subj(ou, cn), san);

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e.code;
}

function verifyWithOpenssl(certPem: string, caPem: string, dir: string) {
  const ca = writeTemp(dir, "ca.pem", caPem);
  const cert = writeTemp(dir, "cert.pem", certPem);
  return {
    verify: openssl(["verify", "-CAfile", ca, cert]).trim(),
    text: openssl(["x509", "-in", cert, "-noout", "-text"]),
  };
}

describe("submitCsr: accepted keys", () => {
  it.each(["rsa:2048", "rsa:4096", "ec:P-256", "ec:P-384"] as KeySpec[])(
    "issues a certificate openssl verifies for a %s CSR",
    async (key) => {
      const g = csrFor(key, programId, "api.acme.example", ["api.acme.example", "api2.acme.example"]);
      const cert = await submitCsr(admin, { environment: "production", programId, csrPem: g.csrPem });
      expect(cert).toMatchObject({
        environment: "production",
        programId,
        status: "active",
        dnsNames: ["api.acme.example", "api2.acme.example"],
      });
      expect(cert.serialHex).toMatch(/^[0-9A-F]{30,32}$/);
      expect(cert.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const { verify, text } = verifyWithOpenssl(cert.certificatePem, await getCaCertificatePem("production"), g.dir);
      expect(verify).toMatch(/: OK$/);
      expect(text).toContain("TLS Web Client Authentication");
      expect(text).toMatch(/DNS:api\.acme\.example, DNS:api2\.acme\.example/);
      expect(text).toMatch(/CA:FALSE/);
      expect(text).toContain(`Subject: O = ${LEGAL}, OU = ${programId}, CN = api.acme.example`);
      if (key.startsWith("rsa")) expect(text).toMatch(/Digital Signature, Key Encipherment/);
      else expect(text).not.toContain("Key Encipherment");
      const days = (cert.notAfter.getTime() - cert.notBefore.getTime()) / 86_400_000;
      expect(days).toBeCloseTo(90 + 5 / 1440, 5); // 90 days from now, notBefore backdated 5 minutes
      expect(cert.keyType).toBe(key.startsWith("rsa") ? `RSA ${key.slice(4)}` : `EC ${key.slice(3)}`);
      const audit = await db.auditEvent.findFirstOrThrow({
        where: { action: "certificate.issued", targetId: cert.id },
      });
      expect(audit.tenantId).toBe(admin.tenantId);
      expect(audit.after).not.toContain("PRIVATE");
    },
  );

  it.each(["rsa:2048", "ec:P-256"] as KeySpec[])(
    "issues the documented validity, serial and key identifiers, read back from the %s certificate by openssl",
    async (key) => {
      const cert = await submitCsr(admin, { environment: "production", programId, csrPem: csrFor(key).csrPem });
      const facts = x509Facts(cert.certificatePem);
      // docs/certificates.md: 90 days from issuance, notBefore backdated 5 minutes (X.509 times have whole seconds).
      expect((facts.notAfter.getTime() - facts.notBefore.getTime()) / 1000).toBe(90 * 86_400 + 5 * 60);
      expect(Math.abs(facts.notBefore.getTime() - cert.notBefore.getTime())).toBeLessThan(1000);
      expect(Math.abs(facts.notAfter.getTime() - cert.notAfter.getTime())).toBeLessThan(1000);
      // A positive serial from 127 random bits: 16 octets, 15 when DER drops a leading zero octet.
      expect(facts.serialHex).toBe(cert.serialHex);
      expect(facts.serialHex).toMatch(/^([0-9A-F]{2}){15,16}$/);
      expect(parseInt(facts.serialHex.slice(0, 2), 16)).toBeLessThan(0x80);
      expect(facts.subjectKeyId).toMatch(/^([0-9A-F]{2}:){19,}[0-9A-F]{2}$/);
      expect(facts.authorityKeyId).toBe(x509Facts(await getCaCertificatePem("production")).subjectKeyId);
      expect(facts.authorityKeyId).not.toBe(facts.subjectKeyId);
      expect(facts.extendedKeyUsage).toEqual(["TLS Web Client Authentication"]);
    },
  );

  it("takes the DNS name from CN when there is no SAN, and issues tenant-level certificates with OU=tenant", async () => {
    const g = opensslCsr("ec:P-256", subj("tenant", "ops.acme.example"));
    const cert = await submitCsr(admin, { environment: "staging", programId: null, csrPem: g.csrPem });
    expect(cert).toMatchObject({ programId: null, dnsNames: ["ops.acme.example"] });
    expect(verifyWithOpenssl(cert.certificatePem, await getCaCertificatePem("staging"), g.dir).verify).toMatch(/OK$/);
  });
});

describe("submitCsr: refusals", () => {
  const cases: [string, () => string, string][] = [
    ["RSA 1024", () => csrFor("rsa:1024").csrPem, "CSR_KEY_TOO_SMALL"],
    ["secp256k1", () => csrFor("ec:secp256k1").csrPem, "CSR_KEY_UNSUPPORTED"],
    ["Ed25519", () => csrFor("ed25519").csrPem, "CSR_KEY_UNSUPPORTED"],
    ["wrong O", () => opensslCsr("ec:P-256", subj(programId, "api.acme.example", "Acme Inc")).csrPem, "CSR_SUBJECT_O"],
    ["foreign OU", () => csrFor("ec:P-256", otherProgramId).csrPem, "CSR_SUBJECT_OU"],
    ["tenant OU on a program", () => csrFor("ec:P-256", "tenant").csrPem, "CSR_SUBJECT_OU"],
    ["no DNS name", () => csrFor("ec:P-256", programId, "Acme API client").csrPem, "CSR_NO_DNS_NAME"],
    [
      "wildcard SAN",
      () => csrFor("ec:P-256", programId, "api.acme.example", ["*.acme.example"]).csrPem,
      "CSR_INVALID_DNS_NAME",
    ],
    ["a private key", () => csrFor().keyPem, "CSR_PRIVATE_KEY"],
    [
      "a private key pasted with its CSR",
      () => {
        const g = csrFor();
        return g.keyPem + g.csrPem;
      },
      "CSR_PRIVATE_KEY",
    ],
    [
      "a certificate",
      () => openssl(["req", "-x509", "-key", csrFor().keyFile, "-subj", "/CN=x.example", "-days", "1"]),
      "CSR_WRONG_PEM_TYPE",
    ],
    ["a public key", () => openssl(["pkey", "-in", csrFor().keyFile, "-pubout"]), "CSR_WRONG_PEM_TYPE"],
    ["garbage", () => "hello, this is not a CSR", "CSR_NOT_PEM"],
    [
      "damaged base64",
      () => "-----BEGIN CERTIFICATE REQUEST-----\nMIIB$$$\n-----END CERTIFICATE REQUEST-----\n",
      "CSR_MALFORMED",
    ],
    [
      "valid base64, not PKCS#10",
      () => "-----BEGIN CERTIFICATE REQUEST-----\nAAAAAAAA\n-----END CERTIFICATE REQUEST-----\n",
      "CSR_MALFORMED",
    ],
    ["oversized", () => csrFor().csrPem + "\n" + "x".repeat(17 * 1024), "CSR_TOO_LARGE"],
    [
      "an oversized paste holding a private key",
      () => {
        const g = csrFor();
        return "x".repeat(17 * 1024) + g.csrPem + g.keyPem;
      },
      "CSR_PRIVATE_KEY",
    ],
    ["tampered signature", () => tamper(csrFor("rsa:2048").csrPem), "CSR_BAD_SIGNATURE"],
  ];

  it.each(cases)("refuses %s with its code and stores nothing", async (_name, make, code) => {
    const before = await db.certificate.count();
    expect(await codeOf(submitCsr(admin, { environment: "production", programId, csrPem: make() }))).toBe(code);
    expect(await db.certificate.count()).toBe(before);
  });

  it("says what to do in the message, and never echoes a private key", async () => {
    const g = csrFor();
    const e = (await submitCsr(admin, { environment: "production", programId, csrPem: g.keyPem }).catch(
      (x) => x,
    )) as AppError;
    expect(e.message).toMatch(/treat that key as exposed/);
    expect(e.message).not.toContain(g.keyPem.split("\n")[1]);
    // Too large AND a private key: the exposure warning wins, and the key reaches no log.
    const logged: unknown[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...a) => void logged.push(...a)),
    );
    try {
      const big = (await submitCsr(admin, {
        environment: "production",
        programId,
        csrPem: g.keyPem + "\n" + "x".repeat(20 * 1024),
      }).catch((x) => x)) as AppError;
      expect(big).toMatchObject({ code: "CSR_PRIVATE_KEY", field: "csr" });
      expect(big.message).toMatch(/treat that key as exposed/);
      expect(big.message).not.toContain(g.keyPem.split("\n")[1]);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(logged.map(String).join("\n")).not.toContain(g.keyPem.split("\n")[1]);
    const o = (await submitCsr(admin, {
      environment: "production",
      programId,
      csrPem: opensslCsr("ec:P-256", subj(programId, "a.acme.example", "Acme Inc")).csrPem,
    }).catch((x) => x)) as AppError;
    expect(o.message).toBe(
      `The CSR subject O is "Acme Inc", but this tenant's legal name is "${LEGAL}". Regenerate the CSR with -subj "/O=${LEGAL}/OU=${programId}/CN=<your host>".`,
    );
  });

  it("refuses a key already in an active certificate", async () => {
    const g = csrFor();
    await submitCsr(admin, { environment: "production", programId, csrPem: g.csrPem });
    expect(await codeOf(submitCsr(admin, { environment: "staging", programId, csrPem: g.csrPem }))).toBe(
      "CSR_KEY_REUSED",
    );
  });

  it("issues one certificate when the same key is submitted concurrently (the reuse check runs in the issuing transaction)", async () => {
    const g = csrFor();
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => submitCsr(admin, { environment: "staging", programId, csrPem: g.csrPem })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.map((r) => (r.reason as AppError).code)).toEqual(["CSR_KEY_REUSED", "CSR_KEY_REUSED"]);
    const issued = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ id: string }>).value;
    const key = (await db.certificate.findUniqueOrThrow({ where: { id: issued.id } })).publicKeySha256;
    expect(await db.certificate.count({ where: { publicKeySha256: key } })).toBe(1);
  });

  it("refuses a viewer, and another tenant's program is not found", async () => {
    expect(await codeOf(submitCsr(viewer, { environment: "production", programId, csrPem: csrFor().csrPem }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(submitCsr(other, { environment: "production", programId, csrPem: csrFor().csrPem }))).toBe(
      "NOT_FOUND",
    );
  });
});

describe("lifecycle", () => {
  it("renews with overlap, retires the old one, and revokes onto the CRL", async () => {
    const p = (await makeProgram(admin)).id;
    const first = await submitCsr(admin, {
      environment: "production",
      programId: p,
      csrPem: csrFor("ec:P-256", p).csrPem,
    });
    await expect(retireCertificate(admin, first.id)).rejects.toMatchObject({ code: "CONFLICT" }); // nothing newer yet
    const second = await submitCsr(admin, {
      environment: "production",
      programId: p,
      csrPem: csrFor("rsa:2048", p).csrPem,
    });
    let list = await listCertificates(viewer, { environment: "production", programId: p });
    expect(list.map((c) => [c.id, c.status])).toEqual([
      [second.id, "active"],
      [first.id, "superseded"],
    ]);
    expect(list[1].supersededBy).toBe(second.id);

    expect(await codeOf(retireCertificate(other, first.id))).toBe("NOT_FOUND");
    expect(await codeOf(retireCertificate(viewer, first.id))).toBe("FORBIDDEN");
    await retireCertificate(admin, first.id);
    list = await listCertificates(admin, { environment: "production", programId: p });
    expect(list.find((c) => c.id === first.id)).toMatchObject({ status: "revoked", revocationReason: "superseded" });

    await revokeCertificate(admin, { certificateId: second.id, reason: "keyCompromise" });
    expect(await codeOf(revokeCertificate(admin, { certificateId: second.id, reason: "keyCompromise" }))).toBe(
      "CONFLICT",
    );
    const crl = await generateCrlPem("production");
    const dir = csrFor().dir;
    const crlText = openssl([
      "crl",
      "-in",
      writeTemp(dir, "crl.pem", crl),
      "-noout",
      "-text",
      "-CAfile",
      writeTemp(dir, "ca.pem", await getCaCertificatePem("production")),
    ]);
    expect(crlText).toContain(`Serial Number: ${first.serialHex}`);
    expect(crlText).toContain(`Serial Number: ${second.serialHex}`);
    expect(crlText).toContain("Key Compromise");
    expect(crlText).toContain("X509v3 CRL Number");
    const audit = await db.auditEvent.findMany({
      where: { targetId: { in: [first.id, second.id] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "certificate.issued",
      "certificate.issued",
      "certificate.retired",
      "certificate.revoked",
    ]);
  });

  it("computes expiring and expired from the clock", async () => {
    const p = (await makeProgram(admin)).id;
    const issuedAt = new Date("2026-01-01T00:00:00Z");
    const c = await submitCsr(
      admin,
      { environment: "staging", programId: p, csrPem: csrFor("ec:P-256", p).csrPem },
      issuedAt,
    );
    const at = (days: number) =>
      listCertificates(
        admin,
        { environment: "staging", programId: p },
        new Date(issuedAt.getTime() + days * 86_400_000),
      );
    expect((await at(10))[0]).toMatchObject({ id: c.id, status: "active", daysLeft: 80 });
    expect((await at(61))[0]).toMatchObject({ status: "expiring", daysLeft: 29 });
    expect((await at(91))[0]).toMatchObject({ status: "expired" });
  });

  it("hides another tenant's certificate and the viewer can read but not revoke", async () => {
    const c = await submitCsr(admin, { environment: "staging", programId, csrPem: csrFor().csrPem });
    expect(await codeOf(getCertificate(other, c.id))).toBe("NOT_FOUND");
    expect(await codeOf(revokeCertificate(other, { certificateId: c.id, reason: "unspecified" }))).toBe("NOT_FOUND");
    expect(await codeOf(listCertificates(other, { environment: "staging", programId }))).toBe("NOT_FOUND");
    expect((await getCertificate(viewer, c.id)).certificatePem).toContain("BEGIN CERTIFICATE");
    expect(await codeOf(revokeCertificate(viewer, { certificateId: c.id, reason: "unspecified" }))).toBe("FORBIDDEN");
    expect((await db.certificate.findUniqueOrThrow({ where: { id: c.id } })).revokedAt).toBeNull();
  });

  it("revoking or retiring from a browser needs a recent password: refused (nothing revoked) when it is older than 10 minutes", async () => {
    const p = (await makeProgram(admin)).id;
    const old = await submitCsr(admin, { environment: "staging", programId: p, csrPem: csrFor("ec:P-256", p).csrPem });
    const c = await submitCsr(admin, { environment: "staging", programId: p, csrPem: csrFor("ec:P-256", p).csrPem });
    const sessionId = await startSession(admin.userId!, { ip: "198.51.100.9", userAgent: "vitest" });
    const browser: Ctx = { ...admin, sessionId };
    await db.session.update({
      where: { id: sessionId },
      data: { reauthenticatedAt: new Date(Date.now() - REAUTH_WINDOW_MS - 1000) },
    });
    expect(await codeOf(revokeCertificate(browser, { certificateId: c.id, reason: "keyCompromise" }))).toBe(
      "REAUTH_REQUIRED",
    );
    expect(await codeOf(retireCertificate(browser, old.id))).toBe("REAUTH_REQUIRED");
    const revokedAt = async (id: string) => (await db.certificate.findUniqueOrThrow({ where: { id } })).revokedAt;
    expect([await revokedAt(c.id), await revokedAt(old.id)]).toEqual([null, null]);
    await reauthenticate(browser, { password: TEST_PASSWORD });
    await retireCertificate(browser, old.id);
    await revokeCertificate(browser, { certificateId: c.id, reason: "keyCompromise" });
    expect(await revokedAt(old.id)).not.toBeNull();
    expect(await revokedAt(c.id)).not.toBeNull();
  });
});

describe("CA", () => {
  it("keeps one CA per environment with its private key sealed at rest", async () => {
    const cas = await db.certificateAuthority.findMany();
    expect(cas.map((c) => c.environment).sort()).toEqual(["production", "staging"]);
    for (const ca of cas) {
      expect(ca.sealedKey).toMatch(/^v2\.[0-9a-f]{8}\./);
      expect(ca.sealedKey).not.toContain("PRIVATE KEY");
      expect(Buffer.from(ca.sealedKey.split(".")[3], "base64url").toString("latin1")).not.toMatch(/\x30\x82/); // no clear DER
    }
    expect(cas[0].certificatePem).not.toBe(cas[1].certificatePem);
  });
});

describe("credential register", () => {
  it("has one row per environment x credential set (one for a scope without API user), sorted by urgency", async () => {
    const rows = await getCredentialRegister(viewer);
    const programs = await db.program.count({ where: { tenantId: admin.tenantId! } });
    const withUsers = await db.apiUser.groupBy({
      by: ["programId"],
      where: { tenantId: admin.tenantId!, disabledAt: null },
      _count: true,
    });
    const sets = programs + 1 + withUsers.reduce((n, g) => n + g._count - 1, 0);
    expect(rows).toHaveLength(2 * sets);
    const ranks = rows.map((r) => ({ expired: 0, expiring: 1, ok: 1, missing: 2 })[r.state]);
    expect([...ranks].sort()).toEqual(ranks);
    const withDays = rows.filter((r) => r.daysLeft !== null).map((r) => r.daysLeft!);
    expect([...withDays].sort((a, b) => a - b)).toEqual(withDays);
    // a missing row must fail here, not pass as "undefined is not null"
    expect(rows.find((r) => r.environment === "staging" && r.scope === "tenant")).toMatchObject({
      certificateId: expect.any(String),
    });
    await expect(
      getCredentialRegister(await makeCtx("partner_viewer", { tenantId: admin.tenantId, programId })),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

/** Flips one byte inside the CSR's signature (its last bytes), keeping the PEM well-formed. */
function tamper(pem: string): string {
  const body = pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  const der = Buffer.from(body, "base64");
  der[der.length - 10] ^= 0xff;
  return `-----BEGIN CERTIFICATE REQUEST-----\n${der
    .toString("base64")
    .match(/.{1,64}/g)!
    .join("\n")}\n-----END CERTIFICATE REQUEST-----\n`;
}

describe("certificates of an API user", () => {
  it("links a certificate to an API user of the same scope and refuses another scope", async () => {
    const { createApiUser } = await import("@/lib/api-users/service");
    const u = await createApiUser(admin, { name: "Cert linked", pattern: "program", programId });
    const c = await submitCsr(admin, { environment: "staging", programId, apiUserId: u.id, csrPem: csrFor().csrPem });
    expect(c.apiUserId).toBe(u.id);
    const t = await createApiUser(admin, { name: "Tenant linked", pattern: "tenant_admin" });
    expect(
      await codeOf(submitCsr(admin, { environment: "staging", programId, apiUserId: t.id, csrPem: csrFor().csrPem })),
    ).toBe("VALIDATION");
    const foreign = await createApiUser(other, { name: "Foreign", pattern: "tenant_admin" });
    expect(
      await codeOf(
        submitCsr(admin, {
          environment: "staging",
          programId: null,
          apiUserId: foreign.id,
          csrPem: csrFor("ec:P-256", "tenant").csrPem,
        }),
      ),
    ).toBe("NOT_FOUND");
  });
});

describe("credential sets in the register and the readiness check", () => {
  it("shows each API user of a scope with its own certificate, and counts only keys of API users with a valid certificate", async () => {
    const { createApiUser } = await import("@/lib/api-users/service");
    const { issueApiKey } = await import("@/lib/api-keys/service");
    const { getCredentialReadiness } = await import("@/lib/credentials/readiness");
    const p = (await makeProgram(admin)).id;
    const a = await createApiUser(admin, { name: "Set A", pattern: "program", programId: p });
    const b = await createApiUser(admin, { name: "Set B", pattern: "program", programId: p });
    const cert = await submitCsr(admin, {
      environment: "staging",
      programId: p,
      apiUserId: a.id,
      csrPem: csrFor("ec:P-256", p).csrPem,
    });
    const kb = await issueApiKey(admin, { apiUserId: b.id, environment: "staging" });

    const mine = (await getCredentialRegister(viewer)).filter((r) => r.programId === p && r.environment === "staging");
    expect(
      mine.map((r) => ({
        apiUserId: r.apiUserId,
        apiUserName: r.apiUserName,
        certificateId: r.certificateId,
        state: r.state,
        rotated: r.apiKeyLastRotatedAt,
      })),
    ).toEqual([
      { apiUserId: a.id, apiUserName: "Set A", certificateId: cert.id, state: "ok", rotated: null },
      { apiUserId: b.id, apiUserName: "Set B", certificateId: null, state: "missing", rotated: kb.apiKey.createdAt },
    ]);

    // B's key cannot pair with A's certificate at the gateway: not ready
    expect((await getCredentialReadiness(viewer, "staging", p)).find((i) => i.key === "api_key")).toEqual({
      key: "api_key",
      ok: false,
      detail:
        "No working API key of an API user with a valid certificate: a certificate works only with its own API user's key, so requests get 401.",
    });
    await issueApiKey(admin, { apiUserId: a.id, environment: "staging" });
    expect((await getCredentialReadiness(viewer, "staging", p)).find((i) => i.key === "api_key")).toEqual({
      key: "api_key",
      ok: true,
      detail: "1 working API key of an API user with a valid certificate.",
    });
  });

  it("renews per API user: another API user's newer certificate supersedes nothing and cannot retire it", async () => {
    const { createApiUser } = await import("@/lib/api-users/service");
    const p = (await makeProgram(admin)).id;
    const a = await createApiUser(admin, { name: "Renew A", pattern: "program", programId: p });
    const b = await createApiUser(admin, { name: "Renew B", pattern: "program", programId: p });
    const a1 = await submitCsr(admin, {
      environment: "staging",
      programId: p,
      apiUserId: a.id,
      csrPem: csrFor("ec:P-256", p).csrPem,
    });
    const b1 = await submitCsr(admin, {
      environment: "staging",
      programId: p,
      apiUserId: b.id,
      csrPem: csrFor("ec:P-256", p).csrPem,
    });
    const statuses = async () =>
      Object.fromEntries(
        (await listCertificates(viewer, { environment: "staging", programId: p })).map((c) => [c.id, c.status]),
      );
    expect(await statuses()).toEqual({ [a1.id]: "active", [b1.id]: "active" });
    const e = await retireCertificate(admin, a1.id).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toMatchObject({
      code: "CONFLICT",
      message:
        "There is no newer valid certificate for this API user: retiring this one would leave its credential set without a certificate. Revoke it instead if that is intended.",
    });
    const a2 = await submitCsr(admin, {
      environment: "staging",
      programId: p,
      apiUserId: a.id,
      csrPem: csrFor("ec:P-256", p).csrPem,
    });
    expect(await statuses()).toEqual({ [a1.id]: "superseded", [b1.id]: "active", [a2.id]: "active" });
    await retireCertificate(admin, a1.id);
    expect(await statuses()).toEqual({ [a1.id]: "revoked", [b1.id]: "active", [a2.id]: "active" });
  });
});
