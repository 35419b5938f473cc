import "server-only";
import { portalOrigin } from "@/lib/auth/redirect";
import type { Tx } from "@/lib/db";
import { queueMail } from "@/lib/mail/outbox";

export type TwoFactorChange =
  "totp_enabled" | "disabled" | "recovery_codes_regenerated" | "passkey_added" | "passkey_removed" | "reset_by_staff";

const SUBJECT: Record<TwoFactorChange, string> = {
  totp_enabled: "Axys: two-factor sign-in turned on",
  disabled: "Axys: two-factor sign-in turned off",
  recovery_codes_regenerated: "Axys: new recovery codes generated",
  passkey_added: "Axys: passkey or security key added",
  passkey_removed: "Axys: passkey or security key removed",
  reset_by_staff: "Axys: your two-factor sign-in was reset by Axys staff",
};

const WHAT: Record<TwoFactorChange, string> = {
  totp_enabled: "An authenticator app was set up as your second factor",
  disabled: "Two-factor sign-in was turned off",
  recovery_codes_regenerated: "New recovery codes were generated (the old ones no longer work)",
  passkey_added: "A passkey or security key was added",
  passkey_removed: "A passkey or security key was removed",
  reset_by_staff: "Axys staff removed your second factors at your request; you will set one up again at sign-in",
};

/**
 * Queues the "two_factor" email about a change of the user's second factors, inside the change's transaction.
 * It names no secret and no code; `detail` (a passkey's name) is the user's own text.
 */
export async function queueTwoFactorMail(
  tx: Tx,
  user: { id: string; email: string; tenantId: string | null },
  change: TwoFactorChange,
  opts: { detail?: string; ip?: string | null; now?: Date } = {},
): Promise<void> {
  const now = opts.now ?? new Date();
  const what = WHAT[change] + (opts.detail ? `: "${opts.detail}"` : "") + ".";
  const text = [
    `${what}`,
    "",
    `Account: ${user.email}`,
    `When: ${now.toISOString().replace("T", " ").slice(0, 19)} UTC${opts.ip ? `, from ${opts.ip}` : ""}`,
    "",
    `Review your two-factor settings: ${portalOrigin()}/settings/security/two-factor`,
    "",
    "If this was not you, change your password at once and tell your Tenant administrator or Axys support.",
  ].join("\n");
  await queueMail(tx, {
    to: user.email,
    kind: "two_factor",
    subject: SUBJECT[change],
    text,
    tenantId: user.tenantId,
    userId: user.id,
    now,
  });
}
