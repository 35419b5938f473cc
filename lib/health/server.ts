import { createServer, type Server } from "node:http";
import { healthResponse, liveness, type HealthReport } from "@/lib/health/checks";

/**
 * A plain-HTTP health listener for processes that are not the Next app (the gateway's own listeners require
 * client certificates): GET /api/health/live and /api/health/ready, the same paths and JSON as the app's.
 */
export function createHealthServer(ready: () => Promise<HealthReport>): Server {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    const send = (status: number, headers: Record<string, string>, body: string) => {
      res.writeHead(status, headers);
      res.end(body);
    };
    if (req.method !== "GET" && req.method !== "HEAD")
      return send(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" }, "method not allowed\n");
    if (path === "/api/health/live") {
      const r = healthResponse(liveness());
      return send(r.status, r.headers, r.body);
    }
    if (path === "/api/health/ready") {
      ready().then(
        (report) => {
          const r = healthResponse(report);
          send(r.status, r.headers, r.body);
        },
        () =>
          send(
            503,
            { "Content-Type": "application/json", "Cache-Control": "no-store" },
            JSON.stringify({ status: "fail", checks: {} }),
          ),
      );
      return;
    }
    send(404, { "Content-Type": "text/plain" }, "not found\n");
  });
  // probes are tiny: a client that holds the connection open is cut off
  server.requestTimeout = 5_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;
  return server;
}
