import "server-only";
import { noteSignInDevice } from "@/lib/account/new-sign-in";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import type { Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** A session lasts at most this long from sign-in (the JWT's lifetime too). */
export const SESSION_MAX_AGE_S = 8 * 60 * 60;
/** lastSeenAt is written at most this often per session (one UPDATE a minute, not one per request). */
export const LAST_SEEN_EVERY_MS = 60_000;

/** The claims of our JWT that name the session (`uid`, `sid`); anything else in it is ignored. */
export type JwtClaims = Record<string, unknown> & { uid?: unknown; sid?: unknown };
export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}
export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  tenantId: string | null;
  programId: string | null;
  sessionId: string;
  /** The user's tenant's name (null for Axys staff), read with the session for the portal's header. */
  tenantName: string | null;
}

/** The step a half-signed-in session still owes (lib/two-factor/sign-in-step.ts); null once signed in. */
export type PendingStep = "two_factor" | "enrol_two_factor";

/**
 * Starts the server-side record of a sign-in; its id goes into the JWT (`sid`). With a `pendingStep` the
 * session is worthless (resolveSession refuses it) until the second factor is given or enrolled.
 */
export async function startSession(
  userId: string,
  request: RequestInfo,
  now = new Date(),
  opts: { pendingStep?: PendingStep | null } = {},
): Promise<string> {
  const pendingStep = opts.pendingStep ?? null;
  const s = await db.session.create({
    data: {
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_S * 1000),
      ip: request.ip?.slice(0, 64) ?? null,
      userAgent: request.userAgent?.slice(0, 400) ?? null,
      pendingStep,
      // the password was just given; a session that still owes its second factor gets it when that is given (one
      // that must enrol has nothing more to give: setting up its first factor is the sensitive action it is for)
      reauthenticatedAt: pendingStep === "two_factor" ? null : now,
    },
    select: { id: true },
  });
  // device key; "new sign-in" email for an unseen device: once the sign-in is complete (a session that still owes its
  // second factor is noted when it gives it: lib/two-factor/sign-in-step.ts completeSignIn)
  if (!pendingStep) await noteSignInDevice(s.id, userId, request, now);
  return s.id;
}

/**
 * The user behind a JWT's claims, or null: the session must exist, belong to the JWT's user, be
 * neither revoked nor expired, nor waiting for a second factor (`pendingStep`), and the user must not be
 * disabled. One query (the session with its user and tenant name). A JWT without a session id (issued before sessions were
 * recorded) is refused.
 */
export async function resolveSession(claims: JwtClaims, now = new Date()): Promise<SessionUser | null> {
  if (typeof claims.sid !== "string" || typeof claims.uid !== "string" || !claims.sid || claims.sid.length > 64)
    return null;
  // one round trip for every signed-in request: the session, its user and the user's tenant name (which the portal's
  // header shows), joined; Prisma's nested select would be one query per table
  const [s] = await db.$queryRaw<SessionRow[]>`SELECT s."id", s."userId", s."expiresAt", s."revokedAt", s."lastSeenAt",
      s."pendingStep", u."email", u."role", u."tenantId", u."programId", u."disabledAt", t."name" AS "tenantName"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" LEFT JOIN "Tenant" t ON t."id" = u."tenantId"
    WHERE s."id" = ${claims.sid}`;
  if (!s || s.userId !== claims.uid || s.revokedAt || asDate(s.expiresAt) <= now || s.pendingStep || s.disabledAt)
    return null;
  const lastSeenAt = asDate(s.lastSeenAt);
  if (now.getTime() - lastSeenAt.getTime() >= LAST_SEEN_EVERY_MS) {
    // conditional, so concurrent requests of the same minute write once
    await db.session.updateMany({ where: { id: s.id, lastSeenAt }, data: { lastSeenAt: now } });
  }
  return {
    id: s.userId,
    email: s.email,
    role: s.role as Role,
    tenantId: s.tenantId,
    programId: s.programId,
    sessionId: s.id,
    tenantName: s.tenantName,
  };
}

type SessionRow = {
  id: string;
  userId: string;
  expiresAt: Date | string;
  revokedAt: Date | string | null;
  lastSeenAt: Date | string;
  pendingStep: string | null;
  email: string;
  role: string;
  tenantId: string | null;
  programId: string | null;
  disabledAt: Date | string | null;
  tenantName: string | null;
};
/** A raw query's DateTime column: a Date, or on SQLite possibly its stored ISO text. */
const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/**
 * Sign-out: revokes the JWT's session on the server, so a copy of the cookie stops working at once.
 * Idempotent (an unknown, foreign or already revoked session changes nothing); audited as the user.
 */
export async function endSession(claims: JwtClaims, request: RequestInfo, now = new Date()): Promise<boolean> {
  if (typeof claims.sid !== "string" || typeof claims.uid !== "string") return false;
  const { sid, uid } = claims;
  return db.$transaction(async (tx) => {
    const revoked = await tx.session.updateMany({
      where: { id: sid, userId: uid, revokedAt: null },
      data: { revokedAt: now, revokedReason: "signed_out" },
    });
    if (revoked.count !== 1) return false;
    const u = await tx.user.findUnique({
      where: { id: uid },
      select: { id: true, email: true, role: true, tenantId: true, programId: true },
    });
    if (!u) return false;
    const ctx: Ctx = {
      userId: u.id,
      actorLabel: u.email,
      role: u.role as Role,
      tenantId: u.tenantId,
      programId: u.programId,
      environment: "production",
      ip: request.ip,
      userAgent: request.userAgent,
      sessionId: sid,
    };
    await recordAudit(tx, ctx, { action: "auth.signed_out", targetType: "session", targetId: sid });
    return true;
  });
}

/**
 * "Sign out of all sessions": revokes every live session of the caller's own user (this browser's
 * too), in one transaction with its audit event. Other users' sessions are never touched.
 */
export async function revokeAllSessions(ctx: Ctx, now = new Date()): Promise<{ revoked: number }> {
  if (!ctx.userId) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const userId = ctx.userId;
  return db.$transaction(async (tx) => {
    const r = await tx.session.updateMany({
      where: { userId, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now, revokedReason: "signed_out_everywhere" },
    });
    await recordAudit(tx, ctx, {
      action: "auth.signed_out_everywhere",
      targetType: "user",
      targetId: userId,
      after: { revokedSessions: r.count },
    });
    return { revoked: r.count };
  });
}
