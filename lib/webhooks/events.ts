import "server-only";
import { randomBytes } from "node:crypto";
import type { Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/errors";
import { VERIFICATION_EVENT, type EventType } from "@/lib/webhooks/schemas";

export const newEventId = () => `evt_${randomBytes(12).toString("base64url")}`;

/**
 * Persists an event and one pending delivery per subscribed active endpoint, inside the caller's
 * transaction (so the change and its event commit together, before any delivery attempt).
 * With a dedupeKey already used, nothing is written and null is returned (exactly-once events).
 */
export async function emitEvent(
  tx: Tx,
  e: {
    tenantId: string;
    programId: string | null;
    type: EventType;
    data: unknown;
    dedupeKey?: string;
    now?: Date;
    endpointIds?: string[];
  },
): Promise<string | null> {
  const now = e.now ?? new Date();
  const id = newEventId();
  const payload = JSON.stringify({ id, type: e.type, createdAt: now.toISOString(), data: e.data });
  if (e.dedupeKey && (await tx.webhookEvent.findUnique({ where: { dedupeKey: e.dedupeKey }, select: { id: true } })))
    return null;
  try {
    await tx.webhookEvent.create({
      data: {
        id,
        tenantId: e.tenantId,
        programId: e.programId,
        type: e.type,
        payload,
        dedupeKey: e.dedupeKey,
        createdAt: now,
      },
    });
  } catch (err) {
    if (isUniqueViolation(err)) return null; // another instance emitted it first
    throw err;
  }
  const endpoints = await tx.webhookEndpoint.findMany({
    where: e.endpointIds
      ? { id: { in: e.endpointIds }, tenantId: e.tenantId }
      : {
          tenantId: e.tenantId,
          status: "active",
          OR: [{ programId: null }, ...(e.programId ? [{ programId: e.programId }] : [])],
        },
    select: { id: true, events: true },
  });
  const targets =
    e.type === VERIFICATION_EVENT
      ? endpoints
      : endpoints.filter((x) => (JSON.parse(x.events) as string[]).includes(e.type));
  for (const t of targets) {
    await tx.webhookDelivery.create({
      data: { tenantId: e.tenantId, eventId: id, endpointId: t.id, nextAttemptAt: now },
    });
  }
  return id;
}
