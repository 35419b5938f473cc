import "server-only";
import { randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { seal } from "@/lib/core/sealing";
import { containsInsensitive, db, includesFolded, likeLiteral, SEARCH_SCAN_LIMIT } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { requireProgram } from "@/lib/programs/queries";
import { parseInput } from "@/lib/validation";
import { emitEvent } from "@/lib/webhooks/events";
import {
  addWebhookEndpointSchema,
  redeliverSinceSchema,
  VERIFICATION_EVENT,
  type AddWebhookEndpointInput,
} from "@/lib/webhooks/schemas";
import { generateWebhookSecret } from "@/lib/webhooks/signing";
import { resolveWebhookTarget } from "@/lib/webhooks/ssrf";

export const SECRET_CONTEXT = "axys-webhook-secret";
export const MAX_ENDPOINTS_PER_TENANT = 20;

export interface WebhookEndpointDto {
  id: string;
  programId: string | null;
  url: string;
  events: string[];
  status: string;
  verifiedAt: Date | null;
  verificationResponse: string | null;
  previousSecretUntil: Date | null;
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
}

type Row = Awaited<ReturnType<typeof db.webhookEndpoint.findFirstOrThrow>>;
const toDto = (r: Row): WebhookEndpointDto => ({
  id: r.id,
  programId: r.programId,
  url: r.url,
  events: JSON.parse(r.events),
  status: r.status,
  verifiedAt: r.verifiedAt,
  verificationResponse: r.verificationResponse,
  previousSecretUntil: r.previousSecretUntil,
  failingSince: r.failingSince,
  disabledAt: r.disabledAt,
  disabledReason: r.disabledReason,
  createdAt: r.createdAt,
});

async function load(tenantId: string, id: string): Promise<Row> {
  const r = await db.webhookEndpoint.findFirst({ where: { id: String(id ?? ""), tenantId } });
  if (!r) throw notFound("Webhook endpoint");
  return r;
}

/** Queues a signed verification request whose challenge the endpoint must echo to become active. */
async function queueVerification(
  tx: Parameters<Parameters<typeof db.$transaction>[0]>[0],
  endpoint: { id: string; tenantId: string; programId: string | null },
  now: Date,
) {
  const challenge = randomBytes(16).toString("hex");
  await tx.webhookEndpoint.update({
    where: { id: endpoint.id },
    data: { status: "pending_verification", verificationChallenge: challenge, verificationResponse: null },
  });
  await emitEvent(tx, {
    tenantId: endpoint.tenantId,
    programId: endpoint.programId,
    type: VERIFICATION_EVENT,
    data: { challenge, endpointId: endpoint.id },
    endpointIds: [endpoint.id],
    now,
  });
}

/**
 * Registers an HTTPS endpoint (SSRF-checked), returns its signing secret once, and queues the
 * verification request. It receives events only after echoing the challenge.
 */
export async function addWebhookEndpoint(
  ctx: Ctx,
  input: AddWebhookEndpointInput,
  now = new Date(),
): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
  assertCan(ctx, "webhooks:write");
  const tenantId = tenantOf(ctx);
  const data = parseInput(addWebhookEndpointSchema, input);
  if (data.programId) await requireProgram(db, ctx, data.programId, "programId");
  const target = await resolveWebhookTarget(data.url);
  if (!target.ok) throw new AppError("VALIDATION", target.message, "url", { url: target.message });
  const secret = generateWebhookSecret();
  const endpoint = await db.$transaction(async (tx) => {
    if ((await tx.webhookEndpoint.count({ where: { tenantId, disabledAt: null } })) >= MAX_ENDPOINTS_PER_TENANT) {
      throw new AppError("CONFLICT", `A tenant may have at most ${MAX_ENDPOINTS_PER_TENANT} active endpoints.`, "url");
    }
    const row = await tx.webhookEndpoint.create({
      data: {
        tenantId,
        programId: data.programId ?? null,
        url: target.target.url.toString(),
        events: JSON.stringify(data.events),
        secretSealed: seal(Buffer.from(secret), SECRET_CONTEXT),
        createdById: ctx.userId,
        createdAt: now,
      },
    });
    await queueVerification(tx, row, now);
    await recordAudit(tx, ctx, {
      action: "webhook.created",
      targetType: "webhook_endpoint",
      targetId: row.id,
      after: { url: row.url, events: data.events, scope: row.programId ?? "tenant" },
    });
    return tx.webhookEndpoint.findUniqueOrThrow({ where: { id: row.id } });
  });
  return { endpoint: toDto(endpoint), secret };
}

