import "server-only";
import { assertRecentAuth } from "@/lib/account/reauth";
import QRCode from "qrcode";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { queueTwoFactorMail } from "@/lib/two-factor/notices";
import { newRecoveryCodes, recoveryCodeHash } from "@/lib/two-factor/recovery-codes";
import { twoFactorRequired } from "@/lib/two-factor/requirement";
import { sealTotpSecret, unsealTotpSecret } from "@/lib/two-factor/seal";
import { matchTotpStep, newTotpSecret, totpUri } from "@/lib/two-factor/totp";

export interface TwoFactorStatus {
  totpEnabled: boolean;
  totpConfirmedAt: Date | null;
  passkeys: number;
  recoveryCodesLeft: number;
  /** the account must keep a second factor (its Tenant requires it, or staff in production) */
  required: boolean;
}

function selfId(ctx: Ctx): string {
  if (!ctx.userId) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return ctx.userId;
}
const subjectSelect = { id: true, email: true, role: true, tenantId: true, totpConfirmedAt: true } as const;

/** The caller's own second factors (every signed-in user manages their own). */
export async function getTwoFactorStatus(ctx: Ctx): Promise<TwoFactorStatus> {
  const userId = selfId(ctx);
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, select: subjectSelect });
  const [passkeys, recoveryCodesLeft, required] = await Promise.all([
    db.passkey.count({ where: { userId } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
    twoFactorRequired(u),
  ]);
  return {
    totpEnabled: !!u.totpConfirmedAt,
    totpConfirmedAt: u.totpConfirmedAt,
    passkeys,
    recoveryCodesLeft,
    required,
  };
}

export interface TotpSetup {
  /** Base32, for typing into the app by hand */
  secret: string;
  uri: string;
  /** the QR code as a data: URL of an SVG (the CSP allows data: images) */
  qrDataUrl: string;
}

/**
 * Starts setting up an authenticator app: a new secret, sealed on the user's row but not in force until a first
 * code confirms it (confirmTotpEnrolment). Starting again replaces an unconfirmed secret. Refused while one is
 * confirmed (turn two-factor off first).
 */
export async function startTotpEnrolment(ctx: Ctx): Promise<TotpSetup> {
  const userId = selfId(ctx);
  await assertRecentAuth(ctx);
  const secret = newTotpSecret();
  const r = await db.user.updateMany({
    where: { id: userId, totpConfirmedAt: null },
    data: { totpSecretSealed: sealTotpSecret(userId, secret), totpLastStep: null },
  });
  if (r.count !== 1) throw new AppError("CONFLICT", "An authenticator app is already set up for this account.");
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  const uri = totpUri(u.email, secret);
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { secret, uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

/** Replaces the user's recovery codes with ten new ones (returned once; only their SHA-256 is stored). */
async function issueRecoveryCodes(tx: Tx, userId: string, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((c) => ({ userId, codeSha256: recoveryCodeHash(c), createdAt: now })),
  });
  return codes;
}

/**
 * Confirms the authenticator app with its first code (±1 step): TOTP is then in force, the code's step is
 * recorded (it cannot be used again) and ten new recovery codes are returned, once. Audited; emails the user.
 */
export async function confirmTotpEnrolment(
  ctx: Ctx,
  input: { code: string },
  now = new Date(),
): Promise<{ recoveryCodes: string[] }> {
  const userId = selfId(ctx);
  const u = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { ...subjectSelect, totpSecretSealed: true },
  });
  if (u.totpConfirmedAt) throw new AppError("CONFLICT", "An authenticator app is already set up for this account.");
  if (!u.totpSecretSealed) throw new AppError("VALIDATION", "Start the set-up first: no QR code was shown yet.");
  const step = await matchTotpStep(unsealTotpSecret(userId, u.totpSecretSealed), String(input.code ?? ""), now, null);
  if (step === null)
    throw new AppError(
      "VALIDATION",
      "That code does not match. Enter the 6-digit code your app shows now for “Axys” (check the phone's clock).",
      "code",
    );
  return db.$transaction(async (tx) => {
    const r = await tx.user.updateMany({
      where: { id: userId, totpConfirmedAt: null, totpSecretSealed: u.totpSecretSealed },
      data: { totpConfirmedAt: now, totpLastStep: step },
    });
    if (r.count !== 1) throw new AppError("CONFLICT", "The set-up changed meanwhile. Start again.");
    const recoveryCodes = await issueRecoveryCodes(tx, userId, now);
    await recordAudit(tx, ctx, { action: "two_factor.totp_enabled", targetType: "user", targetId: userId });
    await queueTwoFactorMail(tx, u, "totp_enabled", { ip: ctx.ip, now });
    return { recoveryCodes };
  });
}

/** Ten new recovery codes; the old ones stop working. Needs a second factor. Audited; emails the user. */
export async function regenerateRecoveryCodes(ctx: Ctx, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  const userId = selfId(ctx);
  await assertRecentAuth(ctx, now);
  return db.$transaction(async (tx) => {
    const u = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: subjectSelect });
    if (!u.totpConfirmedAt && (await tx.passkey.count({ where: { userId } })) === 0)
      throw new AppError("VALIDATION", "Set up two-factor sign-in first: recovery codes stand in for a second factor.");
    const recoveryCodes = await issueRecoveryCodes(tx, userId, now);
    await recordAudit(tx, ctx, {
      action: "two_factor.recovery_codes_regenerated",
      targetType: "user",
      targetId: userId,
    });
    await queueTwoFactorMail(tx, u, "recovery_codes_regenerated", { ip: ctx.ip, now });
    return { recoveryCodes };
  });
}

/** Removes every second factor of `userId` (TOTP, recovery codes, passkeys) in `tx`; returns what there was. */
export async function clearSecondFactors(tx: Tx, userId: string): Promise<{ totp: boolean; passkeys: number }> {
  const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { totpConfirmedAt: true } });
  await tx.user.update({
    where: { id: userId },
    data: { totpSecretSealed: null, totpConfirmedAt: null, totpLastStep: null },
  });
  await tx.recoveryCode.deleteMany({ where: { userId } });
  const p = await tx.passkey.deleteMany({ where: { userId } });
  return { totp: !!before.totpConfirmedAt, passkeys: p.count };
}

/**
 * Turns two-factor sign-in off for the caller: TOTP, recovery codes and passkeys go. Refused while the account must
 * have a second factor (its Tenant requires it, or staff in production). Audited; emails the user.
 */
export async function disableTwoFactor(ctx: Ctx, now = new Date()): Promise<{ disabled: true }> {
  const userId = selfId(ctx);
  await assertRecentAuth(ctx, now);
  return db.$transaction(async (tx) => {
    const u = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: subjectSelect });
    if (await twoFactorRequired(u, tx))
      throw new AppError(
        "FORBIDDEN",
        u.role === "staff_reviewer"
          ? "Axys staff accounts must keep two-factor sign-in in production."
          : "Your Tenant requires two-factor sign-in for every member, so it cannot be turned off.",
      );
    const had = await clearSecondFactors(tx, userId);
    if (!had.totp && !had.passkeys) throw new AppError("VALIDATION", "Two-factor sign-in is not on.");
    await recordAudit(tx, ctx, { action: "two_factor.disabled", targetType: "user", targetId: userId, before: had });
    await queueTwoFactorMail(tx, u, "disabled", { ip: ctx.ip, now });
    return { disabled: true as const };
  });
}
