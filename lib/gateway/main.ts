/**
 * `npm run gateway`: the Axys gateway for both environments, each on its own HTTPS port
 * (AXYS_GATEWAY_STAGING_PORT, default 8443; AXYS_GATEWAY_PRODUCTION_PORT, default 9443), served by
 * AXYS_GATEWAY_WORKERS worker processes (default: the number of cores), and its health probes over plain
 * HTTP on AXYS_GATEWAY_HEALTH_PORT (default 8080; `off` for none), answered by the primary process.
 */
import cluster from "node:cluster";
import { gatewayConfig, type GatewayConfig } from "@/lib/gateway/config";
import { runPrimary } from "@/lib/gateway/primary";
import { runWorker } from "@/lib/gateway/worker";
import { log } from "@/lib/log/logger";

let config: GatewayConfig;
try {
  config = gatewayConfig();
} catch (e) {
  log.fatal(`gateway refusing to start: ${(e as Error).message}`);
  process.exit(1);
}
if (cluster.isPrimary) await runPrimary(config);
else await runWorker(config);