/** The Tenant's endpoints; with `programId`, those that receive that Program's events (its own and tenant-wide ones). */
export async function listWebhookEndpoints(
  ctx: Ctx,
  filter: { programId?: string } = {},
): Promise<WebhookEndpointDto[]> {
  assertCan(ctx, "webhooks:read");
  if (filter.programId) await requireProgram(db, ctx, filter.programId);
  const scope = filter.programId ? { OR: [{ programId: filter.programId }, { programId: null }] } : {};
  return (
    await db.webhookEndpoint.findMany({ where: { tenantId: tenantOf(ctx), ...scope }, orderBy: { createdAt: "desc" } })
  ).map(toDto);
}

/** The Tenant's endpoints whose URL contains `q` (any case), newest first, at most `limit` (command palette). */
export async function searchWebhookEndpoints(ctx: Ctx, q: string, limit: number): Promise<WebhookEndpointDto[]> {
  assertCan(ctx, "webhooks:read");
  const literal = likeLiteral(q);
  const rows = await db.webhookEndpoint.findMany({
    where: { tenantId: tenantOf(ctx), ...(literal ? { url: containsInsensitive(literal) } : {}) },
    orderBy: { createdAt: "desc" },
    take: literal ? limit : SEARCH_SCAN_LIMIT,
  });
  return rows
    .filter((w) => includesFolded(w.url, q))
    .slice(0, limit)
    .map(toDto);
}

export async function getWebhookEndpoint(ctx: Ctx, id: string): Promise<WebhookEndpointDto> {
  assertCan(ctx, "webhooks:read");
  return toDto(await load(tenantOf(ctx), id));
}

export async function reverifyWebhookEndpoint(ctx: Ctx, id: string, now = new Date()): Promise<WebhookEndpointDto> {
  assertCan(ctx, "webhooks:write");
  const row = await load(tenantOf(ctx), id);
  return db.$transaction(async (tx) => {
    await queueVerification(tx, row, now);
    await recordAudit(tx, ctx, {
      action: "webhook.verification_requested",
      targetType: "webhook_endpoint",
      targetId: row.id,
    });
    return toDto(await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: row.id } }));
  });
}

/** A new signing secret (shown once); the previous one keeps signing for the overlap (default 24 h). */
export async function rotateWebhookSecret(
  ctx: Ctx,
  id: string,
  overlapHours = 24,
  now = new Date(),
): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
  assertCan(ctx, "webhooks:write");
  if (!(overlapHours >= 0 && overlapHours <= 168))
    throw new AppError("VALIDATION", "The overlap is 0 to 168 hours.", "overlap");
  const row = await load(tenantOf(ctx), id);
  const secret = generateWebhookSecret();
  const updated = await db.$transaction(async (tx) => {
    const r = await tx.webhookEndpoint.update({
      where: { id: row.id },
      data: {
        secretSealed: seal(Buffer.from(secret), SECRET_CONTEXT),
        previousSecretSealed: overlapHours > 0 ? row.secretSealed : null,
        previousSecretUntil: overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3_600_000) : null,
      },
    });
    await recordAudit(tx, ctx, {
      action: "webhook.secret_rotated",
      targetType: "webhook_endpoint",
      targetId: row.id,
      after: { overlapHours },
    });
    return r;
  });
  return { endpoint: toDto(updated), secret };
}

export async function disableWebhookEndpoint(ctx: Ctx, id: string, now = new Date()): Promise<WebhookEndpointDto> {
  assertCan(ctx, "webhooks:write");
  const row = await load(tenantOf(ctx), id);
  const already = () =>
    new AppError("CONFLICT", "This endpoint is already disabled: its first disabling (time and reason) is kept.");
  if (row.status === "disabled") throw already();
  return db.$transaction(async (tx) => {
    // compare-and-set: a concurrent disabling (or the failure policy's) is not overwritten
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: row.id, status: { not: "disabled" } },
      data: { status: "disabled", disabledAt: now, disabledReason: `disabled by ${ctx.actorLabel}` },
    });
    if (count !== 1) throw already();
    const r = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: row.id } });
    await tx.webhookDelivery.updateMany({
      where: { endpointId: row.id, status: "pending" },
      data: { status: "cancelled" },
    });
    await recordAudit(tx, ctx, {
      action: "webhook.disabled",
      targetType: "webhook_endpoint",
      targetId: row.id,
      before: { status: row.status },
      after: { status: "disabled" },
    });
    return toDto(r);
  });
}

