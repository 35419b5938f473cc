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
/** Where a metrics listener reads its text: a registry, or the gateway workers' registries aggregated. */
export interface MetricsSource {
  metrics(): Promise<string>;
  contentType: string;
}
export function createMetricsServer(token?: string, source?: MetricsSource): Server;
export function startMetricsServer(
  port: string | undefined,
  onError: (e: Error) => void,
  source?: MetricsSource,
): Server | null;
