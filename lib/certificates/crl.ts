import "server-only";
import { getCa } from "@/lib/certificates/ca";
import { derInteger, toPem, x509 } from "@/lib/certificates/x509";
import { CA_ALGORITHM } from "@/lib/certificates/x509";
import { db } from "@/lib/db";
import type { Environment } from "@/lib/environments";

export const CRL_VALIDITY_MS = 24 * 3_600_000;
const REASONS: Record<string, x509.X509CrlReason> = {
  keyCompromise: x509.X509CrlReason.keyCompromise,
  superseded: x509.X509CrlReason.superseded,
  cessationOfOperation: x509.X509CrlReason.cessationOfOperation,
  affiliationChanged: x509.X509CrlReason.affiliationChanged,
  unspecified: x509.X509CrlReason.unspecified,
};

/**
 * The environment CA's signed CRL (PEM), built from the database on demand. Revocations are never
 * undone, so the count of entries is a monotonically increasing CRL number.
 */
export async function generateCrlPem(environment: Environment, now = new Date()): Promise<string> {
  const ca = await getCa(environment);
  const revoked = await db.certificate.findMany({
    where: { caId: ca.id, revokedAt: { not: null } },
    select: { serialHex: true, revokedAt: true, revocationReason: true },
    orderBy: { revokedAt: "asc" },
  });
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.certificate.subjectName,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS),
    signingKey: ca.privateKey,
    signingAlgorithm: CA_ALGORITHM,
    entries: revoked.map((r) => ({
      serialNumber: r.serialHex,
      revocationDate: r.revokedAt!,
      reason: REASONS[r.revocationReason ?? "unspecified"],
    })),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
      new x509.Extension("2.5.29.20", false, derInteger(revoked.length)), // cRLNumber
    ],
  });
  return toPem(crl.rawData, "X509 CRL");
}
