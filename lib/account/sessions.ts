import "server-only";
import { describeUserAgent } from "@/lib/account/user-agent";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";

export interface SessionDto {
  id: string;
  browser: string;
  os: string;
  mobile: boolean;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

function userOf(ctx: Ctx): string {
  if (!ctx.userId) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return ctx.userId;
}

/** The caller's own live sessions (not revoked, not expired), most recently used first, this one marked. */
export async function listMySessions(ctx: Ctx, now = new Date()): Promise<SessionDto[]> {
  const rows = await db.session.findMany({
    where: { userId: userOf(ctx), revokedAt: null, expiresAt: { gt: now } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
    take: 100,
  });
  return rows.map((s) => ({
    id: s.id,
    ...describeUserAgent(s.userAgent),
    ip: s.ip,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    current: s.id === ctx.sessionId,
  }));
}

/**
 * Ends one of the caller's other sessions at once (its next request is signed out). Another user's
 * session, or one already ended, is "not found". This browser's own session is ended with Sign out.
 */
export async function revokeMySession(ctx: Ctx, input: { sessionId: string }, now = new Date()) {
  const userId = userOf(ctx);
  const sessionId = String(input.sessionId ?? "");
  if (sessionId === ctx.sessionId)
    throw new AppError("VALIDATION", "This is the session you are using: sign out instead.");
  return db.$transaction(async (tx) => {
    const r = await tx.session.updateMany({
      where: { id: sessionId, userId, revokedAt: null },
      data: { revokedAt: now, revokedReason: "revoked_by_user" },
    });
    if (r.count !== 1) throw notFound("Session");
    await recordAudit(tx, ctx, { action: "auth.session_revoked", targetType: "session", targetId: sessionId });
    return { id: sessionId };
  });
}

/** "Sign out all other sessions": every live session of the caller except this one. Audited. */
export async function revokeOtherSessions(ctx: Ctx, now = new Date()): Promise<{ revoked: number }> {
  const userId = userOf(ctx);
  return db.$transaction(async (tx) => {
    const r = await tx.session.updateMany({
      where: { userId, revokedAt: null, ...(ctx.sessionId ? { id: { not: ctx.sessionId } } : {}) },
      data: { revokedAt: now, revokedReason: "revoked_by_user" },
    });
    await recordAudit(tx, ctx, {
      action: "auth.other_sessions_revoked",
      targetType: "user",
      targetId: userId,
      after: { revokedSessions: r.count },
    });
    return { revoked: r.count };
  });
}
