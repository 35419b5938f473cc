// The portal's access log and request ids, applied by scripts/server.mjs to every request before Next sees it.
import { randomUUID } from "node:crypto";
import { replaceRequestHeader } from "../net/client-ip.js";
import { PRINCIPAL_HEADER, REQUEST_ID_HEADER } from "./headers.js";
import { log as defaultLog, loggedPath } from "./logger.js";
import { observeRequest } from "../metrics/registry.js";

/**
 * Gives the request an id, and logs one JSON line (and counts it in the metrics) when its response ends: time, level, request id, method,
 * path (no query, secret segments masked), status, latency, client IP, user and Tenant. Static assets log at
 * debug level. `ip` is the client IP the edge already decided (setClientIpHeader).
 */
export function trackRequest(req, res, ip, logger = defaultLog) {
  const started = process.hrtime.bigint();
  const reqId = randomUUID();
  replaceRequestHeader(req, REQUEST_ID_HEADER, reqId);
  res.setHeader("X-Request-Id", reqId);

  let principal;
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    principal ??= this.getHeader(PRINCIPAL_HEADER);
    this.removeHeader(PRINCIPAL_HEADER);
    for (const a of args) {
      if (a && typeof a === "object" && !Array.isArray(a))
        for (const k of Object.keys(a)) if (k.toLowerCase() === PRINCIPAL_HEADER) delete a[k];
    }
    return writeHead.apply(this, args);
  };

  res.once("close", () => {
    const [userId, tenantId] = typeof principal === "string" ? principal.split(" ") : [];
    const path = loggedPath(req.url);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    observeRequest(path, req.method ?? "", res.statusCode, seconds);
    const entry = {
      reqId,
      method: req.method,
      path,
      status: res.statusCode,
      latencyMs: Math.round(seconds * 1e5) / 100,
      ip,
      ...(userId ? { userId } : {}),
      ...(tenantId && tenantId !== "-" ? { tenantId } : {}),
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    if (res.statusCode >= 500) logger.error(entry, "request");
    else if (path.startsWith("/_next/static/")) logger.debug(entry, "request");
    else logger.info(entry, "request");
  });
  return reqId;
}
