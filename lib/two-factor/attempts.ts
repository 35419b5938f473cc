import "server-only";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import type { Role } from "@/lib/auth/permissions";
import { assertNotThrottled } from "@/lib/auth/sign-in";
import type { RequestInfo } from "@/lib/auth/sessions";
import { db, type Tx } from "@/lib/db";

/** The second factors a SignInAttempt row names (password rows are "password"; re-authentication may add "reauth"). */
export type SecondFactor = "totp" | "recovery_code" | "passkey";

export interface AttemptUser {
  id: string;
  email: string;
  role: string;
  tenantId: string | null;
  programId: string | null;
}

/** The audit context of the user giving a second factor (a half-signed-in session has no Ctx of its own). */
export const userCtx = (u: AttemptUser, request: RequestInfo, sessionId?: string | null): Ctx => ({
  userId: u.id,
  actorLabel: u.email,
  role: u.role as Role,
  tenantId: u.tenantId,
  programId: u.programId,
  environment: "production",
  ip: request.ip,
  userAgent: request.userAgent,
  sessionId: sessionId ?? null,
});

export const ipOf = (request: RequestInfo) => request.ip ?? "unknown";

/** Refuses (RATE_LIMITED) while the account or IP has used its failure budget: the password throttle's numbers. */
export const assertSecondFactorAllowed = (u: AttemptUser, request: RequestInfo, now: Date) =>
  assertNotThrottled(u.email, ipOf(request), now);

/**
 * Records one second-factor attempt (counted by the throttle per account and per IP); a failure is audited too.
 * Runs in `tx` when the attempt's success is part of a larger change.
 */
export async function recordSecondFactorAttempt(
  u: AttemptUser,
  factor: SecondFactor,
  success: boolean,
  request: RequestInfo,
  now: Date,
  client: Tx | null = null,
): Promise<void> {
  const write = async (tx: Tx) => {
    await tx.signInAttempt.create({ data: { email: u.email, ip: ipOf(request), success, factor, createdAt: now } });
    if (!success)
      await recordAudit(tx, userCtx(u, request), {
        action: "auth.second_factor_failed",
        targetType: "user",
        targetId: u.id,
        after: { factor },
      });
  };
  if (client) await write(client);
  else await db.$transaction(write);
}
