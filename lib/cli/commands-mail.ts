import { command, flag, type Command } from "@/lib/cli/command";
import { MAIL_KINDS, MAIL_STATUSES } from "@/lib/mail/schemas";
import { listOutbox } from "@/lib/mail/service";

/** The mail outbox (docs/email.md): what was queued, sent or failed, never a body. */
export const MAIL_COMMANDS: Record<string, Command> = {
  "mail list": command({
    usage: `[--to x@y] [--status ${MAIL_STATUSES.join("|")}] [--kind ${MAIL_KINDS.join("|")}] [--limit 50]   (newest first; never prints a body)`,
    flags: {
      to: flag.optionalText(),
      status: flag.optionalOneOf(MAIL_STATUSES),
      kind: flag.optionalOneOf(MAIL_KINDS),
      limit: flag.wholeNumber(50),
    },
    context: "operator",
    async run(ctx, f) {
      const rows = await listOutbox(ctx, { to: f.to, status: f.status, kind: f.kind, limit: f.limit });
      const text = rows.length
        ? rows
            .map(
              (m) =>
                `${m.createdAt.toISOString()}  ${m.status.padEnd(7)}  ${m.kind.padEnd(18)}  ${m.to}  ${m.subject}${m.lastError ? `  (${m.attemptCount} attempt(s); last error: ${m.lastError})` : ""}`,
            )
            .join("\n")
        : "no mail";
      return { json: rows, text };
    },
  }),
};
