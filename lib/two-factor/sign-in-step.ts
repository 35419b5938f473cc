import "server-only";
import { noteSignInDevice } from "@/lib/account/new-sign-in";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { recordAudit } from "@/lib/audit/service";
import { assertNotThrottled } from "@/lib/auth/sign-in";
import type { JwtClaims, PendingStep, RequestInfo } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { ipOf, userCtx, type AttemptUser } from "@/lib/two-factor/attempts";
import { verifyPasskeyAssertion } from "@/lib/two-factor/passkeys";
import { hasSecondFactor } from "@/lib/two-factor/requirement";
import { verifySecondFactor, type CodeFactorInput } from "@/lib/two-factor/verify";

/** A half-signed-in session must finish its second step within this time, or sign in again. */
export const PENDING_MAX_AGE_MS = 30 * 60_000;

/** A session that gave the right password and still owes its second step; only the 2FA pages accept it. */
export interface PendingSignIn extends AttemptUser {
  sessionId: string;
  pendingStep: PendingStep;
  hasTotp: boolean;
  hasPasskey: boolean;
}

const SIGN_IN_AGAIN = "Your sign-in has expired. Sign in again.";

/**
 * The pending sign-in a JWT names, or null: the session must exist, belong to the JWT's user, be neither revoked
 * nor expired nor older than PENDING_MAX_AGE_MS, still owe a step, and the user must not be disabled. The
 * counterpart of resolveSession (lib/auth/sessions.ts), which refuses exactly these sessions.
 */
export async function resolvePendingSession(claims: JwtClaims, now = new Date()): Promise<PendingSignIn | null> {
  if (typeof claims.sid !== "string" || typeof claims.uid !== "string" || !claims.sid || claims.sid.length > 64)
    return null;
  const s = await db.session.findUnique({
    where: { id: claims.sid },
    select: {
      id: true,
      userId: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      pendingStep: true,
      user: {
        select: {
          id: true,
          email: true,
          role: true,
          tenantId: true,
          programId: true,
          disabledAt: true,
          totpConfirmedAt: true,
          _count: { select: { passkeys: true } },
        },
      },
    },
  });
  if (!s || s.userId !== claims.uid || s.revokedAt || s.expiresAt <= now || s.user.disabledAt) return null;
  if (s.pendingStep !== "two_factor" && s.pendingStep !== "enrol_two_factor") return null;
  if (now.getTime() - s.createdAt.getTime() > PENDING_MAX_AGE_MS) return null;
  const u = s.user;
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    tenantId: u.tenantId,
    programId: u.programId,
    sessionId: s.id,
    pendingStep: s.pendingStep,
    hasTotp: !!u.totpConfirmedAt,
    hasPasskey: u._count.passkeys > 0,
  };
}

/**
 * Completes a pending sign-in: clears pendingStep (compare-and-set: once), sets reauthenticatedAt and
 * User.lastSignInAt, audited as the user. From here resolveSession accepts the session.
 */
export async function completeSignIn(
  p: PendingSignIn,
  how: "totp" | "recovery_code" | "passkey" | "enrolled",
  request: RequestInfo,
  now = new Date(),
): Promise<void> {
  await db.$transaction(async (tx) => {
    const r = await tx.session.updateMany({
      where: { id: p.sessionId, userId: p.id, pendingStep: p.pendingStep, revokedAt: null },
      data: { pendingStep: null, reauthenticatedAt: now, lastSeenAt: now },
    });
    if (r.count !== 1) throw new AppError("UNAUTHENTICATED", SIGN_IN_AGAIN);
    await tx.user.update({ where: { id: p.id }, data: { lastSignInAt: now } });
    await recordAudit(tx, userCtx(p, request, p.sessionId), {
      action: "auth.two_factor_passed",
      targetType: "session",
      targetId: p.sessionId,
      after: { factor: how },
    });
  });
  // a complete sign-in: its device is noted now (a "new sign-in" email for an unseen one), not at the password step
  await noteSignInDevice(p.sessionId, p.id, request, now);
}

/** Ends a pending session that used up its attempts: the password must be given again (after the throttle). */
async function endIfThrottled(p: PendingSignIn, request: RequestInfo, now: Date): Promise<void> {
  try {
    await assertNotThrottled(p.email, ipOf(request), now);
  } catch (e) {
    if (!isAppError(e) || e.code !== "RATE_LIMITED") throw e;
    await db.session.updateMany({
      where: { id: p.sessionId, revokedAt: null },
      data: { revokedAt: now, revokedReason: "two_factor_failed" },
    });
    throw new AppError("RATE_LIMITED", `${e.message} Sign in again then.`);
  }
}

async function guarded<T>(p: PendingSignIn, request: RequestInfo, now: Date, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e) && (e.code === "VALIDATION" || e.code === "RATE_LIMITED")) await endIfThrottled(p, request, now);
    throw e;
  }
}

/** The second step with a TOTP or recovery code: verified (throttled, single use), then the sign-in completes. */
export async function signInWithCode(
  p: PendingSignIn,
  input: CodeFactorInput,
  request: RequestInfo,
  now = new Date(),
): Promise<void> {
  if (p.pendingStep !== "two_factor") throw new AppError("VALIDATION", "Set up a second factor first.");
  const { factor } = await guarded(p, request, now, () => verifySecondFactor(p.id, input, request, now));
  await completeSignIn(p, factor, request, now);
}

/** The second step with a passkey answering the challenge of this pending session. */
export async function signInWithPasskey(
  p: PendingSignIn,
  response: AuthenticationResponseJSON,
  request: RequestInfo,
  now = new Date(),
): Promise<void> {
  if (p.pendingStep !== "two_factor") throw new AppError("VALIDATION", "Set up a second factor first.");
  await guarded(p, request, now, () => verifyPasskeyAssertion(p.sessionId, p.id, response, request, now));
  await completeSignIn(p, "passkey", request, now);
}

/**
 * Only a session sent to enrolment (the account must have a factor and has none) may set one up before signing
 * in: a session that owes its existing second factor must never add a new one.
 */
export async function assertMayEnrol(p: PendingSignIn): Promise<void> {
  if (p.pendingStep !== "enrol_two_factor") throw new AppError("FORBIDDEN", "Give your second factor to sign in.");
  if (p.hasTotp || p.hasPasskey)
    throw new AppError("CONFLICT", "A second factor is already set up for this account. Sign in again to use it.");
}

/** After enrolment from a pending session: the sign-in completes once the account has a factor. */
export async function completeEnrolment(p: PendingSignIn, request: RequestInfo, now = new Date()): Promise<void> {
  if (p.pendingStep !== "enrol_two_factor") throw new AppError("FORBIDDEN", "Give your second factor to sign in.");
  const u = await db.user.findUniqueOrThrow({
    where: { id: p.id },
    select: { id: true, role: true, tenantId: true, totpConfirmedAt: true },
  });
  if (!(await hasSecondFactor(u))) throw new AppError("VALIDATION", "Set up a second factor first.");
  await completeSignIn(p, "enrolled", request, now);
}
