import "server-only";
import { hashApiKey, parseApiKey } from "@/lib/api-keys/format";
import { db } from "@/lib/db";
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

/**
 * Checks a presented API key for an environment: one indexed lookup by the key's SHA-256.
 * Returns the scope (tenant, program, API user) or why it fails. Runs on every gateway request.
 */
export async function verifyApiKey(rawKey: string, environment: Environment, now = new Date()): Promise<VerifyResult> {
  const parsed = parseApiKey(String(rawKey ?? "").trim());
  if (!parsed) return { ok: false, reason: "malformed" };
  const k = await db.apiKey.findUnique({
    where: { keyHash: hashApiKey(rawKey.trim()) },
    select: {
      id: true,
      environment: true,
      revokedAt: true,
      expiresAt: true,
      apiUser: { select: { id: true, tenantId: true, programId: true, disabledAt: true } },
    },
  });
  if (!k) return { ok: false, reason: "unknown" };
  if (k.environment !== environment) return { ok: false, reason: "wrong_environment" };
  if (k.revokedAt && k.revokedAt <= now) return { ok: false, reason: "revoked" };
  if (k.expiresAt && k.expiresAt <= now) return { ok: false, reason: "expired" };
  if (k.apiUser.disabledAt) return { ok: false, reason: "disabled" };
  const u = k.apiUser;
  return {
    ok: true,
    scope: {
      keyId: k.id,
      apiUserId: u.id,
      tenantId: u.tenantId,
      programId: u.programId,
      level: u.programId ? "program" : "tenant",
    },
  };
}

export const LAST_USED_WRITE_INTERVAL_MS = 60_000;
const lastWritten = new Map<string, number>();

/**
 * Records a key's last successful use (time, IP), writing at most once per minute per key so the
 * gateway does not write to the database on every request. Returns whether it wrote.
 */
export async function recordApiKeyUse(keyId: string, ip: string, now = new Date()): Promise<boolean> {
  const prev = lastWritten.get(keyId);
  if (prev !== undefined && now.getTime() - prev < LAST_USED_WRITE_INTERVAL_MS) return false;
  lastWritten.set(keyId, now.getTime());
  await db.apiKey.updateMany({ where: { id: keyId }, data: { lastUsedAt: now, lastUsedIp: ip.slice(0, 64) } });
  return true;
}
