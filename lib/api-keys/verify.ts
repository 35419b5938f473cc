import "server-only";
import { hashApiKey, parseApiKey } from "@/lib/api-keys/format";
import { onPostgres, preparedStatement, sqlDate, sqliteTimestamp } from "@/lib/db";
import type { Environment } from "@/lib/environments";

export type VerifyFailure = "malformed" | "unknown" | "wrong_environment" | "revoked" | "expired" | "disabled";
export interface ApiKeyScope {
  keyId: string;
  apiUserId: string;
  tenantId: string;
  programId: string | null;
  level: "tenant" | "program";
}
export type VerifyResult = { ok: true; scope: ApiKeyScope } | { ok: false; reason: VerifyFailure };

/** The key and its API user in one read: a prepared statement on the driver (the gateway reads it per new key). */
const keyByHash = preparedStatement<{
  id: string;
  environment: string;
  revokedAt: unknown;
  expiresAt: unknown;
  apiUserId: string;
  tenantId: string;
  programId: string | null;
  disabledAt: unknown;
}>(
  "axys_api_key_by_hash",
  `SELECT k."id", k."environment", k."revokedAt", k."expiresAt", u."id" AS "apiUserId", u."tenantId", u."programId",
    u."disabledAt" FROM "ApiKey" k JOIN "ApiUser" u ON u."id" = k."apiUserId" WHERE k."keyHash" = ?`,
);

/**
 * Checks a presented API key for an environment: one indexed lookup by the key's SHA-256 (the hash names the key;
 * nothing tenant-scoped is read before it matches). Returns the scope (tenant, program, API user) or why it fails.
 * The gateway calls it for a key it has not verified within its refresh time.
 */
export async function verifyApiKey(rawKey: string, environment: Environment, now = new Date()): Promise<VerifyResult> {
  const parsed = parseApiKey(String(rawKey ?? "").trim());
  if (!parsed) return { ok: false, reason: "malformed" };
  const [k] = await keyByHash(hashApiKey(rawKey.trim()));
  if (!k) return { ok: false, reason: "unknown" };
  if (k.environment !== environment) return { ok: false, reason: "wrong_environment" };
  if (k.revokedAt != null && sqlDate(k.revokedAt) <= now) return { ok: false, reason: "revoked" };
  if (k.expiresAt != null && sqlDate(k.expiresAt) <= now) return { ok: false, reason: "expired" };
  if (k.disabledAt != null) return { ok: false, reason: "disabled" };
  return {
    ok: true,
    scope: {
      keyId: k.id,
      apiUserId: k.apiUserId,
      tenantId: k.tenantId,
      programId: k.programId,
      level: k.programId ? "program" : "tenant",
    },
  };
}

export const LAST_USED_WRITE_INTERVAL_MS = 60_000;
const lastWritten = new Map<string, number>();

const touchKey = preparedStatement<never>(
  "axys_api_key_touch",
  `UPDATE "ApiKey" SET "lastUsedAt" = ?, "lastUsedIp" = ? WHERE "id" = ?`,
);

/**
 * Records a key's last successful use (time, IP), writing at most once per minute per key so the
 * gateway does not write to the database on every request. Returns false at once when no write is due (the
 * gateway's hot path makes no promise then), else whether it wrote.
 */
export function recordApiKeyUse(keyId: string, ip: string, now = new Date()): false | Promise<boolean> {
  const prev = lastWritten.get(keyId);
  if (prev !== undefined && now.getTime() - prev < LAST_USED_WRITE_INTERVAL_MS) return false;
  if (lastWritten.size > 100_000) lastWritten.clear();
  lastWritten.set(keyId, now.getTime());
  // UTC as both databases store a timestamp (PostgreSQL's timestamp(3) ignores the zone of the text)
  return touchKey(onPostgres ? now.toISOString() : sqliteTimestamp(now), ip.slice(0, 64), keyId).then(() => true);
}
