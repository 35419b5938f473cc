import { readFileSync } from "node:fs";
import os from "node:os";
import type { Environment } from "@/lib/environments";
import { parseTrustedProxies } from "@/lib/net/client-ip";

/** The gateway's settings, from the environment (docs/allowlist-and-gateway.md); a bad value refuses to start. */
export interface GatewayConfig {
  host: string;
  hostnames: string[];
  trustedProxies: string[];
  tls?: { certPem: string; keyPem: string };
  ports: Record<Environment, number>;
  healthPort: number | null;
  metricsPort: string | undefined;
  workers: number;
}

const list = (v: string | undefined, fallback: string) =>
  (v ?? fallback)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function port(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const v = env[name] ?? String(fallback);
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new Error(`${name} must be a port number, not "${v}"`);
  return Number(v);
}

/** AXYS_GATEWAY_WORKERS: worker processes, default the number of cores this process may use. */
export function workerCount(v: string | undefined, cores = os.availableParallelism()): number {
  if (v === undefined || v === "") return cores;
  if (!/^\d{1,3}$/.test(v) || Number(v) < 1 || Number(v) > 256)
    throw new Error(`AXYS_GATEWAY_WORKERS must be a number of worker processes from 1 to 256, not "${v}"`);
  return Number(v);
}

export function gatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const trustedProxies = list(env.AXYS_GATEWAY_TRUSTED_PROXIES, ""); // addresses or CIDRs
  try {
    parseTrustedProxies(trustedProxies);
  } catch (e) {
    throw new Error(`AXYS_GATEWAY_TRUSTED_PROXIES: ${(e as Error).message}`);
  }
  const health = env.AXYS_GATEWAY_HEALTH_PORT ?? "8080";
  return {
    host: env.AXYS_GATEWAY_HOST ?? "0.0.0.0",
    hostnames: list(env.AXYS_GATEWAY_HOSTNAMES, "localhost,127.0.0.1,::1"),
    trustedProxies,
    tls:
      env.AXYS_GATEWAY_TLS_CERT_FILE && env.AXYS_GATEWAY_TLS_KEY_FILE
        ? {
            certPem: readFileSync(env.AXYS_GATEWAY_TLS_CERT_FILE, "utf8"),
            keyPem: readFileSync(env.AXYS_GATEWAY_TLS_KEY_FILE, "utf8"),
          }
        : undefined,
    ports: {
      staging: port("AXYS_GATEWAY_STAGING_PORT", 8443, env),
      production: port("AXYS_GATEWAY_PRODUCTION_PORT", 9443, env),
    },
    healthPort: health === "off" ? null : port("AXYS_GATEWAY_HEALTH_PORT", 8080, env),
    metricsPort: env.AXYS_GATEWAY_METRICS_PORT,
    workers: workerCount(env.AXYS_GATEWAY_WORKERS),
  };
}
