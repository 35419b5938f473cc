import "server-only";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan, can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";

/** `readAt` is the caller's own read mark (null: unread for this user), never another user's. */
export interface NotificationDto {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
}

export async function listNotifications(ctx: Ctx, limit = 100): Promise<NotificationDto[]> {
  assertCan(ctx, "notifications:read");
  const rows = await db.notification.findMany({
    where: { tenantId: tenantOf(ctx) },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      kind: true,
      title: true,
      body: true,
      link: true,
      createdAt: true,
      reads: { where: { userId: ctx.userId ?? "" }, select: { readAt: true } },
    },
  });
  return rows.map(({ reads, ...n }) => ({ ...n, readAt: reads[0]?.readAt ?? null }));
}

/** The caller's unread count (the bell in the header); 0 for roles that may not read notifications. */
export async function countUnreadNotifications(ctx: Ctx): Promise<number> {
  if (!ctx.tenantId || !can(ctx.role, "notifications:read")) return 0;
  return db.notification.count({ where: { tenantId: ctx.tenantId, reads: { none: { userId: ctx.userId ?? "" } } } });
}

/**
 * Marks the tenant's notices read for the caller only: read state is per user, so a viewer clearing its
 * list never hides an alert from the admins. Audited ("notifications.read_all") in the same transaction,
 * even when nothing was unread. Returns how many notices were newly marked.
 */
export async function markNotificationsRead(ctx: Ctx, now = new Date()): Promise<number> {
  assertCan(ctx, "notifications:read");
  const tenantId = tenantOf(ctx);
  const userId = ctx.userId;
  if (!userId)
    throw new AppError("FORBIDDEN", "Only a signed-in user marks notifications read (the read state is per user).");
  try {
    return await db.$transaction(async (tx) => {
      const unread = await tx.notification.findMany({
        where: { tenantId, reads: { none: { userId } } },
        select: { id: true },
      });
      const { count } = await tx.notificationRead.createMany({
        data: unread.map((n) => ({ notificationId: n.id, userId, readAt: now })),
      });
      await recordAudit(tx, ctx, {
        action: "notifications.read_all",
        targetType: "notification",
        after: { marked: count, readAt: now.toISOString() },
      });
      return count;
    });
  } catch (e) {
    // the same user's concurrent request (a double click) marked them first: nothing left for this one to do
    if (isUniqueViolation(e)) return 0;
    throw e;
  }
}
