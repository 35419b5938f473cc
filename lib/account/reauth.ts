import "server-only";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import { verifyPassword } from "@/lib/auth/password";
import { verifySecondFactor } from "@/lib/two-factor/verify";
import { THROTTLE } from "@/lib/auth/sign-in";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** How long a password (or second factor) given in a session covers the most sensitive actions. */
export const REAUTH_WINDOW_MS = 10 * 60_000;

export const REAUTH_MESSAGE =
  "Confirm your password to continue: this action needs it to have been given in the last 10 minutes.";

/**
 * "Sudo mode": the most sensitive actions (revealing bank credentials, issuing or rotating API keys,
 * revoking certificates, changing roles and two-factor settings, changing the email address) call this
 * first. A browser session (ctx.sessionId, set by getCtx for every signed-in request) must have given
 * its password or second factor within REAUTH_WINDOW_MS, else REAUTH_REQUIRED (the browser asks for the
 * password and retries: components/shell/reauth.tsx). A context without a browser session (the CLI
 * operator at the shell, jobs) has no password to ask for and is not a browser: it passes.
 */
export async function assertRecentAuth(ctx: Ctx, now = new Date()): Promise<void> {
  if (!ctx.sessionId) return;
  const s = await db.session.findUnique({
    where: { id: ctx.sessionId },
    select: { userId: true, reauthenticatedAt: true, revokedAt: true },
  });
  const at = s && s.userId === ctx.userId && !s.revokedAt ? s.reauthenticatedAt : null;
  if (!at || now.getTime() - at.getTime() > REAUTH_WINDOW_MS || at.getTime() > now.getTime() + 60_000)
    throw new AppError("REAUTH_REQUIRED", REAUTH_MESSAGE);
}

/** Marks the session as having just given a password or second factor (for the two-factor code path too). */
export async function markReauthenticated(tx: Tx, sessionId: string, now: Date): Promise<void> {
  await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { reauthenticatedAt: now } });
}

/**
 * Throttle for a password given by a signed-in user (re-authentication, password change): the
 * sign-in limits, counted on this account's failed attempts of `factor`, and on the IP.
 */
export async function assertNotThrottled(email: string, ip: string, factor: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const [byAccount, byIp] = await Promise.all([
    db.signInAttempt.findMany({
      where: { email, factor, success: false, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
    db.signInAttempt.count({ where: { ip, success: false, createdAt: { gte: since } } }),
  ]);
  if (byAccount.length >= THROTTLE.perAccount || byIp >= THROTTLE.perIp) {
    const oldest = byAccount.length >= THROTTLE.perAccount ? byAccount[byAccount.length - THROTTLE.perAccount] : null;
    const minutes = oldest
      ? Math.max(1, Math.ceil((oldest.createdAt.getTime() + THROTTLE.windowMs - now.getTime()) / 60_000))
      : Math.ceil(THROTTLE.windowMs / 60_000);
    throw new AppError(
      "RATE_LIMITED",
      `Too many wrong passwords. Try again in ${minutes} minute${minutes > 1 ? "s" : ""}.`,
    );
  }
}

/**
 * Checks the caller's password again (throttled like sign-in, attempts recorded with factor "reauth"
 * and audited) or a code of its authenticator app (throttled and single-use like at sign-in) and, when right,
 * marks the session re-authenticated.
 */
export async function reauthenticate(
  ctx: Ctx,
  input: { password: string } | { code: string },
  now = new Date(),
): Promise<{ reauthenticatedAt: Date }> {
  if (!ctx.userId || !ctx.sessionId) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  if ("code" in input) return reauthenticateWithCode(ctx, ctx.userId, ctx.sessionId, input.code, now);
  const user = await db.user.findUnique({ where: { id: ctx.userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const ip = ctx.ip ?? "unknown";
  await assertNotThrottled(user.email, ip, "reauth", now);
  const ok = await verifyPassword(user.passwordHash, String(input.password ?? ""));
  const sessionId = ctx.sessionId;
  await db.$transaction(async (tx) => {
    await tx.signInAttempt.create({ data: { email: user.email, ip, success: ok, factor: "reauth", createdAt: now } });
    if (ok) await markReauthenticated(tx, sessionId, now);
    await recordAudit(tx, ctx, {
      action: ok ? "auth.reauthenticated" : "auth.reauthentication_failed",
      targetType: "session",
      targetId: sessionId,
    });
  });
  // not UNAUTHENTICATED: the browser reads that as "session ended" and goes to sign-in
  if (!ok) throw new AppError("VALIDATION", "Wrong password.", "password");
  return { reauthenticatedAt: now };
}

/** Re-authentication with a TOTP code: verifySecondFactor throttles, refuses replays and records the attempt. */
async function reauthenticateWithCode(
  ctx: Ctx,
  userId: string,
  sessionId: string,
  code: string,
  now: Date,
): Promise<{ reauthenticatedAt: Date }> {
  try {
    await verifySecondFactor(userId, { method: "totp", code }, { ip: ctx.ip, userAgent: ctx.userAgent }, now);
  } catch (e) {
    await db.$transaction((tx) =>
      recordAudit(tx, ctx, { action: "auth.reauthentication_failed", targetType: "session", targetId: sessionId }),
    );
    throw e;
  }
  await db.$transaction(async (tx) => {
    await markReauthenticated(tx, sessionId, now);
    await recordAudit(tx, ctx, {
      action: "auth.reauthenticated",
      targetType: "session",
      targetId: sessionId,
      after: { factor: "totp" },
    });
  });
  return { reauthenticatedAt: now };
}
