export type CertificateStatus = "active" | "expiring" | "expired" | "revoked" | "superseded";
export const EXPIRING_WITHIN_DAYS = 30;
const DAY_MS = 86_400_000;

export function daysLeft(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

/** Is the certificate valid at `now` (in force, not revoked)? The in-memory twin of `validCertificateWhere` (queries.ts). */
export function isValidAt(c: { revokedAt: Date | null; notBefore: Date; notAfter: Date }, now: Date): boolean {
  return !c.revokedAt && c.notAfter > now && c.notBefore <= now;
}

/**
 * Status of each certificate of one scope and environment. Per credential set (API user), the newest
 * valid one is current; its older valid ones are "superseded" (still accepted until they expire or are
 * retired: the renewal overlap). Another API user's newer certificate supersedes nothing: the gateway
 * pairs each certificate only with its own API user's keys.
 */
export function statusesOf<
  T extends {
    id: string;
    apiUserId?: string | null;
    revokedAt: Date | null;
    notBefore: Date;
    notAfter: Date;
    createdAt: Date;
  },
>(certs: T[], now: Date): Map<string, { status: CertificateStatus; supersededBy: string | null }> {
  const current = new Map<string, T>();
  for (const c of certs
    .filter((x) => isValidAt(x, now))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())) {
    if (!current.has(c.apiUserId ?? "")) current.set(c.apiUserId ?? "", c);
  }
  const out = new Map<string, { status: CertificateStatus; supersededBy: string | null }>();
  for (const c of certs) {
    const cur = current.get(c.apiUserId ?? "");
    let status: CertificateStatus;
    if (c.revokedAt) status = "revoked";
    else if (c.notAfter <= now) status = "expired";
    else if (cur && c.id !== cur.id && isValidAt(c, now)) status = "superseded";
    else status = daysLeft(c.notAfter, now) <= EXPIRING_WITHIN_DAYS ? "expiring" : "active";
    out.set(c.id, { status, supersededBy: status === "superseded" ? cur!.id : null });
  }
  return out;
}
