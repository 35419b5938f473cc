import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { emailSchema } from "@/lib/invitations/schemas";
import { assertNotLastAdmin } from "@/lib/team/admins";
import { lockTenant } from "@/lib/tenants/lock";
import { parseInput } from "@/lib/validation";
import { z } from "zod";

/** Axys staff's view of a Tenant's sign-in users (the CLI's `axys user list`): team members and partner users. */
export interface TenantUserDto {
  email: string;
  name: string;
  role: string;
  /** partner_viewer: its Program */
  programId: string | null;
  twoFactor: boolean;
  lastSignInAt: Date | null;
  disabled: boolean;
}

/** Every user of the caller's Tenant (operator only), by email. */
export async function listTenantUsers(ctx: Ctx): Promise<TenantUserDto[]> {
  assertCan(ctx, "users:manage");
  const tenantId = tenantOf(ctx);
  const rows = await db.user.findMany({
    where: { tenantId },
    select: {
      email: true,
      name: true,
      role: true,
      programId: true,
      totpConfirmedAt: true,
      lastSignInAt: true,
      disabledAt: true,
      _count: { select: { passkeys: true } },
    },
    orderBy: { email: "asc" },
  });
  return rows.map((u) => ({
    email: u.email,
    name: u.name,
    role: u.role,
    programId: u.programId,
    twoFactor: u.totpConfirmedAt !== null || u._count.passkeys > 0,
    lastSignInAt: u.lastSignInAt,
    disabled: u.disabledAt !== null,
  }));
}

const disableUserSchema = z.object({ email: emailSchema });

/**
 * Disables any sign-in user by email (operator only, `axys user disable`): the account cannot sign in and all its
 * live sessions are revoked at once, in one audited transaction. The last enabled administrator of a Tenant is
 * refused (the Tenant is locked, so two disables at once cannot both pass).
 */
export async function disableUser(
  ctx: Ctx,
  input: { email: string },
  now = new Date(),
): Promise<{ id: string; email: string; tenantId: string | null; revokedSessions: number }> {
  assertCan(ctx, "users:manage");
  const { email } = parseInput(disableUserSchema, input);
  return db.$transaction(async (tx) => {
    const found = await tx.user.findUnique({ where: { email }, select: { tenantId: true } });
    if (!found) throw new AppError("NOT_FOUND", `No user with email ${email}.`, "email");
    if (found.tenantId) await lockTenant(tx, found.tenantId);
    // read again under the lock
    const u = await tx.user.findUniqueOrThrow({
      where: { email },
      select: { id: true, email: true, role: true, tenantId: true, disabledAt: true },
    });
    if (u.disabledAt) throw new AppError("CONFLICT", `${email} is already disabled.`, "email");
    if (u.tenantId) await assertNotLastAdmin(tx, u.tenantId, u, "disable");
    await tx.user.update({ where: { id: u.id }, data: { disabledAt: now } });
    const r = await tx.session.updateMany({
      where: { userId: u.id, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now, revokedReason: "user_disabled" },
    });
    await recordAudit(tx, ctx, {
      tenantId: u.tenantId,
      action: "user.disabled",
      targetType: "user",
      targetId: u.id,
      before: { email: u.email, role: u.role },
      after: { disabled: true, revokedSessions: r.count },
    });
    return { id: u.id, email: u.email, tenantId: u.tenantId, revokedSessions: r.count };
  });
}
