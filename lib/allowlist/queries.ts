import "server-only";
import { db } from "@/lib/db";

/**
 * How many of a scope's allowlist entries in an environment the gateway would let through: a range always, a
 * single address only while its FCrDNS check passes. The checklist and the credentials page both ask this.
 */
export async function countUsableAllowlistEntries(
  tenantId: string,
  programId: string | null,
  environment: string,
): Promise<{ usable: number; total: number }> {
  const entries = await db.allowlistEntry.findMany({
    where: { tenantId, programId, environment },
    select: { dnsStatus: true, rangeStart: true, rangeEnd: true },
  });
  return {
    usable: entries.filter((e) => e.rangeStart !== e.rangeEnd || e.dnsStatus === "pass").length,
    total: entries.length,
  };
}
