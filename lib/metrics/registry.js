// Prometheus metrics (prom-client), one registry per process, kept on globalThis: the portal's own server
// (scripts/server.mjs, plain Node) records requests, and code Next bundles more than once (the worker started by
// instrumentation, route handlers) records into the same registry. Plain JavaScript with types in registry.d.ts.
import { timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import client from "prom-client";

function build() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "axys_" });
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    httpRequests: new client.Counter({
      name: "axys_http_requests_total",
      help: "Portal requests by route, method and status.",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    httpDuration: new client.Histogram({
      name: "axys_http_request_duration_seconds",
      help: "Portal request latency by route, method and status.",
      labelNames: ["route", "method", "status"],
      buckets,
      registers: [registry],
    }),
    gatewayHandshakeFailures: new client.Counter({
      name: "axys_gateway_handshake_failures_total",
      help: "Gateway TLS handshakes refused, by environment and reason.",
      labelNames: ["environment", "reason"],
      registers: [registry],
    }),
    gatewayDecisions: new client.Counter({
      name: "axys_gateway_decisions_total",
      help: "Gateway answers by environment, status and error code.",
      labelNames: ["environment", "status", "code"],
      registers: [registry],
    }),
    gatewayDuration: new client.Histogram({
      name: "axys_gateway_request_duration_seconds",
      help: "Gateway request latency by environment and status.",
      labelNames: ["environment", "status"],
      buckets,
      registers: [registry],
    }),
    webhookAttempts: new client.Counter({
      name: "axys_webhook_attempts_total",
      help: "Webhook delivery attempts by outcome (succeeded, retry, failed, lease_lost, error).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    webhookAttemptDuration: new client.Histogram({
      name: "axys_webhook_attempt_duration_seconds",
      help: "Webhook delivery attempt latency by outcome.",
      labelNames: ["outcome"],
      buckets,
      registers: [registry],
    }),
    mailAttempts: new client.Counter({
      name: "axys_mail_attempts_total",
      help: "Outgoing mail attempts by outcome (sent, retry, failed, lease_lost, error).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    reminderLag: new client.Histogram({
      name: "axys_reminder_lag_seconds",
      help: "How long after it was due a certificate reminder was emitted.",
      buckets: [1, 10, 60, 300, 900, 3600, 21600, 86400],
      registers: [registry],
    }),
  };
}

const g = globalThis;
/** The process's metrics. */
export const metrics = g.axysMetrics ?? (g.axysMetrics = build());

/** Registers a gauge computed at scrape time (e.g. the webhook queue, read from the database), once per name. */
export function registerGauge(name, help, collect, labelNames = []) {
  if (metrics.registry.getSingleMetric(name)) return;
  new client.Gauge({
    name,
    help,
    labelNames,
    registers: [metrics.registry],
    async collect() {
      await collect(this);
    },
  });
}

const ID_SEGMENT =
  /^(?:c[a-z0-9]{20,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9]+|[0-9A-F]{16,}|[A-Za-z0-9_-]{24,})$/;
const MAX_ROUTES = 300;
const routes = g.axysMetricRoutes ?? (g.axysMetricRoutes = new Set());

/**
 * The route label of a path: ids and tokens replaced by ":id", static assets as one route, at most MAX_ROUTES
 * distinct labels (then "other"), so that a caller cannot grow the label set without bound.
 */
export function routeLabel(path) {
  if (path.startsWith("/_next/")) return "/_next";
  if (path.startsWith("/invite/")) return "/invite/:token";
  const route =
    path
      .split("/")
      .map((s) => (ID_SEGMENT.test(s) ? ":id" : s))
      .join("/") || "/";
  if (routes.has(route)) return route;
  if (routes.size >= MAX_ROUTES) return "other";
  routes.add(route);
  return route;
}

/** Records one finished portal request. */
export function observeRequest(path, method, status, seconds) {
  const labels = {
    route: routeLabel(path),
    method: /^[A-Z]{3,7}$/.test(method) ? method : "OTHER",
    status: String(status),
  };
  metrics.httpRequests.inc(labels);
  metrics.httpDuration.observe(labels, seconds);
}

/** This process's registry as a metrics source. */
const ownMetrics = { metrics: () => metrics.registry.metrics(), contentType: metrics.registry.contentType };

/**
 * The metrics listener: GET /metrics in Prometheus text format, on its own port (bind it to a private
 * interface), and with AXYS_METRICS_TOKEN set, only for `Authorization: Bearer <token>`. `source` is this
 * process's registry unless given (the gateway's primary passes its workers' metrics, aggregated).
 */
export function createMetricsServer(token = process.env.AXYS_METRICS_TOKEN, source = ownMetrics) {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  const server = createServer((req, res) => {
    if ((req.url ?? "").split("?")[0] !== "/metrics" || req.method !== "GET") {
      res.writeHead(404).end();
      return;
    }
    const given = Buffer.from(String(req.headers.authorization ?? ""));
    if (expected && (given.length !== expected.length || !timingSafeEqual(given, expected))) {
      res.writeHead(401, { "WWW-Authenticate": "Bearer" }).end();
      return;
    }
    source.metrics().then(
      (text) => {
        res.writeHead(200, { "Content-Type": source.contentType, "Cache-Control": "no-store" });
        res.end(text);
      },
      () => {
        res.writeHead(500).end();
      },
    );
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  return server;
}

/**
 * Starts the metrics listener when `port` (AXYS_METRICS_PORT, AXYS_GATEWAY_METRICS_PORT, ...) is set; bound to
 * AXYS_METRICS_HOST (default 127.0.0.1). A port already in use is reported, not fatal: metrics never stop serving.
 */
export function startMetricsServer(port, onError, source) {
  if (!port || port === "off") return null;
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535)
    throw new Error(`the metrics port must be a port number or "off", not "${port}"`);
  const server = createMetricsServer(undefined, source);
  server.on("error", onError);
  server.listen(Number(port), process.env.AXYS_METRICS_HOST ?? "127.0.0.1");
  return server;
}
