import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { hashPassword } from "@/lib/auth/password";
import { assertCan } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { AppError, isUniqueViolation, notFound } from "@/lib/errors";
import {
  acceptInvitationSchema,
  idSchema,
  invitePartnerSchema,
  partnerVisibilitySchema,
  type AcceptInvitationInput,
  type InvitePartnerInput,
  type PartnerVisibilityInput,
} from "@/lib/partners/schemas";
import { getPartnerExposure, type PartnerExposure } from "@/lib/partners/visibility";
import { requireProgram } from "@/lib/programs/queries";
import { parseInput } from "@/lib/validation";

const DAY_MS = 86_400_000;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** What the Program's partner users may currently see. */
export async function getPartnerVisibility(ctx: Ctx, programId: string): Promise<PartnerExposure> {
  assertCan(ctx, "partners:read");
  const tenantId = tenantOf(ctx);
  await requireProgram(db, ctx, programId);
  return getPartnerExposure(tenantId, programId);
}

/**
 * Sets which surfaces the Program's partner users see. Audited with before/after; partners read it on
 * every request, so it takes effect at once. Merchant details need transactions exposed.
 */
export async function setPartnerVisibility(ctx: Ctx, input: PartnerVisibilityInput): Promise<PartnerExposure> {
  assertCan(ctx, "partners:manage");
  const tenantId = tenantOf(ctx);
  const v = parseInput(partnerVisibilitySchema, input);
  const data = {
    exposeTransactions: v.exposeTransactions,
    includeMerchant: v.exposeTransactions && v.includeMerchant,
    exposeBalances: v.exposeBalances,
    granularity: v.granularity,
    updatedBy: ctx.actorLabel,
  };
  return db.$transaction(async (tx) => {
    await requireProgram(tx, ctx, v.programId);
    const before = await getPartnerExposure(tenantId, v.programId, tx);
    await tx.partnerVisibility.upsert({
      where: { programId: v.programId },
      create: { programId: v.programId, tenantId, ...data },
      update: data,
    });
    const after: PartnerExposure = {
      transactions: data.exposeTransactions,
      includeMerchant: data.includeMerchant,
      balances: data.exposeBalances,
      granularity: data.granularity,
    };
    await recordAudit(tx, ctx, {
      action: "partner_visibility.updated",
      targetType: "program",
      targetId: v.programId,
      before,
      after,
    });
    return after;
  });
}

export interface PartnerUserDto {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}
export interface InvitationDto {
  id: string;
  email: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  status: "pending" | "expired";
}
export interface PartnerAccessDto {
  users: PartnerUserDto[];
  invitations: InvitationDto[];
}

