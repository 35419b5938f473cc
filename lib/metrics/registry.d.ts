import type { Server } from "node:http";
import type { Counter, Gauge, Histogram, Registry } from "prom-client";

export const metrics: {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method" | "status">;
  gatewayHandshakeFailures: Counter<"environment" | "reason">;
  gatewayDecisions: Counter<"environment" | "status" | "code">;
  gatewayDuration: Histogram<"environment" | "status">;
  webhookAttempts: Counter<"outcome">;
  webhookAttemptDuration: Histogram<"outcome">;
  mailAttempts: Counter<"outcome">;
  reminderLag: Histogram;
};
export function registerGauge(
  name: string,
  help: string,
  collect: (gauge: Gauge) => Promise<void> | void,
  labelNames?: string[],
): void;
export function routeLabel(path: string): string;
export function observeRequest(path: string, method: string, status: number, seconds: number): void;
export function createMetricsServer(token?: string): Server;
export function startMetricsServer(port: string | undefined, onError: (e: Error) => void): Server | null;
