import "server-only";
import { db } from "@/lib/db";
import { registerGauge } from "@/lib/metrics/registry";

/**
 * The webhook queue as Prometheus gauges, read from the database at scrape time (both over the
 * (status, nextAttemptAt) index): how many deliveries are pending, and how long the oldest due one has waited.
 * The same in every instance: alert on one of them.
 */
export function registerWebhookQueueMetrics(): void {
  registerGauge("axys_webhook_queue_depth", "Webhook deliveries pending (due now or retrying later).", async (g) => {
    g.set(await db.webhookDelivery.count({ where: { status: "pending" } }));
  });
  registerGauge(
    "axys_webhook_queue_oldest_due_seconds",
    "How long the oldest due pending webhook delivery has waited (0 when none is due).",
    async (g) => {
      const now = new Date();
      const oldest = await db.webhookDelivery.findFirst({
        where: { status: "pending", nextAttemptAt: { lte: now } },
        orderBy: { nextAttemptAt: "asc" },
        select: { nextAttemptAt: true },
      });
      g.set(oldest ? (now.getTime() - oldest.nextAttemptAt.getTime()) / 1000 : 0);
    },
  );
}