export interface DeliveryDto {
  id: string;
  eventId: string;
  type: string;
  status: string;
  attemptCount: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  createdAt: Date;
  attempts: {
    startedAt: Date;
    durationMs: number;
    statusCode: number | null;
    error: string | null;
    responseBody: string | null;
  }[];
}

export async function listDeliveries(ctx: Ctx, endpointId: string, limit = 50): Promise<DeliveryDto[]> {
  assertCan(ctx, "webhooks:read");
  const tenantId = tenantOf(ctx);
  await load(tenantId, endpointId);
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId, tenantId },
    orderBy: { createdAt: "desc" },
    take: Math.min(limit, 200),
    include: { event: { select: { type: true } }, attempts: { orderBy: { startedAt: "desc" }, take: 20 } },
  });
  return rows.map((d) => ({
    id: d.id,
    eventId: d.eventId,
    type: d.event.type,
    status: d.status,
    attemptCount: d.attemptCount,
    nextAttemptAt: d.nextAttemptAt,
    lastStatus: d.lastStatus,
    createdAt: d.createdAt,
    attempts: d.attempts.map((a) => ({
      startedAt: a.startedAt,
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      error: a.error,
      responseBody: a.responseBody,
    })),
  }));
}

/** Not queued and not held by a worker: a delivery in this state may be queued again without two workers sending it at once. */
const idle = (now: Date) => ({ status: { not: "pending" }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] });

/**
 * Sends one delivery again now, keeping its attempt history. Refused while it is pending (queued or
 * in flight) or still leased by a worker (e.g. cancelled mid-attempt): a second send would race it.
 */
export async function replayDelivery(ctx: Ctx, deliveryId: string, now = new Date()): Promise<void> {
  assertCan(ctx, "webhooks:write");
  const tenantId = tenantOf(ctx);
  const d = await db.webhookDelivery.findFirst({
    where: { id: String(deliveryId ?? ""), tenantId },
    include: { endpoint: { select: { status: true } } },
  });
  if (!d) throw notFound("Delivery");
  if (d.endpoint.status === "disabled")
    throw new AppError("CONFLICT", "The endpoint is disabled: enable (verify) it first.");
  const busy = new AppError(
    "CONFLICT",
    "This delivery is queued or being attempted right now: replay it once it has succeeded or failed.",
  );
  if (d.status === "pending" || (d.lockedUntil && d.lockedUntil >= now)) throw busy;
  await db.$transaction(async (tx) => {
    // compare-and-set: a worker claiming it or another replay in between makes this one refuse
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: d.id, tenantId, ...idle(now) },
      data: { status: "pending", nextAttemptAt: now, lockedUntil: null, lockedBy: null },
    });
    if (count !== 1) throw busy;
    await recordAudit(tx, ctx, { action: "webhook.delivery_replayed", targetType: "webhook_delivery", targetId: d.id });
  });
}

/** Queues again every failed delivery of an endpoint created since a time. Returns how many. */
export async function redeliverFailedSince(
  ctx: Ctx,
  input: { endpointId: string; since: string | Date },
  now = new Date(),
): Promise<number> {
  assertCan(ctx, "webhooks:write");
  const tenantId = tenantOf(ctx);
  const data = parseInput(redeliverSinceSchema, input);
  await load(tenantId, data.endpointId);
  return db.$transaction(async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { endpointId: data.endpointId, tenantId, createdAt: { gte: data.since }, ...idle(now), status: "failed" },
      data: { status: "pending", nextAttemptAt: now, lockedUntil: null, lockedBy: null },
    });
    await recordAudit(tx, ctx, {
      action: "webhook.redelivered",
      targetType: "webhook_endpoint",
      targetId: data.endpointId,
      after: { since: data.since.toISOString(), count },
    });
    return count;
  });
}
