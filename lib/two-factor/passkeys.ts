import "server-only";
import { assertRecentAuth } from "@/lib/account/reauth";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import type { RequestInfo } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { log } from "@/lib/log/logger";
import { assertSecondFactorAllowed, recordSecondFactorAttempt } from "@/lib/two-factor/attempts";
import { queueTwoFactorMail } from "@/lib/two-factor/notices";
import { newRecoveryCodes, recoveryCodeHash } from "@/lib/two-factor/recovery-codes";
import { hasSecondFactor, twoFactorRequired } from "@/lib/two-factor/requirement";
import { passkeyOrigin, passkeyRpId, storeChallenge, takeChallenge } from "@/lib/two-factor/webauthn";

export interface PasskeyDto {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const transportsOf = (s: string) => (s ? (s.split(",") as AuthenticatorTransportLike[]) : undefined);
type AuthenticatorTransportLike = "ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb";

function signedIn(ctx: Ctx): { userId: string; sessionId: string } {
  if (!ctx.userId || !ctx.sessionId) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return { userId: ctx.userId, sessionId: ctx.sessionId };
}

export async function listPasskeys(ctx: Ctx): Promise<PasskeyDto[]> {
  if (!ctx.userId) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return db.passkey.findMany({
    where: { userId: ctx.userId },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "asc" },
  });
}

/** Options for the browser's navigator.credentials.create(); the challenge is kept in the caller's session. */
export async function passkeyRegistrationOptions(
  ctx: Ctx,
  now = new Date(),
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { userId, sessionId } = signedIn(ctx);
  await assertRecentAuth(ctx, now);
  const u = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, name: true, passkeys: { select: { credentialId: true, transports: true } } },
  });
  const options = await generateRegistrationOptions({
    rpName: "Axys",
    rpID: passkeyRpId(),
    userName: u.email,
    userDisplayName: u.name,
    userID: new TextEncoder().encode(userId),
    attestationType: "none",
    excludeCredentials: u.passkeys.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })),
    // a second factor, not a username-less sign-in: no discoverable credential needed
    authenticatorSelection: { residentKey: "discouraged", userVerification: "preferred" },
  });
  await storeChallenge(sessionId, options.challenge, now);
  return options;
}

/**
 * Registers the passkey the browser created for the challenge of the caller's session (single use, 5 minutes).
 * The first second factor of an account also gets ten recovery codes (returned once). Audited; emails the user.
 */
export async function addPasskey(
  ctx: Ctx,
  input: { name: string; response: RegistrationResponseJSON },
  now = new Date(),
): Promise<{ passkey: PasskeyDto; recoveryCodes: string[] | null }> {
  const { userId, sessionId } = signedIn(ctx);
  const name = String(input.name ?? "").trim();
  if (!name || name.length > 60)
    throw new AppError("VALIDATION", "Name the key (1 to 60 characters), e.g. “YubiKey 5” or “Work laptop”.", "name");
  const challenge = await takeChallenge(sessionId, now);
  if (!challenge) throw new AppError("VALIDATION", "The key request expired. Start again.");
  let info;
  try {
    const v = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: passkeyOrigin(),
      expectedRPID: passkeyRpId(),
      requireUserVerification: false,
    });
    if (!v.verified) throw new Error("not verified");
    info = v.registrationInfo;
  } catch (e) {
    log.warn({ err: String(e) }, "passkey registration refused");
    throw new AppError("VALIDATION", "The key's answer could not be verified. Try again with the same key.");
  }
  const cred = info.credential;
  try {
    return await db.$transaction(async (tx) => {
      const u = await tx.user.findUniqueOrThrow({
        where: { id: userId },
        select: { id: true, email: true, role: true, tenantId: true, totpConfirmedAt: true },
      });
      const first = !(await hasSecondFactor(u, tx));
      const p = await tx.passkey.create({
        data: {
          userId,
          credentialId: cred.id,
          publicKey: Buffer.from(cred.publicKey).toString("base64url"),
          counter: cred.counter,
          transports: (cred.transports ?? []).join(","),
          name,
          createdAt: now,
        },
        select: { id: true, name: true, createdAt: true, lastUsedAt: true },
      });
      let recoveryCodes: string[] | null = null;
      if (first && (await tx.recoveryCode.count({ where: { userId, usedAt: null } })) === 0) {
        recoveryCodes = newRecoveryCodes();
        await tx.recoveryCode.deleteMany({ where: { userId } });
        await tx.recoveryCode.createMany({
          data: recoveryCodes.map((c) => ({ userId, codeSha256: recoveryCodeHash(c), createdAt: now })),
        });
      }
      await recordAudit(tx, ctx, {
        action: "two_factor.passkey_added",
        targetType: "passkey",
        targetId: p.id,
        after: { name, recoveryCodesIssued: !!recoveryCodes },
      });
      await queueTwoFactorMail(tx, u, "passkey_added", { detail: name, ip: ctx.ip, now });
      return { passkey: p, recoveryCodes };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "This key is already registered.");
    throw e;
  }
}

