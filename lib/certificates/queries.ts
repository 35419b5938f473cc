import "server-only";
import { db } from "@/lib/db";

/**
 * The `where` of a certificate valid at `now`: in force (notBefore <= now < notAfter) and not revoked. Every
 * query for "a valid certificate" uses it, so none forgets a bound; `isValidAt` (status.ts) is its in-memory twin.
 */
export function validCertificateWhere(now: Date) {
  return { revokedAt: null, notBefore: { lte: now }, notAfter: { gt: now } };
}

/** DNS names of the scope's valid certificates in the environment: what PTR names must lie within. */
export async function certificateDomainsOf(
  tenantId: string,
  programId: string | null,
  environment: string,
  now = new Date(),
): Promise<string[]> {
  const certs = await db.certificate.findMany({
    where: { tenantId, programId, environment, ...validCertificateWhere(now) },
    select: { dnsNames: true },
  });
  return [...new Set(certs.flatMap((c) => JSON.parse(c.dnsNames) as string[]))];
}
