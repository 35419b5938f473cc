/** `npm run worker`: the webhook scheduler and delivery worker on its own. */
import { db } from "@/lib/db";
import { startWorker } from "@/lib/webhooks/worker";
import { errorInfo, log } from "@/lib/log/logger";
import { startMetricsServer } from "@/lib/metrics/registry";
import { registerWebhookQueueMetrics } from "@/lib/webhooks/queue-metrics";

const worker = startWorker();
registerWebhookQueueMetrics();
startMetricsServer(process.env.AXYS_WORKER_METRICS_PORT, (e) =>
  log.error({ err: errorInfo(e) }, "metrics listener failed (the worker keeps running)"),
);
log.info({ workerId: worker.id }, "worker running");
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    log.info({ workerId: worker.id, signal: sig }, "worker stopping: finishing the delivery in flight");
    const r = await worker.stop();
    log.info(
      { workerId: worker.id, drained: r.drained, released: r.released },
      `worker stopped: ${r.drained ? "attempt in flight finished" : "gave up waiting"}, ${r.released} lease(s) released`,
    );
    await db.$disconnect();
    process.exit(0);
  });
}
