import "server-only";
import type { PendingStep } from "@/lib/auth/sessions";
import { db, type Tx } from "@/lib/db";

/** The user fields the second-factor policy reads. */
export interface FactorSubject {
  id: string;
  role: string;
  tenantId: string | null;
  totpConfirmedAt: Date | null;
}

/** Staff accounts always need a second factor in production (issue 16.3); elsewhere the demo stays one step. */
export const staffRequireTwoFactor = (env: Record<string, string | undefined> = process.env) =>
  env.AXYS_DEPLOYMENT === "production";

/**
 * Must this user have a second factor? Their Tenant's "require 2FA for every member", or an Axys staff account
 * in production.
 */
export async function twoFactorRequired(user: FactorSubject, client: Tx | typeof db = db): Promise<boolean> {
  if (user.role === "staff_reviewer" && staffRequireTwoFactor()) return true;
  if (!user.tenantId) return false;
  const t = await client.tenant.findUnique({ where: { id: user.tenantId }, select: { requireTwoFactor: true } });
  return !!t?.requireTwoFactor;
}

/** Does the user have a second factor (a confirmed TOTP or any passkey)? */
export async function hasSecondFactor(user: FactorSubject, client: Tx | typeof db = db): Promise<boolean> {
  if (user.totpConfirmedAt) return true;
  return (await client.passkey.count({ where: { userId: user.id } })) > 0;
}

/**
 * What a correct password still owes: the second factor when the user has one, enrolling one when they have none
 * but must, else nothing (the sign-in is complete).
 */
export async function secondStepFor(user: FactorSubject): Promise<PendingStep | null> {
  if (await hasSecondFactor(user)) return "two_factor";
  return (await twoFactorRequired(user)) ? "enrol_two_factor" : null;
}
