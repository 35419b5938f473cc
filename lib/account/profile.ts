import "server-only";
import { confirmEmailMail, emailChangedMail } from "@/lib/account/mails";
import { parseMutedKinds, serializeMutedKinds, type OptionalMailKind } from "@/lib/account/preferences";
import { assertRecentAuth } from "@/lib/account/reauth";
import { claimToken, findLiveToken, newAccountToken, TOKEN_TTL_MS } from "@/lib/account/tokens";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import type { Role } from "@/lib/auth/permissions";
import type { RequestInfo } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { queueMail } from "@/lib/mail/outbox";

export interface ProfileDto {
  name: string;
  email: string;
  mutedMailKinds: OptionalMailKind[];
  passwordChangedAt: Date | null;
  pendingEmail: string | null;
}

async function me(ctx: Ctx) {
  const user = ctx.userId ? await db.user.findUnique({ where: { id: ctx.userId } }) : null;
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return user;
}

export async function getProfile(ctx: Ctx, now = new Date()): Promise<ProfileDto> {
  const u = await me(ctx);
  const pending = await db.accountToken.findFirst({
    where: { userId: u.id, kind: "email_change", usedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { newEmail: true },
  });
  return {
    name: u.name,
    email: u.email,
    mutedMailKinds: parseMutedKinds(u.mutedMailKinds),
    passwordChangedAt: u.passwordChangedAt,
    pendingEmail: pending?.newEmail ?? null,
  };
}

export async function updateName(ctx: Ctx, input: { name: string }): Promise<{ name: string }> {
  const u = await me(ctx);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: u.id }, data: { name: input.name } });
    await recordAudit(tx, ctx, {
      action: "account.name_changed",
      targetType: "user",
      targetId: u.id,
      before: { name: u.name },
      after: { name: input.name },
    });
    return { name: input.name };
  });
}

/** Which optional emails the caller gets (security emails cannot be muted: preferences.ts). */
export async function setMailPreferences(ctx: Ctx, input: { muted: string[] }) {
  const u = await me(ctx);
  const mutedMailKinds = serializeMutedKinds(input.muted);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: u.id }, data: { mutedMailKinds } });
    await recordAudit(tx, ctx, {
      action: "account.mail_preferences_changed",
      targetType: "user",
      targetId: u.id,
      before: { muted: parseMutedKinds(u.mutedMailKinds) },
      after: { muted: parseMutedKinds(mutedMailKinds) },
    });
    return { muted: parseMutedKinds(mutedMailKinds) };
  });
}

const TAKEN = (email?: string) =>
  new AppError(
    "CONFLICT",
    `${email ?? "That address"} is already the address of another account. Choose another address.`,
    "newEmail",
  );

/**
 * Starts an email change (needs a recent password: an address change is a way into the account):
 * a single-use link (24 h) goes to the NEW address; nothing changes until it is opened. Earlier
 * pending changes are cancelled. Audited.
 */
export async function requestEmailChange(ctx: Ctx, input: { newEmail: string }, now = new Date()) {
  await assertRecentAuth(ctx, now);
  const u = await me(ctx);
  const newEmail = input.newEmail;
  if (newEmail === u.email) throw new AppError("VALIDATION", "That is already your address.", "newEmail");
  if (await db.user.findUnique({ where: { email: newEmail }, select: { id: true } })) throw TAKEN(newEmail);
  const { token, tokenSha256 } = newAccountToken();
  await db.$transaction(async (tx) => {
    await tx.accountToken.updateMany({
      where: { userId: u.id, kind: "email_change", usedAt: null },
      data: { usedAt: now },
    });
    await tx.accountToken.create({
      data: {
        userId: u.id,
        kind: "email_change",
        tokenSha256,
        newEmail,
        expiresAt: new Date(now.getTime() + TOKEN_TTL_MS.email_change),
        createdAt: now,
        ip: ctx.ip,
      },
    });
    await recordAudit(tx, ctx, {
      action: "account.email_change_requested",
      targetType: "user",
      targetId: u.id,
      after: { newEmail },
    });
    await queueMail(tx, {
      ...confirmEmailMail(token, newEmail),
      to: newEmail,
      userId: u.id,
      tenantId: u.tenantId,
      now,
    });
  });
  return { pendingEmail: newEmail };
}

const BAD_LINK = "This confirmation link is invalid, already used or expired (links work once, for 24 hours).";

/** For the page behind the link: the change a live token would make. */
export async function viewEmailChange(token: string, now = new Date()) {
  const row = await findLiveToken(db, "email_change", token, now);
  const user = row ? await db.user.findUnique({ where: { id: row.userId }, select: { email: true } }) : null;
  if (!row?.newEmail || !user) throw new AppError("NOT_FOUND", BAD_LINK);
  return { oldEmail: user.email, newEmail: row.newEmail };
}

/**
 * Applies an email change from its link (no session needed: the link proves the new address): the
 * token is claimed once; if the address was taken meanwhile, nothing changes (the token stays
 * unused). A notice goes to the old address. Audited.
 */
export async function confirmEmailChange(token: string, request: RequestInfo, now = new Date()) {
  try {
    return await db.$transaction(async (tx) => {
      const row = await claimToken(tx, "email_change", token, now);
      const user = row ? await tx.user.findUnique({ where: { id: row.userId } }) : null;
      if (!row?.newEmail || !user || user.disabledAt) throw new AppError("NOT_FOUND", BAD_LINK);
      const newEmail = row.newEmail;
      const holder = await tx.user.findUnique({ where: { email: newEmail }, select: { id: true } });
      if (holder && holder.id !== user.id) throw TAKEN(newEmail);
      await tx.user.update({ where: { id: user.id }, data: { email: newEmail } });
      const ctx: Ctx = {
        userId: user.id,
        actorLabel: newEmail,
        role: user.role as Role,
        tenantId: user.tenantId,
        programId: user.programId,
        environment: "production",
        ip: request.ip,
        userAgent: request.userAgent,
      };
      await recordAudit(tx, ctx, {
        action: "account.email_changed",
        targetType: "user",
        targetId: user.id,
        before: { email: user.email },
        after: { email: newEmail },
      });
      await queueMail(tx, {
        ...emailChangedMail(user.email, newEmail, now),
        to: user.email,
        userId: user.id,
        tenantId: user.tenantId,
        now,
      });
      return { email: newEmail };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw TAKEN();
    throw e;
  }
}
