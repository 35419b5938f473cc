import "server-only";
import { assertRecentAuth } from "@/lib/account/reauth";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { parseInput } from "@/lib/validation";

export const twoFactorRequirementSchema = z.object({ required: z.boolean() });

export interface TwoFactorRequirement {
  required: boolean;
  /** members (not disabled) without any second factor: sent to enrolment at their next sign-in */
  membersWithoutFactor: number;
}

/** The Tenant's "require 2FA for every member" setting (tenant admins). */
export async function getTwoFactorRequirement(ctx: Ctx): Promise<TwoFactorRequirement> {
  assertCan(ctx, "tenants:security");
  const tenantId = tenantOf(ctx);
  const [t, membersWithoutFactor] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { requireTwoFactor: true } }),
    db.user.count({ where: { tenantId, disabledAt: null, totpConfirmedAt: null, passkeys: { none: {} } } }),
  ]);
  return { required: t.requireTwoFactor, membersWithoutFactor };
}

/**
 * Turns "require 2FA for every member" on or off. Members without a second factor are sent to enrolment at their
 * next sign-in (their open sessions are not ended); nobody can turn their second factor off while it is on.
 * Audited with before/after.
 */
export async function setTwoFactorRequirement(ctx: Ctx, input: { required: boolean }): Promise<TwoFactorRequirement> {
  assertCan(ctx, "tenants:security");
  const tenantId = tenantOf(ctx);
  const { required } = parseInput(twoFactorRequirementSchema, input);
  await assertRecentAuth(ctx);
  await db.$transaction(async (tx) => {
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { requireTwoFactor: true } });
    await tx.tenant.update({ where: { id: tenantId }, data: { requireTwoFactor: required } });
    await recordAudit(tx, ctx, {
      action: "tenant.two_factor_requirement_set",
      targetType: "tenant",
      targetId: tenantId,
      before: { requireTwoFactor: before.requireTwoFactor },
      after: { requireTwoFactor: required },
    });
  });
  return getTwoFactorRequirement(ctx);
}
