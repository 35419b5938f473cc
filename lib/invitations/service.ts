import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertAcceptablePassword } from "@/lib/account/password-rules";
import { hashPassword } from "@/lib/auth/password";
import { clearSecondFactors } from "@/lib/two-factor/service";
import { assertCan, assertCanAny, type Action } from "@/lib/auth/permissions";
import { portalOrigin } from "@/lib/auth/redirect";
import { db, type Tx } from "@/lib/db";
import { AppError, isUniqueViolation, notFound } from "@/lib/errors";
import { invitationEmail } from "@/lib/invitations/email";
import {
  acceptInvitationSchema,
  INVITATION_ROLES,
  invitationIdSchema,
  type AcceptInvitationInput,
  type InvitationRole,
} from "@/lib/invitations/schemas";
import { queueMail } from "@/lib/mail/outbox";
import { requireProgram } from "@/lib/programs/queries";
import { lockTenant } from "@/lib/tenants/lock";
import { parseInput } from "@/lib/validation";

/**
 * One machinery for every invitation: team members (tenant_admin / tenant_viewer, no Program) and a Program's
 * partner users (partner_viewer, programId set). A link carries 32 random bytes (base64url); only their SHA-256 is
 * stored. The email with the link is queued in the transaction that creates (or resends) the invitation.
 */

const DAY_MS = 86_400_000;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** team: the Tenant's members (the team page); partner: a Program's partner users (its partner page) */
export type InvitationKind = "team" | "partner";
const kindOf = (i: { programId: string | null }): InvitationKind => (i.programId ? "partner" : "team");
const MANAGE: Record<InvitationKind, Action> = { team: "team:manage", partner: "partners:manage" };
const READ: Record<InvitationKind, Action> = { team: "team:read", partner: "partners:read" };
/** Audit actions keep each kind's vocabulary: `team.invited`, `partner.invited`, ... */
const audited = (kind: InvitationKind, what: string) => `${kind}.${what}`;

export interface InvitationDto {
  id: string;
  email: string;
  role: InvitationRole;
  programId: string | null;
  createdBy: string;
  createdAt: Date;
  resentAt: Date | null;
  expiresAt: Date;
  status: "pending" | "expired";
}

type Row = {
  id: string;
  email: string;
  role: string;
  programId: string | null;
  createdBy: string;
  createdAt: Date;
  resentAt: Date | null;
  expiresAt: Date;
};
const dtoOf = (i: Row, now: Date): InvitationDto => ({
  id: i.id,
  email: i.email,
  role: i.role as InvitationRole,
  programId: i.programId,
  createdBy: i.createdBy,
  createdAt: i.createdAt,
  resentAt: i.resentAt,
  expiresAt: i.expiresAt,
  status: i.expiresAt > now ? "pending" : "expired",
});

/** What a new invitation is for; the calling service (team, partners) has parsed it with its own schema. */
export interface NewInvitation {
  email: string;
  role: InvitationRole;
  /** partner_viewer only */
  programId: string | null;
  /** how long the link stays valid */
  days: number;
}

/**
 * Creates an invitation and queues its email, in one transaction with its audit event. Returns the one-time token
 * (the partner page shows the link once too). Refused with CONFLICT on `email`: an address that is already a user of
 * this Tenant, or that has a pending invitation of this Tenant. An address of another Tenant's (or Axys staff's)
 * account is answered exactly like a new address, so the inviter cannot learn that it exists; its link is refused,
 * neutrally, at acceptance (see openInvitation).
 */
