import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { createInvitation, listInvitations, revokeInvitation, type InvitationDto } from "@/lib/invitations/service";
import {
  idSchema,
  invitePartnerSchema,
  partnerVisibilitySchema,
  type InvitePartnerInput,
  type PartnerVisibilityInput,
} from "@/lib/partners/schemas";
import { getPartnerExposure, type PartnerExposure } from "@/lib/partners/visibility";
import { requireProgram } from "@/lib/programs/queries";
import { parseInput } from "@/lib/validation";

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
export type { InvitationDto };
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
    listInvitations(ctx, { programId }, now),
  ]);
  return { users, invitations };
}

/**
 * Invites a partner user for one Program through the invitation machinery (lib/invitations): the email with the
 * link is queued with it, and the one-time token is returned for the page to show the link once too (only its
 * SHA-256 is stored). An address that is already a user of this Tenant, or has a pending invitation of this Tenant,
 * is refused; another Tenant's account is answered like a new address and refused, neutrally, at acceptance.
 */
export async function invitePartner(
  ctx: Ctx,
  input: InvitePartnerInput,
  now = new Date(),
): Promise<{ invitation: InvitationDto; token: string }> {
  assertCan(ctx, "partners:manage");
  const v = parseInput(invitePartnerSchema, input);
  return createInvitation(
    ctx,
    { email: v.email, role: "partner_viewer", programId: v.programId, days: v.expiresInDays },
    now,
  );
}

/** Revokes one of a Program's partner invitations (a team invitation's id is not found here). */
export async function revokePartnerInvitation(
  ctx: Ctx,
  input: { id: string },
): Promise<{ id: string; programId: string }> {
  assertCan(ctx, "partners:manage");
  const r = await revokeInvitation(ctx, input, "partner");
  return { id: r.id, programId: r.programId! };
}

/** Removes a partner user: the account is disabled and its sessions revoked at once (its next request is refused). */
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
    const now = new Date();
    await tx.user.updateMany({ where: { id, tenantId }, data: { disabledAt: now } });
    await tx.session.updateMany({
      where: { userId: id, revokedAt: null },
      data: { revokedAt: now, revokedReason: "member_removed" },
    });
    await recordAudit(tx, ctx, {
      action: "partner.removed",
      targetType: "user",
      targetId: id,
      before: { email: u.email, programId: u.programId },
    });
    return { id, programId: u.programId };
  });
}
