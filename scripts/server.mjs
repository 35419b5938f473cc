// The portal's HTTP server: Next's request handler behind one step of our own. Next cannot tell route handlers
// and server actions the socket's address, and it keeps an X-Forwarded-For the caller sent, so this server
// decides the client IP from the socket (and, from trusted proxies only, their X-Forwarded-For) and hands it on
// in x-axys-client-ip, after removing any copy the caller sent. lib/auth/request-info.ts reads only that.
// It also gives every request an id (X-Request-Id) and writes the access log (lib/log/request-log.js).
//
//   node scripts/server.mjs [--dev] [-p PORT] [-H HOST]      (npm start runs it after migrating and building)
import http from "node:http";
import path from "node:path";
import { errorInfo, log } from "../lib/log/logger.js";
import { trackRequest } from "../lib/log/request-log.js";
import { startMetricsServer } from "../lib/metrics/registry.js";
import { parseTrustedProxies, setClientIpHeader } from "../lib/net/client-ip.js";

const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dev = args.includes("--dev");
const port = Number(flag("-p") ?? process.env.PORT ?? 3000);
const host = flag("-H"); // default: every interface, like next start

let trusted;
try {
  trusted = parseTrustedProxies(process.env.AXYS_TRUSTED_PROXIES);
} catch (e) {
  log.fatal({ err: errorInfo(e) }, `refusing to start: AXYS_TRUSTED_PROXIES: ${e.message}`);
  process.exit(1);
}

process.env.NODE_ENV ??= dev ? "development" : "production";
process.env.AXYS_CLIENT_IP_FROM_SOCKET = "1"; // tells clientIpOf that x-axys-client-ip was set here
const { default: next } = await import("next");
const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), hostname: host ?? "localhost", port });

const server = http.createServer();
// Idle keep-alive connections stay open longer than a load balancer's or a client's idle timeout (60 s is common):
// closing first races a client reusing the connection, which then sees ECONNRESET (seen in the e2e suite at 5 s).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

// Installed before app.prepare() loads instrumentation.ts, whose drainBeforeSignalExit (lib/shutdown.ts) runs
// these after the webhook worker has drained: stop accepting, let requests in flight finish (bounded), exit.
const EXIT_CODE = { SIGINT: 130, SIGTERM: 143 };
let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    const exit = () => process.exit(EXIT_CODE[sig]);
    server.close(() => app.close().finally(exit));
    server.closeIdleConnections();
    setTimeout(exit, 3_000).unref();
  });
}

await app.prepare();
const handle = app.getRequestHandler();
const upgrade = app.getUpgradeHandler();
server.on("request", (req, res) => {
  trackRequest(req, res, setClientIpHeader(req, trusted));
  handle(req, res);
});
server.on("upgrade", (req, socket, head) => {
  setClientIpHeader(req, trusted);
  upgrade(req, socket, head);
});
server.on("error", (e) => {
  // e.g. EADDRINUSE: Next's uncaughtException handler would only log it and leave a process serving nothing
  log.fatal({ err: errorInfo(e) }, `refusing to start: ${e.message}`);
  process.exit(1);
});
try {
  startMetricsServer(process.env.AXYS_METRICS_PORT, (e) =>
    log.error({ err: errorInfo(e) }, "metrics listener failed (the portal keeps serving)"),
  );
} catch (e) {
  log.fatal({ err: errorInfo(e) }, `refusing to start: AXYS_METRICS_PORT: ${e.message}`);
  process.exit(1);
}
server.listen(port, host, () => {
  const peers = trusted.length
    ? `X-Forwarded-For believed from ${trusted.map((t) => t.cidr).join(", ")}`
    : "no trusted proxies: the client IP is the socket peer";
  log.info(
    { port, host: host ?? "localhost", dev },
    `${dev ? "development" : "production"} server on http://${host ?? "localhost"}:${port} (${peers})`,
  );
});
