import "server-only";
import type { RequestInfo } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  assertSecondFactorAllowed,
  recordSecondFactorAttempt,
  type AttemptUser,
  type SecondFactor,
} from "@/lib/two-factor/attempts";
import { looksLikeRecoveryCode, recoveryCodeHash } from "@/lib/two-factor/recovery-codes";
import { unsealTotpSecret } from "@/lib/two-factor/seal";
import { matchTotpStep } from "@/lib/two-factor/totp";

export type CodeFactorInput = { method: "totp" | "recovery_code"; code: string };

const REFUSED: Record<CodeFactorInput["method"], string> = {
  totp: "That code is not valid. Enter the current 6-digit code from your authenticator app (each code works once).",
  recovery_code: "That recovery code is not valid or was already used. Each recovery code works once.",
};

const userSelect = {
  id: true,
  email: true,
  role: true,
  tenantId: true,
  programId: true,
  disabledAt: true,
  totpSecretSealed: true,
  totpConfirmedAt: true,
  totpLastStep: true,
} as const;

/**
 * Accepts a TOTP code once: records its step with a compare-and-set on User.totpLastStep, so a code (or an
 * earlier one) already used, even by a concurrent request, is refused. Returns whether this call won.
 */
export async function claimTotpStep(userId: string, step: number): Promise<boolean> {
  const r = await db.user.updateMany({
    where: { id: userId, totpConfirmedAt: { not: null }, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return r.count === 1;
}

/** Uses a recovery code once: an atomic claim of an unused row, so two concurrent uses cannot both pass. */
export async function claimRecoveryCode(userId: string, code: string, now: Date): Promise<boolean> {
  if (!looksLikeRecoveryCode(code)) return false;
  const r = await db.recoveryCode.updateMany({
    where: { userId, codeSha256: recoveryCodeHash(code), usedAt: null },
    data: { usedAt: now },
  });
  return r.count === 1;
}

/**
 * Checks a second factor given as a code (TOTP or recovery code) for `userId`, for sign-in and for
 * re-authentication ("sudo mode"). Throttled like passwords (per account and per IP, lib/auth/sign-in.ts THROTTLE,
 * RATE_LIMITED), every attempt recorded (SignInAttempt.factor) and failures audited. A TOTP code is accepted within
 * ±1 step of 30 s and only once; a recovery code only once. Returns the factor used, or throws AppError
 * (VALIDATION on the `code` field with the reason, RATE_LIMITED; NOT_FOUND for an unknown or disabled user). The caller audits the success in
 * its own change.
 */
export async function verifySecondFactor(
  userId: string,
  input: CodeFactorInput,
  request: RequestInfo,
  now = new Date(),
): Promise<{ factor: SecondFactor }> {
  const u = await db.user.findUnique({ where: { id: userId }, select: userSelect });
  if (!u || u.disabledAt) throw new AppError("NOT_FOUND", "Not found.");
  await assertSecondFactorAllowed(u, request, now);
  const code = String(input.code ?? "")
    .trim()
    .slice(0, 64);
  const ok = input.method === "totp" ? await checkTotp(u, code, now) : await claimRecoveryCode(u.id, code, now);
  await recordSecondFactorAttempt(u as AttemptUser, input.method, ok, request, now);
  if (!ok) throw new AppError("VALIDATION", REFUSED[input.method], "code");
  return { factor: input.method };
}

async function checkTotp(
  u: { id: string; totpSecretSealed: string | null; totpConfirmedAt: Date | null; totpLastStep: number | null },
  code: string,
  now: Date,
): Promise<boolean> {
  if (!u.totpConfirmedAt || !u.totpSecretSealed) return false;
  const step = await matchTotpStep(unsealTotpSecret(u.id, u.totpSecretSealed), code, now, u.totpLastStep);
  return step !== null && (await claimTotpStep(u.id, step));
}
