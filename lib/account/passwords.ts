import "server-only";
import { passwordChangedMail, resetLinkMail } from "@/lib/account/mails";
import { assertAcceptablePassword } from "@/lib/account/password-rules";
import { assertNotThrottled, markReauthenticated } from "@/lib/account/reauth";
import { claimToken, findLiveToken, newAccountToken, TOKEN_TTL_MS } from "@/lib/account/tokens";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import type { RequestInfo } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { queueMail } from "@/lib/mail/outbox";

/** Reset requests allowed per address and per IP in RESET_THROTTLE.windowMs (found or not alike). */
export const RESET_THROTTLE = { windowMs: 60 * 60_000, perEmail: 3, perIp: 20 } as const;

const userCtx = (
  u: { id: string; email: string; role: string; tenantId: string | null; programId: string | null },
  request: RequestInfo,
): Ctx => ({
  userId: u.id,
  actorLabel: u.email,
  role: u.role as Role,
  tenantId: u.tenantId,
  programId: u.programId,
  environment: "production",
  ip: request.ip,
  userAgent: request.userAgent,
});

/**
 * Changes the caller's password: the current one is required (a wrong one counts like a failed
 * sign-in), the new one must pass the password rules. Every other session of the user ends; this one
 * stays and counts as re-authenticated. Audited, and a notice goes to the user's address.
 */
export async function changePassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string },
  now = new Date(),
): Promise<{ otherSessionsEnded: number }> {
  if (!ctx.userId) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const user = await db.user.findUnique({ where: { id: ctx.userId } });
  if (!user || user.disabledAt) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const ip = ctx.ip ?? "unknown";
  await assertNotThrottled(user.email, ip, "reauth", now);
  assertAcceptablePassword(input.newPassword, { email: user.email, field: "newPassword" });
  const ok = await verifyPassword(user.passwordHash, String(input.currentPassword ?? ""));
  if (!ok) {
    await db.$transaction(async (tx) => {
      await tx.signInAttempt.create({
        data: { email: user.email, ip, success: false, factor: "reauth", createdAt: now },
      });
      await recordAudit(tx, ctx, { action: "account.password_change_failed", targetType: "user", targetId: user.id });
    });
    throw new AppError("VALIDATION", "The current password is wrong.", "currentPassword");
  }
  if (input.newPassword === input.currentPassword)
    throw new AppError("VALIDATION", "Choose a password different from the current one.", "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now } });
    const ended = await tx.session.updateMany({
      where: { userId: user.id, revokedAt: null, ...(ctx.sessionId ? { id: { not: ctx.sessionId } } : {}) },
      data: { revokedAt: now, revokedReason: "password_changed" },
    });
    if (ctx.sessionId) await markReauthenticated(tx, ctx.sessionId, now);
    await recordAudit(tx, ctx, {
      action: "account.password_changed",
      targetType: "user",
      targetId: user.id,
      after: { otherSessionsEnded: ended.count },
    });
    await queueMail(tx, {
      ...passwordChangedMail("changed", now, ctx.ip),
      to: user.email,
      userId: user.id,
      tenantId: user.tenantId,
      now,
    });
    return { otherSessionsEnded: ended.count };
  });
}

/**
 * "Forgot password": the same answer whether or not the address has an account (and the same work
 * shape: one transaction recording the request and an audit event; for an account, a token and the
 * email as well; the email itself is sent later by the worker). Throttled per address and per IP,
 * counted on every request alike, so the throttle tells nothing either. Returns nothing to show.
 */
export async function requestPasswordReset(
  input: { email: string },
  request: RequestInfo,
  now = new Date(),
): Promise<void> {
  const email = String(input.email ?? "")
    .trim()
    .toLowerCase()
    .slice(0, 320);
  const ip = request.ip ?? "unknown";
  const since = new Date(now.getTime() - RESET_THROTTLE.windowMs);
  const [byEmail, byIp] = await Promise.all([
    db.passwordResetRequest.count({ where: { email, createdAt: { gte: since } } }),
    db.passwordResetRequest.count({ where: { ip, createdAt: { gte: since } } }),
  ]);
  if (byEmail >= RESET_THROTTLE.perEmail || byIp >= RESET_THROTTLE.perIp)
    throw new AppError(
      "RATE_LIMITED",
      "Too many reset requests for this address or from this network. Wait an hour, then ask again.",
    );
  const user = await db.user.findUnique({ where: { email } });
  const found = user && !user.disabledAt ? user : null;
  await db.$transaction(async (tx) => {
    await tx.passwordResetRequest.create({ data: { email, ip, createdAt: now } });
    const ctx: Ctx = found
      ? userCtx(found, request)
      : {
          ...userCtx(
            { id: "", email: email || "(empty)", role: "tenant_viewer", tenantId: null, programId: null },
            request,
          ),
          userId: null,
        };
    await recordAudit(tx, ctx, {
      action: "account.password_reset_requested",
      targetType: "user",
      targetId: found?.id,
      tenantId: found?.tenantId ?? null,
    });
    if (!found) return;
    const { token, tokenSha256 } = newAccountToken();
    await tx.accountToken.create({
      data: {
        userId: found.id,
        kind: "password_reset",
        tokenSha256,
        expiresAt: new Date(now.getTime() + TOKEN_TTL_MS.password_reset),
        createdAt: now,
        ip,
      },
    });
    await queueMail(tx, { ...resetLinkMail(token), to: found.email, userId: found.id, tenantId: found.tenantId, now });
  });
}

const BAD_LINK =
  "This reset link is invalid, already used or expired (links work once, for 1 hour). Ask for a new one.";

/** For the page behind the link: the address the live token is for, else a specific refusal. */
export async function viewPasswordReset(token: string, now = new Date()): Promise<{ email: string }> {
  const row = await findLiveToken(db, "password_reset", token, now);
  const user = row
    ? await db.user.findUnique({ where: { id: row.userId }, select: { email: true, disabledAt: true } })
    : null;
  if (!user || user.disabledAt) throw new AppError("NOT_FOUND", BAD_LINK);
  return { email: user.email };
}

/**
 * Sets a new password from an emailed link: the token is claimed once (atomically), the password must
 * pass the rules (a refused password leaves the link usable), every session of the user ends, the
 * user's other reset links die, and nobody is signed in: the user signs in again (with the second
 * factor if enrolled: a reset never bypasses it). Audited; a notice goes to the address.
 */
export async function resetPassword(
  input: { token: string; password: string },
  request: RequestInfo,
  now = new Date(),
): Promise<{ email: string }> {
  const peek = await viewPasswordReset(input.token, now);
  assertAcceptablePassword(input.password, { email: peek.email });
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const row = await claimToken(tx, "password_reset", input.token, now);
    const user = row ? await tx.user.findUnique({ where: { id: row.userId } }) : null;
    if (!row || !user || user.disabledAt) throw new AppError("NOT_FOUND", BAD_LINK);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now } });
    const ended = await tx.session.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { revokedAt: now, revokedReason: "password_reset" },
    });
    await tx.accountToken.updateMany({
      where: { userId: user.id, kind: "password_reset", usedAt: null },
      data: { usedAt: now },
    });
    await recordAudit(tx, userCtx(user, request), {
      action: "account.password_reset",
      targetType: "user",
      targetId: user.id,
      after: { sessionsEnded: ended.count },
    });
    await queueMail(tx, {
      ...passwordChangedMail("reset", now, request.ip),
      to: user.email,
      userId: user.id,
      tenantId: user.tenantId,
      now,
    });
    return { email: user.email };
  });
}
