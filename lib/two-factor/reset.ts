import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { queueTwoFactorMail } from "@/lib/two-factor/notices";
import { clearSecondFactors } from "@/lib/two-factor/service";
import { parseInput } from "@/lib/validation";

export const resetTwoFactorSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  reason: z
    .string()
    .trim()
    .min(3, 'Say why (--reason), e.g. "lost device, identity checked by phone": it goes into the audit log.')
    .max(500, "At most 500 characters."),
});

/**
 * Staff side (`axys user reset-2fa`): removes a user's TOTP, recovery codes and passkeys and ends all their sessions,
 * for a user who lost their device (after checking who they are, outside the portal). Their next sign-in asks them
 * to set a factor up again when one is required. Audited with the reason (in their Tenant's log); emails the user.
 */
export async function resetTwoFactor(
  ctx: Ctx,
  input: { email: string; reason: string },
  now = new Date(),
): Promise<{ userId: string; email: string; removed: { totp: boolean; passkeys: number }; sessionsRevoked: number }> {
  assertCan(ctx, "users:manage");
  const v = parseInput(resetTwoFactorSchema, input);
  return db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({
      where: { email: v.email },
      select: { id: true, email: true, tenantId: true },
    });
    if (!u) throw new AppError("NOT_FOUND", `No user with email ${v.email}.`, "email");
    const removed = await clearSecondFactors(tx, u.id);
    const s = await tx.session.updateMany({
      where: { userId: u.id, revokedAt: null },
      data: { revokedAt: now, revokedReason: "two_factor_reset" },
    });
    await recordAudit(tx, ctx, {
      tenantId: u.tenantId,
      action: "two_factor.reset",
      targetType: "user",
      targetId: u.id,
      before: removed,
      after: { reason: v.reason, sessionsRevoked: s.count },
    });
    await queueTwoFactorMail(tx, u, "reset_by_staff", { now });
    return { userId: u.id, email: u.email, removed, sessionsRevoked: s.count };
  });
}
