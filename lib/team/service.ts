import "server-only";
import { assertRecentAuth } from "@/lib/account/reauth";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import {
  createInvitation,
  listInvitations,
  resendInvitation,
  revokeInvitation,
  type InvitationDto,
} from "@/lib/invitations/service";
import {
  inviteMemberSchema,
  TEAM_INVITATION_DAYS,
  TEAM_ROLES,
  type InviteMemberInput,
  type TeamRole,
} from "@/lib/invitations/schemas";
import { assertCallerStillAdmin, assertNotLastAdmin } from "@/lib/team/admins";
import { changeRoleSchema, memberSchema, type ChangeRoleInput, type MemberInput } from "@/lib/team/schemas";
import { lockTenant } from "@/lib/tenants/lock";
import { parseInput } from "@/lib/validation";

/**
 * A Tenant's team: its tenant_admin and tenant_viewer users. Partner users (the partner page) and Axys staff are not
 * members: acting on one answers "Member not found.", like a user of another Tenant.
 */

export interface MemberDto {
  id: string;
  name: string;
  email: string;
  role: TeamRole;
  /** a confirmed TOTP app or at least one passkey */
  twoFactor: boolean;
  lastSignInAt: Date | null;
  disabled: boolean;
  /** the caller itself */
  you: boolean;
  /** sessions neither revoked nor expired */
  liveSessions: number;
}

const memberWhere = (tenantId: string) => ({ tenantId, role: { in: [...TEAM_ROLES] } });

/** The members, enabled first, then by name; with their 2FA status, last sign-in and live sessions. */
export async function listMembers(ctx: Ctx, now = new Date()): Promise<MemberDto[]> {
  assertCan(ctx, "team:read");
  const tenantId = tenantOf(ctx);
  const rows = await db.user.findMany({
    where: memberWhere(tenantId),
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      totpConfirmedAt: true,
      lastSignInAt: true,
      disabledAt: true,
      _count: {
        select: { passkeys: true, sessions: { where: { revokedAt: null, expiresAt: { gt: now } } } },
      },
    },
    orderBy: [{ name: "asc" }, { email: "asc" }],
  });
  return rows
    .map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role as TeamRole,
      twoFactor: u.totpConfirmedAt !== null || u._count.passkeys > 0,
      lastSignInAt: u.lastSignInAt,
      disabled: u.disabledAt !== null,
      you: u.id === ctx.userId,
      liveSessions: u.disabledAt ? 0 : u._count.sessions,
    }))
    .sort((a, b) => Number(a.disabled) - Number(b.disabled));
}

/** The team's open invitations (pending or expired), newest first. */
export async function listTeamInvitations(ctx: Ctx, now = new Date()): Promise<InvitationDto[]> {
  return listInvitations(ctx, { programId: null }, now);
}

/** Invites a team member by email; the email with the one-time link is queued with the invitation. */
export async function inviteMember(ctx: Ctx, input: InviteMemberInput, now = new Date()): Promise<InvitationDto> {
  assertCan(ctx, "team:manage");
  const v = parseInput(inviteMemberSchema, input);
  const { invitation } = await createInvitation(
    ctx,
    { email: v.email, role: v.role, programId: null, days: TEAM_INVITATION_DAYS },
    now,
  );
  return invitation;
}

export async function resendTeamInvitation(ctx: Ctx, input: { id: string }, now = new Date()): Promise<InvitationDto> {
  assertCan(ctx, "team:manage");
  return resendInvitation(ctx, input, "team", now);
}

export async function revokeTeamInvitation(ctx: Ctx, input: { id: string }, now = new Date()): Promise<{ id: string }> {
  assertCan(ctx, "team:manage");
  const { id } = await revokeInvitation(ctx, input, "team", now);
  return { id };
}

/** Locks the Tenant, checks the caller is still an admin, and finds the member (of this Tenant, a team role). */
async function lockedMember(tx: Tx, ctx: Ctx, tenantId: string, userId: string) {
  await lockTenant(tx, tenantId);
  await assertCallerStillAdmin(tx, ctx, tenantId);
  const u = await tx.user.findFirst({
    where: { id: userId, ...memberWhere(tenantId) },
    select: { id: true, email: true, name: true, role: true, disabledAt: true },
  });
  if (!u) throw notFound("Member");
  return u;
}

