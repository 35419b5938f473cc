import "server-only";
import { db } from "@/lib/db";
import { registerGauge } from "@/lib/metrics/registry";

/**
 * The mail outbox as Prometheus gauges, read from the database at scrape time over the (status, nextAttemptAt)
 * index: how many messages wait to be sent, and how long the oldest due one has waited (a growing value means
 * the mail server refuses or AXYS_SMTP_URL is not set). The same in every instance: alert on one of them.
 */
export function registerMailQueueMetrics(): void {
  registerGauge(
    "axys_mail_outbox_pending",
    "Outgoing mail waiting to be sent (due now or retrying later).",
    async (g) => {
      g.set(await db.mailMessage.count({ where: { status: "pending" } }));
    },
  );
  registerGauge(
    "axys_mail_outbox_oldest_due_seconds",
    "How long the oldest due pending email has waited (0 when none is due).",
    async (g) => {
      const now = new Date();
      const oldest = await db.mailMessage.findFirst({
        where: { status: "pending", nextAttemptAt: { lte: now } },
        orderBy: { nextAttemptAt: "asc" },
        select: { nextAttemptAt: true },
      });
      g.set(oldest ? (now.getTime() - oldest.nextAttemptAt.getTime()) / 1000 : 0);
    },
  );
}
