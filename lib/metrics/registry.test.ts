import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { onPostgres } from "@/lib/db";
import { createMetricsServer, metrics, observeRequest, routeLabel, startMetricsServer } from "@/lib/metrics/registry";
import { makeCtx, makeTenant } from "@/lib/testing/factories";
import { runDeliveries } from "@/lib/webhooks/delivery";
import { registerWebhookQueueMetrics } from "@/lib/webhooks/queue-metrics";
import { addWebhookEndpoint } from "@/lib/webhooks/service";

const valueOf = async (name: string, labels: Record<string, string> = {}) => {
  const m = await metrics.registry.getSingleMetric(name)!.get();
  return m.values.find(
    (v) =>
      Object.entries(labels).every(([k, l]) => v.labels[k] === l) && (!("metricName" in v) || v.metricName === name),
  )?.value;
};

describe("route labels", () => {
  it("replace ids and tokens, so the label set stays small", () => {
    expect(routeLabel("/programs/cmxadyvbm0000up7dp5voub2d/fees")).toBe("/programs/:id/fees");
    expect(routeLabel("/webhooks/123/deliveries")).toBe("/webhooks/:id/deliveries");
    expect(routeLabel("/invite/AbCdEf0123456789")).toBe("/invite/:token");
    expect(routeLabel("/_next/static/chunks/app.js")).toBe("/_next");
    expect(routeLabel("/")).toBe("/");
    expect(routeLabel("/certificates/tenant")).toBe("/certificates/tenant");
  });

  it("fall back to 'other' once 300 distinct routes exist", () => {
    for (let i = 0; i < 320; i++) routeLabel(`/made-up-${i}/x`);
    expect(routeLabel("/yet-another-route")).toBe("other");
    expect(routeLabel("/programs/cmxadyvbm0000up7dp5voub2d/fees")).toBe("/programs/:id/fees"); // known routes keep their label
  });
});

describe("the metrics listener", () => {
  const servers: { close: () => unknown }[] = [];
  afterAll(() => servers.forEach((s) => s.close()));
  const listen = async (token?: string) => {
    const s = createMetricsServer(token);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };

  it("serves the request counters and latency histogram in Prometheus format", async () => {
    observeRequest("/programs/cmxadyvbm0000up7dp5voub2d/fees", "GET", 200, 0.042); // a route already labelled above
    const base = await listen();
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('axys_http_requests_total{route="/programs/:id/fees",method="GET",status="200"} 1');
    expect(text).toContain(
      'axys_http_request_duration_seconds_bucket{le="0.05",route="/programs/:id/fees",method="GET",status="200"} 1',
    );
    expect(text).toMatch(/^axys_process_cpu_user_seconds_total \d/m);
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });

  it("with a token, answers only a matching bearer", async () => {
    const base = await listen("s3cret-token");
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { Authorization: "Bearer wrong-token!" } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { Authorization: "Bearer s3cret-token" } })).status).toBe(200);
  });

  it("is off unless a port is configured, and refuses a bad port", () => {
    expect(startMetricsServer(undefined, () => {})).toBeNull();
    expect(startMetricsServer("off", () => {})).toBeNull();
    expect(() => startMetricsServer("99999", () => {})).toThrow(/port number or "off"/);
  });
});

describe("webhook metrics", () => {
  it("count attempts by outcome and read the queue from the database", async () => {
    registerWebhookQueueMetrics();
    // a receiver that refuses connections: the verification attempt fails, and a verification is not retried
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    process.env.AXYS_WEBHOOK_ALLOW_LOOPBACK = "1";
    const admin = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
    await addWebhookEndpoint(admin, { url: `https://127.0.0.1:${port}/hooks`, events: ["certificate.issued"] });
    expect(await valueOf("axys_webhook_queue_depth")).toBe(1);
    const failedBefore = (await valueOf("axys_webhook_attempts_total", { outcome: "failed" })) ?? 0;
    expect(await runDeliveries("metrics-test")).toBe(1);
    expect(await valueOf("axys_webhook_attempts_total", { outcome: "failed" })).toBe(failedBefore + 1);
    expect(await valueOf("axys_webhook_queue_depth")).toBe(0);
    expect(await valueOf("axys_webhook_queue_oldest_due_seconds")).toBe(0);
    // PostgreSQL: the pool of this process, measured
    if (onPostgres) expect(await valueOf("axys_db_pool_connections", { state: "total" })).toBeGreaterThanOrEqual(1);
    else expect(metrics.registry.getSingleMetric("axys_db_pool_connections")).toBeUndefined();
  });
});