function revokeLiveSessions(tx: Tx, userId: string, reason: string, now: Date) {
  return tx.session.updateMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now, revokedReason: reason },
  });
}

/**
 * Changes a member's role. It takes effect at once: every request re-reads the role (lib/auth/sessions.ts). The
 * last enabled administrator cannot be demoted (concurrency-safe: the Tenant is locked). Same role: no change.
 */
export async function changeRole(
  ctx: Ctx,
  input: ChangeRoleInput,
): Promise<{ id: string; role: TeamRole; changed: boolean }> {
  assertCan(ctx, "team:manage");
  const tenantId = tenantOf(ctx);
  const v = parseInput(changeRoleSchema, input);
  await assertRecentAuth(ctx);
  return db.$transaction(async (tx) => {
    const u = await lockedMember(tx, ctx, tenantId, v.userId);
    if (u.disabledAt)
      throw new AppError("CONFLICT", `${u.email} was removed from the team: their role can no longer change.`);
    if (u.role === v.role) return { id: u.id, role: v.role, changed: false };
    if (v.role !== "tenant_admin") await assertNotLastAdmin(tx, tenantId, u, "demote");
    await tx.user.updateMany({ where: { id: u.id, tenantId }, data: { role: v.role } });
    await recordAudit(tx, ctx, {
      action: "team.role_changed",
      targetType: "user",
      targetId: u.id,
      before: { email: u.email, role: u.role },
      after: { email: u.email, role: v.role },
    });
    return { id: u.id, role: v.role, changed: true };
  });
}

/**
 * Removes a member: disables the account and revokes all its live sessions at once, in one transaction (its next
 * request is refused). The last enabled administrator cannot be removed; nobody removes themselves here.
 */
export async function removeMember(
  ctx: Ctx,
  input: MemberInput,
  now = new Date(),
): Promise<{ id: string; revokedSessions: number }> {
  assertCan(ctx, "team:manage");
  const tenantId = tenantOf(ctx);
  const v = parseInput(memberSchema, input);
  if (v.userId === ctx.userId)
    throw new AppError("CONFLICT", "You cannot remove yourself. Ask another administrator of the Tenant to do it.");
  return db.$transaction(async (tx) => {
    const u = await lockedMember(tx, ctx, tenantId, v.userId);
    if (u.disabledAt) throw new AppError("CONFLICT", `${u.email} was already removed from the team.`);
    await assertNotLastAdmin(tx, tenantId, u, "remove");
    await tx.user.updateMany({ where: { id: u.id, tenantId }, data: { disabledAt: now } });
    const r = await revokeLiveSessions(tx, u.id, "member_removed", now);
    await recordAudit(tx, ctx, {
      action: "team.member_removed",
      targetType: "user",
      targetId: u.id,
      before: { email: u.email, role: u.role },
      after: { disabled: true, revokedSessions: r.count },
    });
    return { id: u.id, revokedSessions: r.count };
  });
}

/** Ends every live session of a member (e.g. a lost laptop): they must sign in again. The account stays enabled. */
export async function endMemberSessions(
  ctx: Ctx,
  input: MemberInput,
  now = new Date(),
): Promise<{ id: string; revokedSessions: number }> {
  assertCan(ctx, "team:manage");
  const tenantId = tenantOf(ctx);
  const v = parseInput(memberSchema, input);
  return db.$transaction(async (tx) => {
    const u = await lockedMember(tx, ctx, tenantId, v.userId);
    const r = await revokeLiveSessions(tx, u.id, "ended_by_admin", now);
    await recordAudit(tx, ctx, {
      action: "team.sessions_ended",
      targetType: "user",
      targetId: u.id,
      after: { email: u.email, revokedSessions: r.count },
    });
    return { id: u.id, revokedSessions: r.count };
  });
}
