/**
 * `npm run gateway`: the Axys gateway for both environments, each on its own HTTPS port
 * (AXYS_GATEWAY_STAGING_PORT, default 8443; AXYS_GATEWAY_PRODUCTION_PORT, default 9443).
 */
import { readFileSync } from "node:fs";
import { db } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import { createGatewayServer } from "@/lib/gateway/server";
import { parseTrustedProxies } from "@/lib/net/client-ip";

const host = process.env.AXYS_GATEWAY_HOST ?? "0.0.0.0";
const hostnames = (process.env.AXYS_GATEWAY_HOSTNAMES ?? "localhost,127.0.0.1,::1").split(",").map((s) => s.trim()).filter(Boolean);
const trustedProxies = (process.env.AXYS_GATEWAY_TRUSTED_PROXIES ?? "").split(",").map((s) => s.trim()).filter(Boolean); // addresses or CIDRs
try {
  parseTrustedProxies(trustedProxies);
} catch (e) {
  console.error(`[gateway] refusing to start: AXYS_GATEWAY_TRUSTED_PROXIES: ${(e as Error).message}`);
  process.exit(1);
}
const tls = process.env.AXYS_GATEWAY_TLS_CERT_FILE && process.env.AXYS_GATEWAY_TLS_KEY_FILE
  ? { certPem: readFileSync(process.env.AXYS_GATEWAY_TLS_CERT_FILE, "utf8"), keyPem: readFileSync(process.env.AXYS_GATEWAY_TLS_KEY_FILE, "utf8") }
  : undefined;
const ports: Record<Environment, number> = {
  staging: Number(process.env.AXYS_GATEWAY_STAGING_PORT ?? 8443),
  production: Number(process.env.AXYS_GATEWAY_PRODUCTION_PORT ?? 9443),
};

const gateways = await Promise.all((Object.keys(ports) as Environment[]).map(async (environment) => {
  const g = await createGatewayServer({ environment, hostnames, trustedProxies, tls });
  await new Promise<void>((resolve) => g.server.listen(ports[environment], host, resolve));
  console.log(`[gateway] ${environment} listening on https://${host}:${ports[environment]}`);
  return g;
}));

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await db.$disconnect();
    process.exit(0);
  });
}