/** The Program's active partner users and its open invitations (accepted and revoked ones are history in the audit log). */
export async function listPartnerAccess(ctx: Ctx, programId: string, now = new Date()): Promise<PartnerAccessDto> {
  assertCan(ctx, "partners:read");
  const tenantId = tenantOf(ctx);
  await requireProgram(db, ctx, programId);
  const [users, invitations] = await Promise.all([
    db.user.findMany({
      where: { tenantId, programId, role: "partner_viewer", disabledAt: null },
      select: { id: true, email: true, name: true, createdAt: true },
      orderBy: { email: "asc" },
    }),
    db.invitation.findMany({
      where: { tenantId, programId, acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return {
    users,
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      createdBy: i.createdBy,
      createdAt: i.createdAt,
      expiresAt: i.expiresAt,
      status: i.expiresAt > now ? "pending" : "expired",
    })),
  };
}

/**
 * Invites a partner user for one Program. Returns the one-time token for the link (shown once;
 * only its SHA-256 is stored). A pending invitation for this Program, or an address that is
 * already a user of this Tenant, is refused. An address of another Tenant's (or Axys staff's)
 * account is answered exactly like a new address, with the same queries, so the inviter cannot
 * learn that it exists; the link is refused at acceptance instead (see openInvitation).
 */
export async function invitePartner(
  ctx: Ctx,
  input: InvitePartnerInput,
  now = new Date(),
): Promise<{ invitation: InvitationDto; token: string }> {
  assertCan(ctx, "partners:manage");
  const tenantId = tenantOf(ctx);
  const v = parseInput(invitePartnerSchema, input);
  const token = randomBytes(32).toString("base64url");
  return db.$transaction(async (tx) => {
    await requireProgram(tx, ctx, v.programId);
    const existing = await tx.user.findUnique({ where: { email: v.email }, select: { tenantId: true } });
    if (existing && existing.tenantId === tenantId) {
      throw new AppError("CONFLICT", `${v.email} is already a user of this Tenant. Invite another address.`, "email");
    }
    if (
      await tx.invitation.findFirst({
        where: {
          tenantId,
          programId: v.programId,
          email: v.email,
          acceptedAt: null,
          revokedAt: null,
          expiresAt: { gt: now },
        },
        select: { id: true },
      })
    ) {
      throw new AppError(
        "CONFLICT",
        `${v.email} already has a pending invitation for this Program: revoke it first to send a new link.`,
        "email",
      );
    }
    const i = await tx.invitation.create({
      data: {
        tenantId,
        programId: v.programId,
        email: v.email,
        tokenSha256: sha256(token),
        expiresAt: new Date(now.getTime() + v.expiresInDays * DAY_MS),
        createdBy: ctx.actorLabel,
      },
    });
    await recordAudit(tx, ctx, {
      action: "partner.invited",
      targetType: "partner_invitation",
      targetId: i.id,
      after: { programId: i.programId, email: i.email, expiresAt: i.expiresAt },
    });
    return {
      token,
      invitation: {
        id: i.id,
        email: i.email,
        createdBy: i.createdBy,
        createdAt: i.createdAt,
        expiresAt: i.expiresAt,
        status: "pending",
      },
    };
  });
}

export async function revokeInvitation(ctx: Ctx, input: { id: string }): Promise<{ id: string; programId: string }> {
  assertCan(ctx, "partners:manage");
  const tenantId = tenantOf(ctx);
  const { id } = parseInput(idSchema, input);
  return db.$transaction(async (tx) => {
    const i = await tx.invitation.findFirst({ where: { id, tenantId, acceptedAt: null, revokedAt: null } });
    if (!i?.programId) throw notFound("Invitation");
    await tx.invitation.updateMany({ where: { id, tenantId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, ctx, {
      action: "partner.invitation_revoked",
      targetType: "partner_invitation",
      targetId: id,
      before: { programId: i.programId, email: i.email },
    });
    return { id, programId: i.programId };
  });
}

/** Removes a partner user: the account is disabled at once (its session stops on the next request). */
export async function removePartnerUser(ctx: Ctx, input: { id: string }): Promise<{ id: string; programId: string }> {
  assertCan(ctx, "partners:manage");
  const tenantId = tenantOf(ctx);
  const { id } = parseInput(idSchema, input);
  return db.$transaction(async (tx) => {
    const u = await tx.user.findFirst({
      where: { id, tenantId, role: "partner_viewer", disabledAt: null },
      select: { id: true, email: true, programId: true },
    });
    if (!u || !u.programId) throw notFound("Partner user");
    await tx.user.updateMany({ where: { id, tenantId }, data: { disabledAt: new Date() } });
    await recordAudit(tx, ctx, {
      action: "partner.removed",
      targetType: "user",
      targetId: id,
      before: { email: u.email, programId: u.programId },
    });
    return { id, programId: u.programId };
  });
}

export interface InvitationView {
  email: string;
  programName: string;
  tenantName: string;
  expiresAt: Date;
}

export const CANNOT_ACCEPT =
  "This invitation can't be accepted. Ask the person who invited you to invite another address.";

async function openInvitation(tx: Tx | typeof db, token: string, now: Date) {
  const i = /^[A-Za-z0-9_-]{43}$/.test(token)
    ? await tx.invitation.findUnique({ where: { tokenSha256: sha256(token) } })
    : null;
  // partner invitations carry their Program (team invitations are accepted through lib/team)
  if (!i || i.revokedAt || !i.programId)
    throw new AppError(
      "NOT_FOUND",
      "This invitation link is not valid. Ask the Tenant that invited you for a new one.",
    );
  if (i.acceptedAt)
    throw new AppError("CONFLICT", "This invitation was already used. Sign in with the account it created.");
  if (i.expiresAt <= now)
    throw new AppError("CONFLICT", "This invitation has expired. Ask the Tenant that invited you for a new link.");
  // an address that has an Axys account (of another Tenant: same-Tenant ones are refused when inviting) cannot
  // take a second one; the message does not say why, since whoever holds the link (the inviter too) reads it
  if (await tx.user.findUnique({ where: { email: i.email }, select: { id: true } }))
    throw new AppError("CONFLICT", CANNOT_ACCEPT);
  return { ...i, programId: i.programId };
}

/** Public (no session): what an invitation link is for, or why it cannot be used. */
export async function viewInvitation(token: string, now = new Date()): Promise<InvitationView> {
  const i = await openInvitation(db, token, now);
  const [program, tenant] = await Promise.all([
    db.program.findFirst({ where: { id: i.programId, tenantId: i.tenantId }, select: { name: true } }),
    db.tenant.findUnique({ where: { id: i.tenantId }, select: { name: true } }),
  ]);
  return {
    email: i.email,
    programName: program?.name ?? i.programId,
    tenantName: tenant?.name ?? "",
    expiresAt: i.expiresAt,
  };
}

/**
 * Public (no session): accepts an invitation, creating the partner_viewer user bound to the Program.
 * The token works once; the audit event names the new user as the actor.
 */
export async function acceptInvitation(
  input: AcceptInvitationInput,
  request: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<{ email: string }> {
  const v = parseInput(acceptInvitationSchema, input);
  // the token first: a forged one costs a lookup, never an argon2 hash
  await openInvitation(db, v.token, now);
  const passwordHash = await hashPassword(v.password);
  try {
    return await db.$transaction(async (tx) => {
      const i = await openInvitation(tx, v.token, now);
      const claimed = await tx.invitation.updateMany({
        where: { id: i.id, acceptedAt: null, revokedAt: null },
        data: { acceptedAt: now },
      });
      if (claimed.count !== 1)
        throw new AppError("CONFLICT", "This invitation was already used. Sign in with the account it created.");
      const u = await tx.user.create({
        data: {
          email: i.email,
          name: v.name,
          role: "partner_viewer",
          tenantId: i.tenantId,
          programId: i.programId,
          passwordHash,
        },
      });
      await tx.invitation.updateMany({ where: { id: i.id }, data: { acceptedUserId: u.id } });
      const ctx: Ctx = {
        userId: u.id,
        actorLabel: u.email,
        role: "partner_viewer",
        tenantId: i.tenantId,
        programId: i.programId,
        environment: "production",
        ip: request.ip,
        userAgent: request.userAgent,
      };
      await recordAudit(tx, ctx, {
        action: "partner.joined",
        targetType: "user",
        targetId: u.id,
        after: { email: u.email, programId: i.programId, invitationId: i.id },
      });
      return { email: u.email };
    });
  } catch (e) {
    // an account created for this address between the check and the insert: the same neutral refusal
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", CANNOT_ACCEPT);
    throw e;
  }
}