/**
 * Removes one of the caller's passkeys. Refused when it is the last second factor and the account must have one
 * (its Tenant requires 2FA, or staff in production). Audited; emails the user.
 */
export async function removePasskey(ctx: Ctx, input: { id: string }): Promise<{ id: string }> {
  if (!ctx.userId) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  await assertRecentAuth(ctx);
  const userId = ctx.userId;
  return db.$transaction(async (tx) => {
    const p = await tx.passkey.findFirst({ where: { id: String(input.id), userId }, select: { id: true, name: true } });
    if (!p) throw new AppError("NOT_FOUND", "Passkey not found.");
    const u = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { id: true, email: true, role: true, tenantId: true, totpConfirmedAt: true },
    });
    const others = await tx.passkey.count({ where: { userId, id: { not: p.id } } });
    const last = !u.totpConfirmedAt && others === 0;
    if (last && (await twoFactorRequired(u, tx)))
      throw new AppError(
        "FORBIDDEN",
        "This is your only second factor and your account must have one: add an authenticator app or another key first.",
      );
    await tx.passkey.deleteMany({ where: { id: p.id, userId } });
    // without any factor left, the recovery codes would recover nothing: they go too
    if (last) await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordAudit(tx, ctx, {
      action: "two_factor.passkey_removed",
      targetType: "passkey",
      targetId: p.id,
      before: { name: p.name },
    });
    await queueTwoFactorMail(tx, u, "passkey_removed", { detail: p.name, ip: ctx.ip });
    return { id: p.id };
  });
}

/**
 * Options for navigator.credentials.get() for `userId`'s passkeys; the challenge is kept in `sessionId`'s row (the
 * half-signed-in session at sign-in, the current one for re-authentication). NOT_FOUND without passkeys.
 */
export async function passkeyAssertionOptions(
  sessionId: string,
  userId: string,
  now = new Date(),
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const keys = await db.passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
  if (!keys.length) throw new AppError("NOT_FOUND", "This account has no passkey or security key.");
  const options = await generateAuthenticationOptions({
    rpID: passkeyRpId(),
    allowCredentials: keys.map((k) => ({ id: k.credentialId, transports: transportsOf(k.transports) })),
    userVerification: "preferred",
  });
  await storeChallenge(sessionId, options.challenge, now);
  return options;
}

/**
 * Verifies a passkey assertion of `userId` against the challenge of `sessionId` (single use), for sign-in and for
 * re-authentication. Throttled and recorded like the other second factors; the signature counter must grow and is
 * stored with a compare-and-set (a cloned key's replayed counter is refused). Returns the passkey's id, or throws
 * AppError (VALIDATION with the reason, RATE_LIMITED).
 */
export async function verifyPasskeyAssertion(
  sessionId: string,
  userId: string,
  response: AuthenticationResponseJSON,
  request: RequestInfo,
  now = new Date(),
): Promise<{ passkeyId: string }> {
  const u = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, role: true, tenantId: true, programId: true, disabledAt: true },
  });
  if (!u || u.disabledAt) throw new AppError("NOT_FOUND", "Not found.");
  await assertSecondFactorAllowed(u, request, now);
  const challenge = await takeChallenge(sessionId, now);
  const credentialId = typeof response?.id === "string" ? response.id : "";
  const key = credentialId
    ? await db.passkey.findFirst({
        where: { userId, credentialId },
        select: { id: true, publicKey: true, counter: true, transports: true },
      })
    : null;
  let ok = false;
  if (challenge && key) {
    try {
      const v = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: passkeyOrigin(),
        expectedRPID: passkeyRpId(),
        credential: {
          id: credentialId,
          publicKey: new Uint8Array(Buffer.from(key.publicKey, "base64url")),
          counter: key.counter,
          transports: transportsOf(key.transports),
        },
        requireUserVerification: false,
      });
      if (v.verified) {
        const r = await db.passkey.updateMany({
          where: { id: key.id, counter: key.counter },
          data: { counter: v.authenticationInfo.newCounter, lastUsedAt: now },
        });
        ok = r.count === 1;
      }
    } catch (e) {
      log.warn({ err: String(e) }, "passkey assertion refused");
    }
  }
  await recordSecondFactorAttempt(u, "passkey", ok, request, now);
  if (!ok)
    throw new AppError(
      "VALIDATION",
      challenge ? "The key's answer could not be verified. Try again." : "The key request expired. Try again.",
    );
  return { passkeyId: key!.id };
}
