import { spawn } from "node:child_process";
import path from "node:path";
import type { Environment } from "@/lib/environments";

const root = path.resolve(import.meta.dirname, "..", "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

export interface GatewayProcess {
  ports: Record<Environment, number>;
  pid: number;
  /** what the process wrote (JSON log lines) */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * `npm run gateway` as a child process on the calling test file's database, on free loopback ports (read from
 * its "listening" log lines), health probes off. `env` adds or overrides settings (AXYS_AM_RATE_LIMIT, ...).
 */
export function startGatewayProcess(env: Record<string, string> = {}, timeoutMs = 90_000): Promise<GatewayProcess> {
  const child = spawn(tsx, ["--conditions=react-server", "lib/gateway/main.ts"], {
    cwd: root,
    detached: true, // its own process group: stop() ends tsx and the node process it starts
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL,
      AXYS_GATEWAY_HOST: "127.0.0.1",
      AXYS_GATEWAY_STAGING_PORT: "0",
      AXYS_GATEWAY_PRODUCTION_PORT: "0",
      AXYS_GATEWAY_WORKERS: "1",
      AXYS_GATEWAY_HEALTH_PORT: "off",
      AXYS_GATEWAY_METRICS_PORT: "",
      AXYS_LOG_FORMAT: "json",
      AXYS_LOG_LEVEL: "info",
      ...env,
    },
  });
  let out = "";
  const ports: Partial<Record<Environment, number>> = {};
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* gone already */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the gateway did not start within ${timeoutMs} ms:\n${out.slice(-2000)}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/"environment":"(staging|production)"[^\n]*?"port":(\d+)/g))
        ports[m[1] as Environment] = Number(m[2]);
      if (ports.staging && ports.production) {
        clearTimeout(timer);
        resolve({
          ports: ports as Record<Environment, number>,
          pid: child.pid!,
          output: () => out,
          stop,
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}) before listening:\n${out.slice(-2000)}`));
    });
  });
}
