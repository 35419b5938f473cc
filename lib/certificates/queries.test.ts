import { beforeAll, describe, expect, it } from "vitest";
import { getCa } from "@/lib/certificates/ca";
import { certificateDomainsOf, validCertificateWhere } from "@/lib/certificates/queries";
import { isValidAt } from "@/lib/certificates/status";
import { db } from "@/lib/db";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

const NOW = new Date("2026-12-05T08:00:00Z");
const DAY = 86_400_000;
let tenantId: string;
let programId: string;

async function cert(serial: string, notBefore: Date, notAfter: Date, revokedAt: Date | null = null) {
  const ca = await getCa("production");
  return db.certificate.create({
    data: {
      tenantId,
      programId,
      environment: "production",
      caId: ca.id,
      serialHex: serial,
      fingerprintSha256: `fp-${serial}`,
      publicKeySha256: `pk-${serial}`,
      keyType: "EC P-256",
      subject: "CN=test",
      dnsNames: JSON.stringify([`${serial}.example.com`]),
      notBefore,
      notAfter,
      certificatePem: "-",
      revokedAt,
    },
  });
}

beforeAll(async () => {
  tenantId = (await makeTenant("Valid certs")).id;
  programId = (await makeProgram(await makeCtx("tenant_admin", { tenantId }))).id;
  await cert("v0a1", new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + 89 * DAY)); // valid
  await cert("v0a2", new Date(NOW.getTime() + DAY), new Date(NOW.getTime() + 91 * DAY)); // not yet valid
  await cert("v0a3", new Date(NOW.getTime() - 91 * DAY), new Date(NOW.getTime() - DAY)); // expired
  await cert(
    "v0a4",
    new Date(NOW.getTime() - DAY),
    new Date(NOW.getTime() + 89 * DAY),
    new Date(NOW.getTime() - 60_000),
  ); // revoked
  await cert("v0a5", NOW, new Date(NOW.getTime() + DAY)); // valid from this very instant
  await cert("v0a6", new Date(NOW.getTime() - DAY), NOW); // expired at this very instant
});

describe("validCertificateWhere", () => {
  it("finds exactly the certificates in force and not revoked: notBefore <= now < notAfter", async () => {
    const rows = await db.certificate.findMany({
      where: { tenantId, ...validCertificateWhere(NOW) },
      orderBy: { serialHex: "asc" },
    });
    expect(rows.map((r) => r.serialHex)).toEqual(["v0a1", "v0a5"]);
  });

  it("agrees with isValidAt, its in-memory twin", async () => {
    const all = await db.certificate.findMany({ where: { tenantId }, orderBy: { serialHex: "asc" } });
    expect(all.filter((c) => isValidAt(c, NOW)).map((c) => c.serialHex)).toEqual(["v0a1", "v0a5"]);
  });

  it("certificateDomainsOf: the DNS names of the valid certificates only", async () => {
    expect((await certificateDomainsOf(tenantId, programId, "production", NOW)).sort()).toEqual([
      "v0a1.example.com",
      "v0a5.example.com",
    ]);
    expect(await certificateDomainsOf(tenantId, programId, "staging", NOW)).toEqual([]);
  });
});
