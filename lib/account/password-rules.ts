import "server-only";
import { COMMON_PASSWORDS } from "@/lib/account/common-passwords";
import { AppError } from "@/lib/errors";
import { passwordSchema } from "@/lib/users/schemas";

/** The forms a guessable password takes: itself, without the digits/symbols around it, one repeated unit. */
function candidates(password: string): string[] {
  const p = password.toLowerCase();
  const core = p.replace(/^[^a-z]+|[^a-z]+$/g, "");
  const compact = p.replace(/[^a-z0-9]/g, "");
  const out = [p, core, compact];
  for (const s of [p, compact]) {
    const unit = /^(.+?)\1+$/.exec(s)?.[1];
    if (unit) out.push(unit, unit.replace(/^[^a-z]+|[^a-z]+$/g, ""));
  }
  return out.filter((c) => c.length > 0);
}

/** True when the password is a common one (or a common one dressed up: padded with digits, repeated). */
export function isCommonPassword(password: string): boolean {
  return candidates(password).some((c) => COMMON_PASSWORDS.has(c));
}

/**
 * The one password check for every place a user chooses a password (change, reset): the length rule
 * of passwordSchema, then the common-password list, then not the account's own email address.
 * Throws VALIDATION on `field`.
 */
export function assertAcceptablePassword(password: string, opts: { email?: string; field?: string } = {}): void {
  const field = opts.field ?? "password";
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) throw new AppError("VALIDATION", parsed.error.issues[0].message, field);
  const local = opts.email?.split("@")[0]?.toLowerCase();
  if (isCommonPassword(password) || (local && local.length >= 4 && password.toLowerCase().includes(local)))
    throw new AppError(
      "VALIDATION",
      "This password is too easy to guess: it is a common password or contains your email address. Choose another.",
      field,
    );
}
