import { unsafeRecheckStaleEntries } from "@/lib/allowlist/service";
import { sealClearBankCredentials } from "@/lib/bank/seal-existing";
import { ensureCertificateAuthorities } from "@/lib/certificates/ca";
import { drainBeforeSignalExit } from "@/lib/shutdown";
import { SHUTDOWN_GRACE_MS, startWorker } from "@/lib/webhooks/worker";
import { errorInfo, log } from "@/lib/log/logger";
import { registerWebhookQueueMetrics } from "@/lib/webhooks/queue-metrics";
import { registerMailQueueMetrics } from "@/lib/mail/queue-metrics";

const RECHECK_HOURS = Number(process.env.AXYS_FCRDNS_RECHECK_HOURS ?? 24);

/**
 * Server start-up checks (Node runtime only): the CAs exist and the master key opens them, and bank
 * credentials still stored in clear (written before migration 20261204120000) are sealed. In a
 * production deployment a failure stops the process instead of serving errors.
 */
export async function startServer(): Promise<void> {
  try {
    await ensureCertificateAuthorities();
    const sealed = await sealClearBankCredentials();
    if (sealed > 0) log.info({ sealed }, `sealed ${sealed} bank credential row(s) that were stored in clear`);
  } catch (e) {
    log.fatal({ err: errorInfo(e) }, "refusing to start");
    if (process.env.AXYS_DEPLOYMENT === "production") process.exit(1);
    throw e;
  }
  registerWebhookQueueMetrics();
  registerMailQueueMetrics();
  // The webhook scheduler/delivery worker runs in the app unless it is deployed apart (npm run worker).
  if (process.env.AXYS_WORKER !== "off") {
    const worker = startWorker();
    // Next's SIGTERM handler exits at once: let the attempt in flight finish and release the rest first.
    drainBeforeSignalExit(
      async () => {
        const r = await worker.stop(SHUTDOWN_GRACE_MS);
        log.info(
          { workerId: worker.id, drained: r.drained, released: r.released },
          `worker stopped: ${r.drained ? "attempt in flight finished" : `gave up waiting after ${SHUTDOWN_GRACE_MS} ms`}, ${r.released} lease(s) released`,
        );
      },
      { timeoutMs: SHUTDOWN_GRACE_MS + 2_000 },
    );
  }
  // Periodic FCrDNS re-check of allowlisted addresses (PTR records change); hourly sweep of stale results.
  if (RECHECK_HOURS > 0) {
    setInterval(() => {
      unsafeRecheckStaleEntries(RECHECK_HOURS * 3_600_000).catch((e) =>
        log.error({ job: "allowlist.recheck", err: errorInfo(e) }, "FCrDNS re-check failed"),
      );
    }, 3_600_000).unref();
  }
}
