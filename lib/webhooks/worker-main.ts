/**
 * `npm run worker`: the webhook scheduler and delivery worker on its own; its health probes over plain HTTP on
 * AXYS_WORKER_HEALTH_PORT (default off): ready while the database is migrated, the CA keys unseal and the worker beats.
 */
import { db } from "@/lib/db";
import { readiness } from "@/lib/health/checks";
import { createHealthServer } from "@/lib/health/server";
import { lastWorkerBeat, startWorker } from "@/lib/webhooks/worker";
import { errorInfo, log } from "@/lib/log/logger";
import { startMetricsServer } from "@/lib/metrics/registry";
import { registerWebhookQueueMetrics } from "@/lib/webhooks/queue-metrics";
import { registerMailQueueMetrics } from "@/lib/mail/queue-metrics";

const worker = startWorker();
registerWebhookQueueMetrics();
registerMailQueueMetrics();
startMetricsServer(process.env.AXYS_WORKER_METRICS_PORT, (e) =>
  log.error({ err: errorInfo(e) }, "metrics listener failed (the worker keeps running)"),
);
const healthPort = process.env.AXYS_WORKER_HEALTH_PORT ?? "off";
if (healthPort !== "off" && (!/^\d{1,5}$/.test(healthPort) || Number(healthPort) > 65535)) {
  log.fatal(`worker refusing to start: AXYS_WORKER_HEALTH_PORT must be a port number or "off", not "${healthPort}"`);
  process.exit(1);
}
const health =
  healthPort === "off" ? null : createHealthServer(() => readiness({ workerBeat: () => lastWorkerBeat() ?? null }));
health?.listen(Number(healthPort), process.env.AXYS_WORKER_HEALTH_HOST ?? "0.0.0.0");
log.info({ workerId: worker.id, healthPort }, "worker running");
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    log.info({ workerId: worker.id, signal: sig }, "worker stopping: finishing the delivery in flight");
    health?.close();
    const r = await worker.stop();
    log.info(
      { workerId: worker.id, drained: r.drained, released: r.released },
      `worker stopped: ${r.drained ? "attempt in flight finished" : "gave up waiting"}, ${r.released} lease(s) released`,
    );
    await db.$disconnect();
    process.exit(0);
  });
}
