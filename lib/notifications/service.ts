import "server-only";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/service";
import { db } from "@/lib/db";

export interface NotificationDto { id: string; kind: string; title: string; body: string; link: string | null; readAt: Date | null; createdAt: Date }

export async function listNotifications(ctx: Ctx, limit = 100): Promise<NotificationDto[]> {
  assertCan(ctx, "webhooks:read");
  return db.notification.findMany({
    where: { tenantId: tenantOf(ctx) }, orderBy: { createdAt: "desc" }, take: limit,
    select: { id: true, kind: true, title: true, body: true, link: true, readAt: true, createdAt: true },
  });
}

export async function countUnreadNotifications(ctx: Ctx): Promise<number> {
  if (!ctx.tenantId || ctx.role === "partner_viewer") return 0;
  return db.notification.count({ where: { tenantId: ctx.tenantId, readAt: null } });
}

/**
 * Marks the tenant's notices read (per tenant, shared by its users: they are operational notices).
 * A mutation like any other: audited ("notifications.read_all") in the same transaction, even when nothing was unread.
 */
export async function markNotificationsRead(ctx: Ctx, now = new Date()): Promise<number> {
  assertCan(ctx, "webhooks:read");
  const tenantId = tenantOf(ctx);
  return db.$transaction(async (tx) => {
    const { count } = await tx.notification.updateMany({ where: { tenantId, readAt: null }, data: { readAt: now } });
    await recordAudit(tx, ctx, { action: "notifications.read_all", targetType: "notification", after: { marked: count, readAt: now.toISOString() } });
    return count;
  });
}
