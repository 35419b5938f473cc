import "server-only";
import { db } from "@/lib/db";
import { smtpSettings, type SmtpSettings } from "@/lib/mail/config";
import { mailBodies } from "@/lib/mail/outbox";
import { sendMail, type SendResult } from "@/lib/mail/sender";
import { errorInfo, log } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/registry";

/** Minutes to wait after attempt n (1-based) fails, each with ±20% jitter: about 5 hours over 6 attempts. */
export const MAIL_BACKOFF_MINUTES = [1, 5, 15, 60, 240];
export const MAIL_MAX_ATTEMPTS = MAIL_BACKOFF_MINUTES.length + 1;
/** Messages sent at once by one worker (each on its own connection). */
export const MAIL_CONCURRENCY = 4;
/** A lease outlives the attempt's deadline by this much (the database reads and the result's write). */
const LEASE_MARGIN_MS = 30_000;

export function mailDelayMs(attemptCount: number, random = Math.random): number {
  const base = MAIL_BACKOFF_MINUTES[Math.min(attemptCount, MAIL_BACKOFF_MINUTES.length) - 1] * 60_000;
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface MailPassOptions {
  /** fixes the clock (tests); by default the live clock */
  now?: Date;
  limit?: number;
  /** checked before each claim: a stopping worker finishes what it holds and claims nothing more */
  shouldStop?: () => boolean;
  /** the settings to send with; by default read from the environment (null: nothing is sent) */
  settings?: SmtpSettings | null;
}

/**
 * Sends due outbox messages, the webhook deliveries' way: each message is claimed with a database lease
 * (compare-and-set on lockedUntil, so two workers never send the same message at once, and a crashed worker's
 * lease simply expires), sent, then marked sent (its bodies erased) or scheduled again with backoff, or failed
 * after a permanent refusal or the last attempt (bodies erased too). Without AXYS_SMTP_URL nothing is claimed:
 * mail stays pending in the outbox. Returns how many messages it attempted.
 */
export async function runMailPass(workerId: string, opts: MailPassOptions = {}): Promise<number> {
  const settings = opts.settings === undefined ? smtpSettings() : opts.settings;
  if (!settings) return 0;
  const clock = () => opts.now ?? new Date();
  const limit = opts.limit ?? Infinity;
  const shouldStop = opts.shouldStop ?? (() => false);
  const lease = settings.timeoutMs + LEASE_MARGIN_MS;
  let started = 0;
  while (!shouldStop() && started < limit) {
    const now = clock();
    const due = await db.mailMessage.findMany({
      where: {
        status: "pending",
        nextAttemptAt: { lte: now },
        OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
      },
      orderBy: { nextAttemptAt: "asc" },
      take: Math.min(MAIL_CONCURRENCY, limit - started),
      select: { id: true, lockedUntil: true },
    });
    if (due.length === 0) break;
    const claimed: string[] = [];
    for (const d of due) {
      if (shouldStop()) break;
      const { count } = await db.mailMessage.updateMany({
        where: { id: d.id, status: "pending", lockedUntil: d.lockedUntil },
        data: { lockedUntil: new Date(clock().getTime() + lease), lockedBy: workerId },
      });
      if (count === 1) claimed.push(d.id); // else another worker holds it now
    }
    started += claimed.length;
    await Promise.all(
      claimed.map((id) =>
        attempt(id, workerId, settings, clock).catch((e) => {
          metrics.mailAttempts.inc({ outcome: "error" });
          log.error({ job: "mail.send", workerId, mailId: id, err: errorInfo(e) }, "mail attempt failed"); // its lease expires; retried then
        }),
      ),
    );
  }
  return started;
}

async function attempt(id: string, workerId: string, settings: SmtpSettings, clock: () => Date): Promise<void> {
  const m = await db.mailMessage.findUniqueOrThrow({ where: { id } });
  if (m.status !== "pending" || m.lockedBy !== workerId) return;
  const { text, html } = mailBodies(m);
  const result: SendResult =
    text === null
      ? { ok: false, permanent: true, error: "the message has no body", ms: 0 }
      : await sendMail(settings, { to: m.to, subject: m.subject, text, html });
  const now = clock();
  const attempts = m.attemptCount + 1;
  const failed = !result.ok && (result.permanent || attempts >= MAIL_MAX_ATTEMPTS);
  const { count } = await db.mailMessage.updateMany({
    where: { id, status: "pending", lockedBy: workerId },
    data: result.ok
      ? {
          status: "sent",
          attemptCount: attempts,
          messageId: result.messageId,
          sentAt: now,
          lastError: null,
          textSealed: null,
          htmlSealed: null,
          lockedUntil: null,
          lockedBy: null,
        }
      : failed
        ? {
            status: "failed",
            attemptCount: attempts,
            lastError: result.error,
            textSealed: null,
            htmlSealed: null,
            lockedUntil: null,
            lockedBy: null,
          }
        : {
            attemptCount: attempts,
            lastError: result.error,
            nextAttemptAt: new Date(now.getTime() + mailDelayMs(attempts)),
            lockedUntil: null,
            lockedBy: null,
          },
  });
  // lease lost (released at shutdown, or expired and claimed by another worker): the new holder decides
  const outcome = count !== 1 ? "lease_lost" : result.ok ? "sent" : failed ? "failed" : "retry";
  metrics.mailAttempts.inc({ outcome });
  // never the bodies, the recipient's address or the password (result.error is scrubbed)
  const fields = { job: "mail.send", workerId, mailId: id, kind: m.kind, tenantId: m.tenantId, attempt: attempts };
  const extra = { outcome, latencyMs: result.ms, ...(result.ok ? {} : { error: result.error }) };
  if (outcome === "failed") log.warn({ ...fields, ...extra }, "mail failed for good");
  else log.info({ ...fields, ...extra }, "mail attempt");
}

/**
 * Gives up a worker's unfinished leases (shutdown): their messages become claimable at once by another worker.
 * Returns how many it released.
 */
export async function releaseMailLeases(workerId: string): Promise<number> {
  const { count } = await db.mailMessage.updateMany({
    where: { lockedBy: workerId, status: "pending" },
    data: { lockedUntil: null, lockedBy: null },
  });
  return count;
}
