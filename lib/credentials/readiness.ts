import "server-only";
import { countUsableAllowlistEntries } from "@/lib/allowlist/queries";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan, can } from "@/lib/auth/permissions";
import { validCertificateWhere } from "@/lib/certificates/queries";
import { db } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import { requireProgram } from "@/lib/programs/queries";

export interface ReadinessItem {
  key: "certificate" | "allowlist" | "api_key";
  ok: boolean;
  detail: string;
}

export const GATEWAY_URLS: Record<Environment, string> = {
  staging: process.env.AXYS_GATEWAY_URL_STAGING ?? "https://localhost:8443",
  production: process.env.AXYS_GATEWAY_URL_PRODUCTION ?? "https://localhost:9443",
};

/**
 * Whether a scope's three factors are in place in an environment, from real state (for the "test your credentials" page).
 * The page is the certificates feature's; the allowlist and API-key factors are read (and returned) only when the
 * reader also holds allowlist:read / apiusers:read, so the page never shows more than the reader may open elsewhere.
 */
export async function getCredentialReadiness(
  ctx: Ctx,
  environment: Environment,
  programId: string | null,
  now = new Date(),
): Promise<ReadinessItem[]> {
  assertCan(ctx, "certificates:read");
  const tenantId = tenantOf(ctx);
  if (programId) await requireProgram(db, ctx, programId);
  const [certRows, entries, keyRows] = await Promise.all([
    db.certificate.findMany({
      where: { tenantId, programId, environment, ...validCertificateWhere(now) },
      select: { apiUserId: true },
    }),
    can(ctx, "allowlist:read") ? countUsableAllowlistEntries(tenantId, programId, environment) : null,
    can(ctx, "apiusers:read")
      ? db.apiKey.findMany({
          where: {
            tenantId,
            environment,
            revokedAt: null,
            OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
            apiUser: { programId, disabledAt: null },
          },
          select: { apiUserId: true },
        })
      : null,
  ]);
  const certs = certRows.length;
  const items: ReadinessItem[] = [
    {
      key: "certificate",
      ok: certs > 0,
      detail: certs
        ? `${certs} valid certificate${certs > 1 ? "s" : ""}.`
        : "No valid certificate: the TLS handshake will fail.",
    },
  ];
  if (entries) {
    const { usable, total } = entries;
    items.push({
      key: "allowlist",
      ok: usable > 0,
      detail: total
        ? `${usable} of ${total} entries usable (single addresses need FCrDNS to pass).`
        : "No allowlisted address: requests get 403.",
    });
  }
  if (keyRows) {
    // The gateway pairs a certificate only with a key of the same API user: count the keys whose API user has a valid certificate.
    const certified = new Set(certRows.map((c) => c.apiUserId));
    const keys = keyRows.filter((k) => certified.has(k.apiUserId)).length;
    items.push({
      key: "api_key",
      ok: keys > 0,
      detail: keys
        ? `${keys} working API key${keys > 1 ? "s" : ""} of an API user with a valid certificate.`
        : keyRows.length
          ? "No working API key of an API user with a valid certificate: a certificate works only with its own API user's key, so requests get 401."
          : "No working API key for this scope: requests get 401.",
    });
  }
  return items;
}
