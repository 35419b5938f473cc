// Header names shared by the edge (scripts/server.mjs, lib/log/request-log.js) and the app (proxy.ts): no imports.

/** The request id: set on the request for the app (any copy the caller sent is replaced) and returned in X-Request-Id. */
export const REQUEST_ID_HEADER = "x-request-id";
/**
 * Who made the request, for the access log only: proxy.ts sets it on the response from the session token
 * ("<userId> <tenantId|->"); the edge removes it before the response leaves.
 */
export const PRINCIPAL_HEADER = "x-axys-log-principal";
