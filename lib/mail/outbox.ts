import "server-only";
import type { Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/errors";
import { seal, unseal } from "@/lib/core/sealing";

/** What an email is about; the worker and the outbox page group by it. */
export type MailKind =
  "invitation" | "password_reset" | "new_sign_in" | "two_factor" | "certificate_expiry" | "email_change";

export interface OutgoingMail {
  to: string;
  kind: MailKind;
  subject: string;
  text: string;
  html?: string;
  tenantId?: string | null;
  userId?: string | null;
  /** a key already used makes this a no-op (exactly-once scheduled mail) */
  dedupeKey?: string;
  now?: Date;
}

export const MAIL_TEXT_CONTEXT = "mail-text";
export const MAIL_HTML_CONTEXT = "mail-html";

/**
 * Queues an email inside the caller's transaction: the change and its email commit together, before any
 * attempt to send (the worker sends it). Bodies are sealed at rest (they may carry one-time links).
 * Returns the message id, or null when the dedupeKey was already used.
 */
export async function queueMail(tx: Tx, m: OutgoingMail): Promise<string | null> {
  if (m.dedupeKey && (await tx.mailMessage.findUnique({ where: { dedupeKey: m.dedupeKey }, select: { id: true } })))
    return null;
  try {
    const row = await tx.mailMessage.create({
      data: {
        to: m.to,
        kind: m.kind,
        subject: m.subject,
        textSealed: seal(Buffer.from(m.text), MAIL_TEXT_CONTEXT),
        htmlSealed: m.html === undefined ? null : seal(Buffer.from(m.html), MAIL_HTML_CONTEXT),
        tenantId: m.tenantId ?? null,
        userId: m.userId ?? null,
        dedupeKey: m.dedupeKey ?? null,
        nextAttemptAt: m.now ?? new Date(),
      },
      select: { id: true },
    });
    return row.id;
  } catch (e) {
    if (m.dedupeKey && isUniqueViolation(e)) return null; // another instance queued it first
    throw e;
  }
}

/** The clear bodies of a queued message (null once it has been sent and its bodies erased). */
export function mailBodies(m: { textSealed: string | null; htmlSealed: string | null }): {
  text: string | null;
  html: string | null;
} {
  return {
    text: m.textSealed === null ? null : unseal(m.textSealed, MAIL_TEXT_CONTEXT).toString("utf8"),
    html: m.htmlSealed === null ? null : unseal(m.htmlSealed, MAIL_HTML_CONTEXT).toString("utf8"),
  };
}
