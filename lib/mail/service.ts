import "server-only";
import type { Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { mailBodies } from "@/lib/mail/outbox";
import { listOutboxSchema, type ListOutboxInput } from "@/lib/mail/schemas";
import { parseInput } from "@/lib/validation";

/** One message of the outbox, without its bodies. */
export interface OutboxEntry {
  id: string;
  to: string;
  kind: string;
  subject: string;
  status: string;
  attemptCount: number;
  nextAttemptAt: Date;
  lastError: string | null;
  messageId: string | null;
  sentAt: Date | null;
  createdAt: Date;
  tenantId: string | null;
}

const ENTRY = {
  id: true,
  to: true,
  kind: true,
  subject: true,
  status: true,
  attemptCount: true,
  nextAttemptAt: true,
  lastError: true,
  messageId: true,
  sentAt: true,
  createdAt: true,
  tenantId: true,
} as const;

async function listEntries(input: ListOutboxInput): Promise<OutboxEntry[]> {
  const f = parseInput(listOutboxSchema, input);
  return db.mailMessage.findMany({
    where: {
      ...(f.to ? { to: f.to } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(f.kind ? { kind: f.kind } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: f.limit,
    select: ENTRY,
  });
}

/** The outbox, newest first, for Axys operators (`axys mail list`): every Tenant's mail, never a body. */
export async function listOutbox(ctx: Ctx, input: ListOutboxInput = {}): Promise<OutboxEntry[]> {
  assertCan(ctx, "mail:outbox");
  return listEntries(input);
}

/**
 * Whether the development outbox page (/dev/mail) may be shown: only where mail is not sent (no AXYS_SMTP_URL) and
 * never in a production deployment; elsewhere it does not exist (404). Where it is open it is public: it is how the
 * demo reads its invitations and reset links without a mail server, so a deployment that real people use sends mail
 * (and sets AXYS_DEPLOYMENT=production, as the Dockerfile does).
 */
export const devOutboxOpen = (env: Record<string, string | undefined> = process.env) =>
  env.AXYS_DEPLOYMENT !== "production" && !env.AXYS_SMTP_URL;

function assertDevOutbox(): void {
  if (!devOutboxOpen()) throw new AppError("NOT_FOUND", "There is no such page.");
}

/** The development outbox, newest first (unscoped: every Tenant's mail; refused in production). */
export async function unsafeListDevOutbox(input: ListOutboxInput = {}): Promise<OutboxEntry[]> {
  assertDevOutbox();
  return listEntries({ limit: 200, ...input });
}

/** One message of the development outbox with its bodies while it has them (refused in production). */
export async function unsafeViewDevOutboxMessage(
  id: string,
): Promise<OutboxEntry & { text: string | null; html: string | null }> {
  assertDevOutbox();
  const m = await db.mailMessage.findUnique({
    where: { id },
    select: { ...ENTRY, textSealed: true, htmlSealed: true },
  });
  if (!m) throw new AppError("NOT_FOUND", "There is no such message in the outbox.");
  const { textSealed, htmlSealed, ...entry } = m;
  return { ...entry, ...mailBodies({ textSealed, htmlSealed }) };
}
