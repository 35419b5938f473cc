/**
 * `npm run gateway`: the Axys gateway for both environments, each on its own HTTPS port
 * (AXYS_GATEWAY_STAGING_PORT, default 8443; AXYS_GATEWAY_PRODUCTION_PORT, default 9443), and its health
 * probes over plain HTTP on AXYS_GATEWAY_HEALTH_PORT (default 8080; `off` for none).
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { db } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import { createGatewayServer } from "@/lib/gateway/server";
import { readiness } from "@/lib/health/checks";
import { createHealthServer } from "@/lib/health/server";
import { parseTrustedProxies } from "@/lib/net/client-ip";
import { errorInfo, log } from "@/lib/log/logger";
import { startMetricsServer } from "@/lib/metrics/registry";

const host = process.env.AXYS_GATEWAY_HOST ?? "0.0.0.0";
const hostnames = (process.env.AXYS_GATEWAY_HOSTNAMES ?? "localhost,127.0.0.1,::1")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const trustedProxies = (process.env.AXYS_GATEWAY_TRUSTED_PROXIES ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean); // addresses or CIDRs
try {
  parseTrustedProxies(trustedProxies);
} catch (e) {
  log.fatal({ err: errorInfo(e) }, `gateway refusing to start: AXYS_GATEWAY_TRUSTED_PROXIES: ${(e as Error).message}`);
  process.exit(1);
}
const tls =
  process.env.AXYS_GATEWAY_TLS_CERT_FILE && process.env.AXYS_GATEWAY_TLS_KEY_FILE
    ? {
        certPem: readFileSync(process.env.AXYS_GATEWAY_TLS_CERT_FILE, "utf8"),
        keyPem: readFileSync(process.env.AXYS_GATEWAY_TLS_KEY_FILE, "utf8"),
      }
    : undefined;
const ports: Record<Environment, number> = {
  staging: Number(process.env.AXYS_GATEWAY_STAGING_PORT ?? 8443),
  production: Number(process.env.AXYS_GATEWAY_PRODUCTION_PORT ?? 9443),
};

const gateways = await Promise.all(
  (Object.keys(ports) as Environment[]).map(async (environment) => {
    const g = await createGatewayServer({ environment, hostnames, trustedProxies, tls });
    await new Promise<void>((resolve) => g.server.listen(ports[environment], host, resolve));
    // the port bound (port 0 picks a free one: the tests read it from this line)
    const port = (g.server.address() as AddressInfo).port;
    log.info({ environment, host, port }, `gateway ${environment} listening on https://${host}:${port}`);
    return g;
  }),
);

const healthPort = process.env.AXYS_GATEWAY_HEALTH_PORT ?? "8080";
if ((healthPort !== "off" && !/^\d{1,5}$/.test(healthPort)) || Number(healthPort) > 65535) {
  log.fatal(`gateway refusing to start: AXYS_GATEWAY_HEALTH_PORT must be a port number or "off", not "${healthPort}"`);
  process.exit(1);
}
const health =
  healthPort === "off"
    ? null
    : createHealthServer(async () => {
        const report = await readiness();
        const down = gateways.filter((g) => !g.server.listening).length;
        report.checks.listeners = {
          status: down ? "fail" : "ok",
          latencyMs: 0,
          detail: `${gateways.length - down} of ${gateways.length} listening`,
        };
        if (down) report.status = "fail";
        return report;
      });
if (health) {
  await new Promise<void>((resolve) => health.listen(Number(healthPort), host, resolve));
  log.info(
    { host, port: Number(healthPort) },
    `gateway health probes on http://${host}:${healthPort}/api/health/ready`,
  );
}

const metricsServer = startMetricsServer(process.env.AXYS_GATEWAY_METRICS_PORT, (e) =>
  log.error({ err: errorInfo(e) }, "metrics listener failed (the gateway keeps serving)"),
);

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    health?.close();
    metricsServer?.close();
    await Promise.all(gateways.map((g) => g.close()));
    await db.$disconnect();
    process.exit(0);
  });
}
