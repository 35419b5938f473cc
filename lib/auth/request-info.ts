import { CLIENT_IP_HEADER } from "@/lib/net/client-ip";
import { log } from "@/lib/log/logger";

let warned = false;

/**
 * The caller's IP, as the portal's own HTTP server (scripts/server.mjs) decided it from the socket and the
 * trusted proxies (AXYS_TRUSTED_PROXIES) before Next saw the request; any copy the caller sent was removed
 * there. X-Forwarded-For is never read here: the caller can write it. Outside that server (e.g. a bare
 * `next start`) the header could come from the caller, so it is not believed and the IP is "unknown".
 */
export function clientIpOf(headers: Headers): string {
  if (process.env.AXYS_CLIENT_IP_FROM_SOCKET !== "1") {
    if (!warned) log.warn("not served by scripts/server.mjs: the client IP is unknown (start the app with npm start)");
    warned = true;
    return "unknown";
  }
  return headers.get(CLIENT_IP_HEADER)?.slice(0, 64) || "unknown";
}