export async function createInvitation(
  ctx: Ctx,
  n: NewInvitation,
  now = new Date(),
): Promise<{ invitation: InvitationDto; token: string }> {
  const kind = kindOf(n);
  assertCan(ctx, MANAGE[kind]);
  const tenantId = tenantOf(ctx);
  if ((n.role === "partner_viewer") !== (kind === "partner"))
    throw new AppError("VALIDATION", "Only partner invitations name a Program.", "role");
  const token = randomBytes(32).toString("base64url");
  return db.$transaction(async (tx) => {
    // one pending invitation per address: concurrent invites of the same address wait for each other
    await lockTenant(tx, tenantId);
    const program = n.programId ? await requireProgram(tx, ctx, n.programId) : null;
    const existing = await tx.user.findUnique({
      where: { email: n.email },
      select: { tenantId: true, disabledAt: true },
    });
    // a removed (disabled) member of this Tenant may be invited back: accepting re-enables that account
    if (existing && existing.tenantId === tenantId && !existing.disabledAt)
      throw new AppError("CONFLICT", `${n.email} is already a user of this Tenant. Invite another address.`, "email");
    const pending = await tx.invitation.findFirst({
      where: { tenantId, email: n.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { programId: true },
    });
    if (pending)
      throw new AppError(
        "CONFLICT",
        `${n.email} already has a pending invitation ${pending.programId ? "for a Program" : "to the team"} of this Tenant: resend or revoke it instead.`,
        "email",
      );
    const i = await tx.invitation.create({
      data: {
        tenantId,
        programId: n.programId,
        email: n.email,
        role: n.role,
        tokenSha256: sha256(token),
        expiresAt: new Date(now.getTime() + n.days * DAY_MS),
        createdBy: ctx.actorLabel,
        createdAt: now,
      },
    });
    await queueInvitationEmail(tx, ctx, i, token, program?.name ?? null, now);
    await recordAudit(tx, ctx, {
      action: audited(kind, "invited"),
      targetType: kind === "partner" ? "partner_invitation" : "invitation",
      targetId: i.id,
      after:
        kind === "partner"
          ? { programId: i.programId, email: i.email, expiresAt: i.expiresAt }
          : { email: i.email, role: i.role, expiresAt: i.expiresAt },
    });
    return { token, invitation: dtoOf(i, now) };
  });
}

async function queueInvitationEmail(
  tx: Tx,
  ctx: Ctx,
  i: { tenantId: string; email: string; role: string; expiresAt: Date },
  token: string,
  programName: string | null,
  now: Date,
) {
  const [tenant, inviter] = await Promise.all([
    tx.tenant.findUnique({ where: { id: i.tenantId }, select: { name: true } }),
    ctx.userId ? tx.user.findUnique({ where: { id: ctx.userId }, select: { name: true, email: true } }) : null,
  ]);
  const mail = invitationEmail({
    link: `${portalOrigin()}/invite/${token}`,
    tenantName: tenant?.name ?? "",
    programName,
    role: i.role as InvitationRole,
    inviter: inviter ? `${inviter.name} (${inviter.email})` : `${tenant?.name ?? "Axys"}`,
    expiresAt: i.expiresAt,
  });
  await queueMail(tx, { to: i.email, kind: "invitation", tenantId: i.tenantId, now, ...mail });
}

/** The open (neither accepted nor revoked) invitations of one kind: the team's, or one Program's partners'. */
export async function listInvitations(
  ctx: Ctx,
  scope: { programId: string | null },
  now = new Date(),
): Promise<InvitationDto[]> {
  const kind = kindOf(scope);
  assertCan(ctx, READ[kind]);
  const tenantId = tenantOf(ctx);
  if (scope.programId) await requireProgram(db, ctx, scope.programId);
  const rows = await db.invitation.findMany({
    where: { tenantId, programId: scope.programId, acceptedAt: null, revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map((r) => dtoOf(r, now));
}

/** An open invitation of the caller's Tenant (of `kind`, when given), the caller allowed to manage its kind. */
async function openOfTenant(tx: Tx, ctx: Ctx, id: string, kind?: InvitationKind) {
  assertCanAny(ctx, kind ? [MANAGE[kind]] : [MANAGE.team, MANAGE.partner]);
  const tenantId = tenantOf(ctx);
  const i = await tx.invitation.findFirst({
    where: {
      id,
      tenantId,
      acceptedAt: null,
      revokedAt: null,
      ...(kind ? { programId: kind === "partner" ? { not: null } : null } : {}),
    },
  });
  if (!i) throw notFound("Invitation");
  assertCan(ctx, MANAGE[kindOf(i)]);
  return i;
}

/**
 * Sends an open invitation again with a new link: the old link stops working at once (its hash is replaced), the
 * validity starts again (as long as the first one's), resentAt is set, and a new email is queued with the change.
 * An expired invitation may be resent too.
 */
export async function resendInvitation(
  ctx: Ctx,
  input: { id: string },
  kind?: InvitationKind,
  now = new Date(),
): Promise<InvitationDto> {
  const { id } = parseInput(invitationIdSchema, input);
  const token = randomBytes(32).toString("base64url");
  return db.$transaction(async (tx) => {
    const i = await openOfTenant(tx, ctx, id, kind);
    const validMs = i.expiresAt.getTime() - (i.resentAt ?? i.createdAt).getTime();
    const expiresAt = new Date(now.getTime() + Math.max(validMs, DAY_MS));
    // compare-and-set on the old hash: two resends at once cannot both mail a working link
    const changed = await tx.invitation.updateMany({
      where: { id: i.id, tokenSha256: i.tokenSha256, acceptedAt: null, revokedAt: null },
      data: { tokenSha256: sha256(token), resentAt: now, expiresAt },
    });
    if (changed.count !== 1) throw new AppError("CONFLICT", "This invitation changed meanwhile. Reload the page.");
    const program = i.programId
      ? await tx.program.findFirst({ where: { id: i.programId, tenantId: i.tenantId }, select: { name: true } })
      : null;
    await queueInvitationEmail(tx, ctx, { ...i, expiresAt }, token, program?.name ?? null, now);
    await recordAudit(tx, ctx, {
      action: audited(kindOf(i), "invitation_resent"),
      targetType: i.programId ? "partner_invitation" : "invitation",
      targetId: i.id,
      before: { expiresAt: i.expiresAt },
      after: { email: i.email, role: i.role, expiresAt },
    });
    return dtoOf({ ...i, resentAt: now, expiresAt }, now);
  });
}

/** Revokes an open invitation: its link stops working at once. The address may be invited again. */
export async function revokeInvitation(
  ctx: Ctx,
  input: { id: string },
  kind?: InvitationKind,
  now = new Date(),
): Promise<{ id: string; programId: string | null }> {
  const { id } = parseInput(invitationIdSchema, input);
  return db.$transaction(async (tx) => {
    const i = await openOfTenant(tx, ctx, id, kind);
    const changed = await tx.invitation.updateMany({
      where: { id, tenantId: i.tenantId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    if (changed.count !== 1) throw notFound("Invitation");
    await recordAudit(tx, ctx, {
      action: audited(kindOf(i), "invitation_revoked"),
      targetType: i.programId ? "partner_invitation" : "invitation",
      targetId: id,
      before: i.programId ? { programId: i.programId, email: i.email } : { email: i.email, role: i.role },
    });
    return { id, programId: i.programId };
  });
}

export interface InvitationView {
  email: string;
  role: InvitationRole;
  kind: InvitationKind;
  tenantName: string;
  /** partner invitations: the Program the partner will see */
  programName: string | null;
  expiresAt: Date;
}

export const CANNOT_ACCEPT =
  "This invitation can't be accepted. Ask the person who invited you to invite another address.";
const ALREADY_USED = "This invitation was already used. Sign in with the account it created.";

async function openInvitation(tx: Tx | typeof db, token: string, now: Date) {
  const i = TOKEN.test(token) ? await tx.invitation.findUnique({ where: { tokenSha256: sha256(token) } }) : null;
  const consistent =
    i && (INVITATION_ROLES as readonly string[]).includes(i.role) && (i.role === "partner_viewer") === !!i.programId;
  if (!i || i.revokedAt || !consistent)
    throw new AppError(
      "NOT_FOUND",
      "This invitation link is not valid. Ask the Tenant that invited you for a new one.",
    );
  if (i.acceptedAt) throw new AppError("CONFLICT", ALREADY_USED);
  if (i.expiresAt <= now)
    throw new AppError("CONFLICT", "This invitation has expired. Ask the Tenant that invited you for a new link.");
  // an address that has an Axys account (of another Tenant: same-Tenant ones are refused when inviting) cannot
  // take a second one; the message does not say why, since whoever holds the link (the inviter too) reads it. The
  // one exception: a removed (disabled) user of the inviting Tenant, whom accepting re-enables.
  const existing = await tx.user.findUnique({
    where: { email: i.email },
    select: { id: true, tenantId: true, disabledAt: true },
  });
  if (existing && !(existing.tenantId === i.tenantId && existing.disabledAt))
    throw new AppError("CONFLICT", CANNOT_ACCEPT);
  return { ...i, role: i.role as InvitationRole, rejoiningUserId: existing?.id ?? null };
}

/** Public (no session): what an invitation link is for, or why it cannot be used. */
export async function viewInvitation(token: string, now = new Date()): Promise<InvitationView> {
  const i = await openInvitation(db, token, now);
  const [program, tenant] = await Promise.all([
    i.programId
      ? db.program.findFirst({ where: { id: i.programId, tenantId: i.tenantId }, select: { name: true } })
      : null,
    db.tenant.findUnique({ where: { id: i.tenantId }, select: { name: true } }),
  ]);
  return {
    email: i.email,
    role: i.role,
    kind: kindOf(i),
    tenantName: tenant?.name ?? "",
    programName: i.programId ? (program?.name ?? i.programId) : null,
    expiresAt: i.expiresAt,
  };
}

/**
 * Public (no session): accepts an invitation in one transaction, creating the user it was for (a member of the
 * Tenant with the invited role, or a partner_viewer bound to its Program). The token works once; the audit event
 * names the new user as the actor.
 */
export async function acceptInvitation(
  input: AcceptInvitationInput,
  request: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<{ email: string }> {
  const v = parseInput(acceptInvitationSchema, input);
  // the token first: a forged one costs a lookup, never an argon2 hash
  const invited = await openInvitation(db, v.token, now);
  // the same rules as every other password of the portal (length, common and breached ones, not the address)
  assertAcceptablePassword(v.password, { email: invited.email, field: "password" });
  const passwordHash = await hashPassword(v.password);
  try {
    return await db.$transaction(async (tx) => {
      const i = await openInvitation(tx, v.token, now);
      const claimed = await tx.invitation.updateMany({
        where: { id: i.id, tokenSha256: i.tokenSha256, acceptedAt: null, revokedAt: null },
        data: { acceptedAt: now },
      });
      if (claimed.count !== 1) throw new AppError("CONFLICT", ALREADY_USED);
      const data = { name: v.name, role: i.role, tenantId: i.tenantId, programId: i.programId, passwordHash };
      let u;
      if (i.rejoiningUserId) {
        // a removed member invited back: the same account, re-enabled with the invited role and the new password;
        // it starts like a new one (no second factor: the invitation proves only the address)
        const back = await tx.user.updateMany({
          where: { id: i.rejoiningUserId, tenantId: i.tenantId, disabledAt: { not: null } },
          data: { ...data, disabledAt: null, passwordChangedAt: now },
        });
        if (back.count !== 1) throw new AppError("CONFLICT", CANNOT_ACCEPT);
        await clearSecondFactors(tx, i.rejoiningUserId);
        u = await tx.user.findUniqueOrThrow({ where: { id: i.rejoiningUserId } });
      } else {
        u = await tx.user.create({ data: { email: i.email, ...data } });
      }
      await tx.invitation.updateMany({ where: { id: i.id }, data: { acceptedUserId: u.id } });
      const ctx: Ctx = {
        userId: u.id,
        actorLabel: u.email,
        role: i.role,
        tenantId: i.tenantId,
        programId: i.programId,
        environment: "production",
        ip: request.ip,
        userAgent: request.userAgent,
      };
      const kind = kindOf(i);
      await recordAudit(tx, ctx, {
        action:
          kind === "partner" ? "partner.joined" : i.rejoiningUserId ? "team.member_rejoined" : "team.member_joined",
        targetType: "user",
        targetId: u.id,
        after:
          kind === "partner"
            ? { email: u.email, programId: i.programId, invitationId: i.id }
            : { email: u.email, role: i.role, invitationId: i.id },
      });
      return { email: u.email };
    });
  } catch (e) {
    // an account created for this address between the check and the insert: the same neutral refusal
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", CANNOT_ACCEPT);
    throw e;
  }
}
