import type { MailKind } from "@/lib/mail/outbox";

/** The emails a user may turn off. Security emails (password, two-factor, email change, invitations) always go out. */
export const OPTIONAL_MAIL_KINDS = ["new_sign_in", "certificate_expiry"] as const satisfies readonly MailKind[];
export type OptionalMailKind = (typeof OPTIONAL_MAIL_KINDS)[number];

export const OPTIONAL_MAIL_LABELS: Record<OptionalMailKind, { label: string; hint: string }> = {
  new_sign_in: { label: "New sign-in", hint: "A sign-in to your account from a browser or network not seen before." },
  certificate_expiry: {
    label: "Certificate expiry reminders",
    hint: "30, 15 and 5 days before a client certificate of your Tenant expires (administrators).",
  },
};

const isOptional = (k: string): k is OptionalMailKind => (OPTIONAL_MAIL_KINDS as readonly string[]).includes(k);

/** The muted kinds stored in User.mutedMailKinds (comma-separated); unknown or security kinds are ignored. */
export function parseMutedKinds(stored: string | null | undefined): OptionalMailKind[] {
  return (stored ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(isOptional);
}

export function serializeMutedKinds(kinds: readonly string[]): string {
  return OPTIONAL_MAIL_KINDS.filter((k) => kinds.includes(k)).join(",");
}

/**
 * Whether this user gets an email of this kind. For every feature that emails a user (certificate
 * expiry, new sign-in): ask here before queueMail. Security emails cannot be muted.
 */
export function wantsMail(user: { mutedMailKinds: string | null }, kind: MailKind): boolean {
  if (!isOptional(kind)) return true;
  return !parseMutedKinds(user.mutedMailKinds).includes(kind);
}
