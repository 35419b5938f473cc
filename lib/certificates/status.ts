export type CertificateStatus = "active" | "expiring" | "expired" | "revoked" | "superseded";
export const EXPIRING_WITHIN_DAYS = 30;
const DAY_MS = 86_400_000;

export function daysLeft(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

export function isValidAt(c: { revokedAt: Date | null; notBefore: Date; notAfter: Date }, now: Date): boolean {
  return !c.revokedAt && c.notAfter > now && c.notBefore <= now;
}

/**
 * Status of each certificate of one scope and environment. The newest valid one is current; older
 * valid ones are "superseded" (still accepted until they expire or are retired: the renewal overlap).
 */
export function statusesOf<T extends { id: string; revokedAt: Date | null; notBefore: Date; notAfter: Date; createdAt: Date }>(certs: T[], now: Date): Map<string, { status: CertificateStatus; supersededBy: string | null }> {
  const valid = certs.filter((c) => isValidAt(c, now)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const current = valid[0];
  const out = new Map<string, { status: CertificateStatus; supersededBy: string | null }>();
  for (const c of certs) {
    let status: CertificateStatus;
    if (c.revokedAt) status = "revoked";
    else if (c.notAfter <= now) status = "expired";
    else if (current && c.id !== current.id && isValidAt(c, now)) status = "superseded";
    else status = daysLeft(c.notAfter, now) <= EXPIRING_WITHIN_DAYS ? "expiring" : "active";
    out.set(c.id, { status, supersededBy: status === "superseded" ? current.id : null });
  }
  return out;
}
