import type { AddressInfo } from "node:net";
import { AggregatorRegistry } from "prom-client";
import { db } from "@/lib/db";
import { ENVIRONMENTS, type Environment } from "@/lib/environments";
import type { GatewayConfig } from "@/lib/gateway/config";
import { createGatewayServer } from "@/lib/gateway/server";
import { errorInfo, log } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/registry";

export type ServerTls = { certPem: string; keyPem: string };
/** Primary -> worker: the server certificates to serve with (one per environment, issued once by the primary). */
export interface TlsMessage {
  type: "axys-gateway:tls";
  tls: Record<Environment, ServerTls>;
}
/** How long a stopping worker lets requests in flight finish before it closes their connections. */
export const DRAIN_MS = 5_000;

/**
 * One gateway worker (a `node:cluster` worker of lib/gateway/main.ts): both environments' HTTPS listeners
 * on the shared ports, each with its own GatewayState read from the database (so every worker applies a
 * revocation within AXYS_GATEWAY_REFRESH_MS by itself), and its metrics reported to the primary on request.
 */
export async function runWorker(config: GatewayConfig) {
  AggregatorRegistry.setRegistries([metrics.registry]);
  new AggregatorRegistry(); // installs the listener that answers the primary's metrics requests

  const tls = await new Promise<Record<Environment, ServerTls>>((resolve) => {
    const onMessage = (m: TlsMessage) => {
      if (m?.type !== "axys-gateway:tls") return;
      process.off("message", onMessage);
      resolve(m.tls);
    };
    process.on("message", onMessage);
    process.send!({ type: "axys-gateway:hello" });
  });

  const gateways = await Promise.all(
    ENVIRONMENTS.map(async (environment) => {
      const g = await createGatewayServer({
        environment,
        hostnames: config.hostnames,
        trustedProxies: config.trustedProxies,
        tls: tls[environment],
      });
      await new Promise<void>((resolve) => g.server.listen(config.ports[environment], config.host, resolve));
      // the port bound (port 0 picks a free one, the same for every worker: the tests read it from this line)
      const port = (g.server.address() as AddressInfo).port;
      log.info(
        { environment, host: config.host, port },
        `gateway ${environment} listening on https://${config.host}:${port}`,
      );
      return g;
    }),
  );
  process.send!({ type: "axys-gateway:serving" });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // no new connections; idle keep-alive connections closed now, busy ones after their request or DRAIN_MS
    const drained = Promise.all(gateways.map((g) => new Promise<void>((r) => g.server.close(() => r()))));
    for (const g of gateways) g.server.closeIdleConnections();
    await Promise.race([drained, new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
    await Promise.all(gateways.map((g) => g.close()));
    await db.$disconnect().catch(() => undefined);
    process.exit(0);
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void stop());
  // the primary is gone (it never leaves workers behind on purpose): stop too
  process.on("disconnect", () => {
    if (!stopping) log.error("gateway worker lost its primary: stopping");
    void stop();
  });
  process.on("uncaughtException", (e) => {
    log.fatal({ err: errorInfo(e) }, "gateway worker crashed");
    process.exit(1);
  });
}
