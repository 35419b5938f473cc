import "server-only";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import type { Role } from "@/lib/auth/permissions";
import type { PendingStep } from "@/lib/auth/sessions";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { secondStepFor } from "@/lib/two-factor/requirement";

export const THROTTLE = { windowMs: 15 * 60_000, perAccount: 5, perIp: 20 } as const;

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  tenantId: string | null;
  programId: string | null;
  /** what the sign-in still owes: a second factor, or enrolling one (the Tenant or staff policy requires it) */
  pendingStep: PendingStep | null;
}

const INVALID = "Wrong email or password.";

/**
 * Throws RATE_LIMITED while the account (email) or the IP has too many failed attempts in the window. Every
 * factor counts (password, second factor, re-authentication: one failure budget), so a second factor cannot
 * be guessed faster than a password.
 */
export async function assertNotThrottled(email: string, ip: string, now = new Date()): Promise<void> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const [byAccount, byIp] = await Promise.all([
    db.signInAttempt.findMany({
      where: { email, success: false, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
    db.signInAttempt.findMany({
      where: { ip, success: false, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
  ]);
  const blocked =
    byAccount.length >= THROTTLE.perAccount
      ? byAccount[byAccount.length - THROTTLE.perAccount]
      : byIp.length >= THROTTLE.perIp
        ? byIp[byIp.length - THROTTLE.perIp]
        : null;
  if (blocked) {
    const minutes = Math.max(1, Math.ceil((blocked.createdAt.getTime() + THROTTLE.windowMs - now.getTime()) / 60_000));
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes > 1 ? "s" : ""}.`,
    );
  }
}

/**
 * Checks a password sign-in. Throttled per account and per IP over a sliding window, counted from
 * the database (so it holds across app instances). Failures are recorded in the audit log.
 */
export async function authenticate(
  input: { email: string; password: string; ip: string; userAgent: string | null },
  now = new Date(),
): Promise<SignedInUser> {
  const email = String(input.email ?? "")
    .trim()
    .toLowerCase()
    .slice(0, 320);
  const password = String(input.password ?? "");
  await assertNotThrottled(email, input.ip, now);

  const user = email ? await db.user.findUnique({ where: { email } }) : null;
  const ok =
    user && !user.disabledAt ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  const pendingStep = ok && user ? await secondStepFor(user) : null;
  await db.$transaction(async (tx) => {
    // complete without a second step: this is the sign-in (else lib/two-factor/sign-in-step.ts sets it)
    if (ok && user && !pendingStep) await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    await tx.signInAttempt.create({ data: { email, ip: input.ip, success: !!ok, createdAt: now } });
    const ctx: Ctx = {
      userId: user?.id ?? null,
      actorLabel: email || "(empty)",
      role: (user?.role as Role) ?? "tenant_viewer",
      tenantId: user?.tenantId ?? null,
      programId: null,
      environment: "production",
      ip: input.ip,
      userAgent: input.userAgent,
    };
    await recordAudit(tx, ctx, {
      action: ok ? "auth.signed_in" : "auth.sign_in_failed",
      targetType: "user",
      targetId: user?.id,
    });
  });
  if (!ok || !user) throw new AppError("UNAUTHENTICATED", INVALID);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as Role,
    tenantId: user.tenantId,
    programId: user.programId,
    pendingStep,
  };
}
