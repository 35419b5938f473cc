import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry } from "prom-client";
import { getCa } from "@/lib/certificates/ca";
import { db } from "@/lib/db";
import { ENVIRONMENTS, type Environment } from "@/lib/environments";
import type { GatewayConfig } from "@/lib/gateway/config";
import { issueGatewayServerCertificate } from "@/lib/gateway/server-cert";
import { DRAIN_MS, type ServerTls, type TlsMessage } from "@/lib/gateway/worker";
import { readiness } from "@/lib/health/checks";
import { createHealthServer } from "@/lib/health/server";
import { errorInfo, log } from "@/lib/log/logger";
import { startMetricsServer } from "@/lib/metrics/registry";

/** A worker that dies sooner than this after its start is restarted with a growing delay (up to 30 s). */
const HEALTHY_AFTER_MS = 10_000;

/**
 * The gateway's primary process: issues the server certificates once, forks `config.workers` workers
 * (`node:cluster`, connections shared round-robin), restarts a worker that dies, answers the health probes
 * and serves the workers' metrics aggregated. SIGTERM/SIGINT: every worker drains and stops, then the primary.
 */
export async function runPrimary(config: GatewayConfig) {
  const tls = Object.fromEntries(
    await Promise.all(
      ENVIRONMENTS.map(
        async (e) =>
          [e, config.tls ?? (await issueGatewayServerCertificate(await getCa(e), config.hostnames))] as const,
      ),
    ),
  ) as Record<Environment, ServerTls>;

  const serving = new Set<number>(); // worker ids listening on every port
  const startedAt = new Map<number, number>();
  let quickDeaths = 0;
  let stopping = false;

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    worker.on("message", (m: { type?: string }) => {
      if (m?.type === "axys-gateway:hello") worker.send({ type: "axys-gateway:tls", tls } satisfies TlsMessage);
      else if (m?.type === "axys-gateway:serving") {
        serving.add(worker.id);
        log.info({ worker: worker.id, workerPid: worker.process.pid }, "gateway worker serving");
      }
    });
    return worker;
  };
  cluster.on("exit", (worker: Worker, code, signal) => {
    serving.delete(worker.id);
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) return;
    quickDeaths = lived < HEALTHY_AFTER_MS ? quickDeaths + 1 : 0;
    const delay = quickDeaths ? Math.min(30_000, 500 * 2 ** (quickDeaths - 1)) : 0;
    log.error(
      { worker: worker.id, workerPid: worker.process.pid, code, signal, restartInMs: delay },
      "gateway worker exited: starting a replacement",
    );
    setTimeout(() => !stopping && fork(), delay);
  });
  for (let i = 0; i < config.workers; i++) fork();
  const portsText = ENVIRONMENTS.map((e) => `${e} https://${config.host}:${config.ports[e]}`).join(", ");
  log.info({ workers: config.workers, ports: config.ports }, `gateway: ${config.workers} workers on ${portsText}`);

  const health =
    config.healthPort === null
      ? null
      : createHealthServer(async () => {
          const report = await readiness();
          const n = serving.size;
          // ready while at least one worker serves both ports; the detail shows a worker being replaced
          report.checks.listeners = {
            status: n ? "ok" : "fail",
            latencyMs: 0,
            detail: `${n} of ${config.workers} workers listening on ${ENVIRONMENTS.length} of ${ENVIRONMENTS.length} ports`,
          };
          if (!n) report.status = "fail";
          return report;
        });
  if (health) {
    await new Promise<void>((resolve) => health.listen(config.healthPort!, config.host, resolve));
    log.info(
      { host: config.host, port: config.healthPort },
      `gateway health probes on http://${config.host}:${config.healthPort}/api/health/ready`,
    );
  }
  const aggregator = new AggregatorRegistry();
  const metricsServer = startMetricsServer(
    config.metricsPort,
    (e) => log.error({ err: errorInfo(e) }, "metrics listener failed (the gateway keeps serving)"),
    { metrics: () => aggregator.clusterMetrics(), contentType: aggregator.contentType },
  );

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    health?.close();
    metricsServer?.close();
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once("exit", () => resolve());
            w.process.kill("SIGTERM");
            setTimeout(() => w.process.kill("SIGKILL"), DRAIN_MS + 5_000).unref();
          }),
      ),
    );
    await db.$disconnect().catch(() => undefined);
    log.info("gateway stopped");
    process.exit(0);
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void stop());
}
