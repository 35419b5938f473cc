import "server-only";
import { portalOrigin } from "@/lib/auth/redirect";
import { formatUtc } from "@/lib/format/date";
import type { OutgoingMail } from "@/lib/mail/outbox";

type Mail = Omit<OutgoingMail, "to" | "tenantId" | "userId" | "now" | "dedupeKey">;
const sign = "\n\n— Axys Account Management";
const notYou = (what: string) =>
  `If this was not you, ${what} at once and tell your administrator.\n${portalOrigin()}/login/forgot`;

export const resetLinkMail = (token: string): Mail => ({
  kind: "password_reset",
  subject: "Reset your Axys password",
  text:
    `Someone (hopefully you) asked to reset the password of your Axys account.\n\n` +
    `Choose a new password here (the link works once, for 1 hour):\n${portalOrigin()}/reset/${token}\n\n` +
    `If you did not ask for this, ignore this email: your password stays as it is.` +
    sign,
});

export const passwordChangedMail = (how: "changed" | "reset", when: Date, ip: string | null): Mail => ({
  kind: "password_reset",
  subject: `Your Axys password was ${how}`,
  text:
    `The password of your Axys account was ${how} at ${formatUtc(when)} from ${ip ?? "an unknown address"}. ` +
    `Every other session was signed out.\n\n` +
    notYou("reset your password") +
    sign,
});

export const newSignInMail = (when: Date, browser: string, ip: string | null): Mail => ({
  kind: "new_sign_in",
  subject: "New sign-in to your Axys account",
  text:
    `Your Axys account was signed in from a browser or network not seen before:\n\n` +
    `Time: ${formatUtc(when)}\nBrowser: ${browser}\nIP address: ${ip ?? "unknown"}\n\n` +
    `Your sessions are listed at ${portalOrigin()}/settings/security, where you can end any of them.\n` +
    notYou("reset your password") +
    `\n\nYou can turn these emails off at ${portalOrigin()}/settings/profile.` +
    sign,
});

export const confirmEmailMail = (token: string, newEmail: string): Mail => ({
  kind: "email_change",
  subject: "Confirm your new Axys email address",
  text:
    `Confirm that ${newEmail} is the new email address of your Axys account (the link works once, for 24 hours):\n` +
    `${portalOrigin()}/confirm-email/${token}\n\nIf you did not ask for this, ignore this email.` +
    sign,
});

export const emailChangedMail = (oldEmail: string, newEmail: string, when: Date): Mail => ({
  kind: "email_change",
  subject: "The email address of your Axys account was changed",
  text:
    `The email address of your Axys account changed from ${oldEmail} to ${newEmail} at ${formatUtc(when)}. ` +
    `Sign-in and account emails now go to ${newEmail}.\n\nIf this was not you, tell your administrator at once.` +
    sign,
});
