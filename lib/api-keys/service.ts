import "server-only";
import { assertRecentAuth } from "@/lib/account/reauth";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { generateApiKey, maskApiKey } from "@/lib/api-keys/format";
import {
  compromiseApiKeySchema,
  issueApiKeySchema,
  rotateApiKeySchema,
  type RotateApiKeyInput,
} from "@/lib/api-keys/schemas";
import { PATTERN_INFO, type ApiUserPattern } from "@/lib/api-users/schemas";
import { db, type Tx } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import { AppError, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { emitEvent } from "@/lib/webhooks/events";

export type ApiKeyStatus = "active" | "overlap" | "expired" | "revoked";

export interface ApiKeyDto {
  id: string;
  apiUserId: string;
  environment: Environment;
  masked: string;
  status: ApiKeyStatus;
  createdAt: Date;
  /** when a rotated key stops working */
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  replacesId: string | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
}

/** A new key: the raw value exists only in this return value (show it once, never store or log it). */
export interface IssuedApiKey {
  key: string;
  apiKey: ApiKeyDto;
}

type Row = Awaited<ReturnType<typeof db.apiKey.findFirstOrThrow>>;

export function apiKeyStatus(k: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiKeyStatus {
  if (k.revokedAt && k.revokedAt <= now) return "revoked";
  if (k.expiresAt && k.expiresAt <= now) return "expired";
  return k.expiresAt ? "overlap" : "active";
}

function toDto(k: Row, now: Date): ApiKeyDto {
  return {
    id: k.id,
    apiUserId: k.apiUserId,
    environment: k.environment as Environment,
    masked: maskApiKey(k.prefix, k.last4),
    status: apiKeyStatus(k, now),
    createdAt: k.createdAt,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    revokedReason: k.revokedReason,
    replacesId: k.replacesId,
    lastUsedAt: k.lastUsedAt,
    lastUsedIp: k.lastUsedIp,
  };
}

const auditView = (k: Row, now: Date) => ({
  key: maskApiKey(k.prefix, k.last4),
  environment: k.environment,
  status: apiKeyStatus(k, now),
  expiresAt: k.expiresAt?.toISOString() ?? null,
});

async function createKey(
  tx: Tx,
  ctx: Ctx,
  user: { id: string; tenantId: string; pattern: string },
  environment: Environment,
  now: Date,
  replacesId: string | null,
): Promise<IssuedApiKey> {
  const g = generateApiKey(environment, PATTERN_INFO[user.pattern as ApiUserPattern].level);
  const row = await tx.apiKey.create({
    data: {
      tenantId: user.tenantId,
      apiUserId: user.id,
      environment,
      keyHash: g.hash,
      prefix: g.prefix,
      last4: g.last4,
      replacesId,
      createdById: ctx.userId,
      createdAt: now,
    },
  });
  return { key: g.key, apiKey: toDto(row, now) };
}

async function activeUser(tx: Tx, tenantId: string, apiUserId: string) {
  const user = await tx.apiUser.findFirst({ where: { id: apiUserId, tenantId } });
  if (!user) throw notFound("API user");
  if (user.disabledAt)
    throw new AppError("CONFLICT", "This API user is disabled: its keys cannot be issued or rotated.");
  return user;
}

async function loadKey(tx: Tx, tenantId: string, keyId: string): Promise<Row> {
  const k = await tx.apiKey.findFirst({ where: { id: keyId, tenantId } });
  if (!k) throw notFound("API key");
  return k;
}

/** Issues the first key of an API user in an environment. With a live key there, rotate instead. */
export async function issueApiKey(
  ctx: Ctx,
  input: { apiUserId: string; environment: string },
  now = new Date(),
): Promise<IssuedApiKey> {
  assertCan(ctx, "apiusers:write");
  const tenantId = tenantOf(ctx);
  const data = parseInput(issueApiKeySchema, input);
  await assertRecentAuth(ctx, now);
  return db.$transaction(async (tx) => {
    const user = await activeUser(tx, tenantId, data.apiUserId);
    const live = await tx.apiKey.findFirst({
      where: { apiUserId: user.id, environment: data.environment, revokedAt: null, expiresAt: null },
    });
    if (live)
      throw new AppError(
        "CONFLICT",
        `This API user already has a ${data.environment} key (${maskApiKey(live.prefix, live.last4)}): rotate it instead.`,
      );
    const issued = await createKey(tx, ctx, user, data.environment, now, null);
    await recordAudit(tx, ctx, {
      action: "api_key.issued",
      targetType: "api_key",
      targetId: issued.apiKey.id,
      after: { key: issued.apiKey.masked, environment: data.environment, apiUserId: user.id },
    });
    return issued;
  });
}

/**
 * Rotates a key: a new key now, the old one keeps working for the overlap window (default 24 h,
 * at most 7 days; "immediately" revokes it at once). One transaction, audited.
 */
export async function rotateApiKey(
  ctx: Ctx,
  input: RotateApiKeyInput,
  now = new Date(),
): Promise<IssuedApiKey & { previous: ApiKeyDto }> {
  assertCan(ctx, "apiusers:write");
  const tenantId = tenantOf(ctx);
  const data = parseInput(rotateApiKeySchema, input);
  await assertRecentAuth(ctx, now);
  return db.$transaction(async (tx) => {
    const old = await loadKey(tx, tenantId, data.keyId);
    if (apiKeyStatus(old, now) !== "active")
      throw new AppError(
        "CONFLICT",
        `Only an active key can be rotated; this one is ${apiKeyStatus(old, now) === "overlap" ? "already rotated" : apiKeyStatus(old, now)}.`,
      );
    const user = await activeUser(tx, tenantId, old.apiUserId);
    const issued = await createKey(tx, ctx, user, old.environment as Environment, now, old.id);
    const change =
      data.overlap === 0
        ? { revokedAt: now, revokedReason: "rotated" }
        : { expiresAt: new Date(now.getTime() + data.overlap) };
    await tx.apiKey.updateMany({ where: { id: old.id, tenantId }, data: change });
    const previous = { ...old, ...change };
    await recordAudit(tx, ctx, {
      action: "api_key.rotated",
      targetType: "api_key",
      targetId: old.id,
      before: auditView(old, now),
      after: { old: auditView(previous, now), new: issued.apiKey.masked, newId: issued.apiKey.id },
    });
    await emitEvent(tx, {
      tenantId,
      programId: user.programId,
      type: "api_key.rotated",
      data: {
        apiUserId: user.id,
        environment: old.environment,
        oldKey: maskApiKey(old.prefix, old.last4),
        newKey: issued.apiKey.masked,
        oldKeyWorksUntil: previous.expiresAt?.toISOString() ?? now.toISOString(),
      },
      now,
    });
    return { ...issued, previous: toDto(previous, now) };
  });
}

/** Compromise response: a new key and the old one revoked at once, in one transaction, with the reason. */
export async function compromiseApiKey(
  ctx: Ctx,
  input: { keyId: string; reason: string },
  now = new Date(),
): Promise<IssuedApiKey & { previous: ApiKeyDto }> {
  assertCan(ctx, "apiusers:write");
  const tenantId = tenantOf(ctx);
  const data = parseInput(compromiseApiKeySchema, input);
  return db.$transaction(async (tx) => {
    const old = await loadKey(tx, tenantId, data.keyId);
    const status = apiKeyStatus(old, now);
    if (status === "revoked" || status === "expired")
      throw new AppError("CONFLICT", `This key is already ${status}: it no longer works.`);
    const user = await activeUser(tx, tenantId, old.apiUserId);
    const issued = await createKey(tx, ctx, user, old.environment as Environment, now, old.id);
    const change = { revokedAt: now, revokedReason: `compromised: ${data.reason}` };
    await tx.apiKey.updateMany({ where: { id: old.id, tenantId }, data: change });
    const previous = { ...old, ...change };
    await recordAudit(tx, ctx, {
      action: "api_key.compromised",
      targetType: "api_key",
      targetId: old.id,
      before: auditView(old, now),
      after: { old: auditView(previous, now), new: issued.apiKey.masked, newId: issued.apiKey.id, reason: data.reason },
    });
    await emitEvent(tx, {
      tenantId,
      programId: user.programId,
      type: "api_key.rotated",
      data: {
        apiUserId: user.id,
        environment: old.environment,
        oldKey: maskApiKey(old.prefix, old.last4),
        newKey: issued.apiKey.masked,
        oldKeyWorksUntil: now.toISOString(),
        compromised: true,
      },
      now,
    });
    return { ...issued, previous: toDto(previous, now) };
  });
}

export async function revokeApiKey(ctx: Ctx, input: { keyId: string }, now = new Date()): Promise<ApiKeyDto> {
  assertCan(ctx, "apiusers:write");
  const tenantId = tenantOf(ctx);
  return db.$transaction(async (tx) => {
    const old = await loadKey(tx, tenantId, String(input.keyId ?? ""));
    if (old.revokedAt) throw new AppError("CONFLICT", "This key is already revoked.");
    const change = { revokedAt: now, revokedReason: "revoked" };
    await tx.apiKey.updateMany({ where: { id: old.id, tenantId }, data: change });
    const after = { ...old, ...change };
    await recordAudit(tx, ctx, {
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: old.id,
      before: auditView(old, now),
      after: auditView(after, now),
    });
    return toDto(after, now);
  });
}

export async function listApiKeys(ctx: Ctx, apiUserId: string, now = new Date()): Promise<ApiKeyDto[]> {
  assertCan(ctx, "apiusers:read");
  const tenantId = tenantOf(ctx);
  if (!(await db.apiUser.findFirst({ where: { id: apiUserId, tenantId }, select: { id: true } })))
    throw notFound("API user");
  const rows = await db.apiKey.findMany({ where: { apiUserId, tenantId }, orderBy: { createdAt: "desc" } });
  return rows.map((r) => toDto(r, now));
}
