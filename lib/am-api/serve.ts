import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ApiFault, errorReply, internalErrorReply, unavailableReply, type ApiReply } from "@/lib/am-api/errors";
import { openApiDocument } from "@/lib/am-api/openapi";
import { idempotent, parseIdempotencyKey } from "@/lib/am-api/idempotency";
import { hitRateLimit, rateHeaders } from "@/lib/am-api/rate-limit";
import { queueApiCall } from "@/lib/am-api/request-log";
import { MAX_BODY_BYTES } from "@/lib/am-api/operation";
import { AM_PREFIX, answer, bodyLimitOf, route, tooLarge } from "@/lib/am-api/router";
import type { Ctx } from "@/lib/auth/context";
import type { Role } from "@/lib/auth/permissions";
import { db, isDatabaseUnavailable } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import { REFRESH_MS } from "@/lib/gateway/state";
import { errorInfo, log } from "@/lib/log/logger";

export { MAX_BODY_BYTES } from "@/lib/am-api/operation";
/** A body must arrive within this time, or the request is refused (a slow sender cannot hold a worker). */
export const BODY_DEADLINE_MS = 15_000;

/** The role an API user's pattern gives it on the AM API; program-level patterns have none (404 everywhere). */
const ROLE_OF_PATTERN: Record<string, Role | undefined> = {
  tenant_admin: "tenant_admin",
  tenant_visibility: "tenant_viewer",
};

/** Who the caller is, as the domain services see it: the API user's Tenant, with its pattern's role. */
export async function amCtx(
  apiUserId: string | null,
  request: { ip: string; userAgent: string | null },
): Promise<Ctx | null> {
  if (!apiUserId) return null;
  const u = await db.apiUser.findUnique({
    where: { id: apiUserId },
    select: { id: true, name: true, pattern: true, tenantId: true, programId: true, disabledAt: true },
  });
  const role = u && !u.disabledAt && !u.programId ? ROLE_OF_PATTERN[u.pattern] : undefined;
  if (!u || !role) return null;
  return {
    userId: null,
    actorLabel: `api:${u.name}`,
    role,
    tenantId: u.tenantId,
    programId: null,
    environment: "production",
    ip: request.ip,
    userAgent: request.userAgent?.slice(0, 400) ?? null,
  };
}

type Caller = Omit<Ctx, "ip" | "userAgent">;
const callers = new Map<string, { at: number; value: Caller | null }>();

/**
 * amCtx for the gateway's path, the API user read at most once per REFRESH_MS: the gateway trusts its key,
 * certificate and allowlist reads that long already (a disabled API user's keys stop within it), and the user's
 * Tenant and pattern never change.
 */
async function cachedAmCtx(apiUserId: string, request: { ip: string; userAgent: string | null }): Promise<Ctx | null> {
  let c = callers.get(apiUserId);
  if (!c || Date.now() - c.at >= REFRESH_MS) {
    const ctx = await amCtx(apiUserId, { ip: "", userAgent: null });
    const value = ctx && (({ ip: _ip, userAgent: _ua, ...rest }) => rest)(ctx);
    if (callers.size > 10_000) callers.clear();
    c = { at: Date.now(), value };
    callers.set(apiUserId, c);
  }
  return c.value && { ...c.value, ip: request.ip, userAgent: request.userAgent?.slice(0, 400) ?? null };
}

/** Reads a request body up to `limit` bytes (the operation's) within BODY_DEADLINE_MS; null when there is none. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | null> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  // the caller went away while the request waited (its events have fired already): nobody is left to answer
  if (req.destroyed)
    return Promise.reject(
      new ApiFault(408, "request_timeout", "The connection closed before the request body was read."),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      req.destroy();
      reject(new ApiFault(408, "request_timeout", "The request body did not arrive in time."));
    }, BODY_DEADLINE_MS);
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        clearTimeout(timer);
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      clearTimeout(timer);
      resolve(size ? Buffer.concat(chunks) : null);
    });
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    // the caller went away before the whole body arrived: answer (and log) now rather than after the deadline
    req.on("close", () => {
      clearTimeout(timer);
      if (!req.complete)
        reject(new ApiFault(408, "request_timeout", "The connection closed before the request body arrived."));
    });
  });
}

const notFoundReply = (requestId: string, message: string): ApiReply => ({
  status: 404,
  body: { error: { code: "not_found", message, request_id: requestId } },
});

/** A request as the API answers it, whatever carried it (the gateway, or a test). */
export interface AmCall {
  method: string;
  /** path and query, as sent */
  url: string;
  contentType?: string;
  /** reads the body up to `limit` bytes, the operation's (called only for operations that take one) */
  readBody: (limit: number) => Promise<Buffer | null>;
  /** a POST's Idempotency-Key, with the API user it belongs to */
  idempotency?: { apiUserId: string; key: string } | null;
}

/** The reply for what `f` answers or throws: every error in the API's error shape (503 while the database is down). */
async function safely(requestId: string, f: () => Promise<ApiReply>): Promise<ApiReply> {
  try {
    return await f();
  } catch (e) {
    const r = errorReply(e, requestId);
    if (r) return r;
    if (isDatabaseUnavailable(e)) {
      log.warn({ err: errorInfo(e), requestId }, "AM API request failed: the database is unavailable");
      return unavailableReply(requestId);
    }
    log.error({ err: errorInfo(e), requestId }, "AM API request failed");
    return internalErrorReply(requestId);
  }
}

/**
 * The body as an Idempotency-Key's fingerprint reads it: a multipart body without its boundary, which a client
 * picks anew for each request (a retry of the same upload must replay, not be refused as another request).
 */
function canonicalBody(contentType: string | undefined, body: Buffer | null): Buffer | null {
  const boundary = /;\s*boundary="?([^";]{1,200})"?/i.exec(contentType ?? "")?.[1];
  if (!body || !boundary || !/^multipart\/form-data\s*;/i.test(contentType ?? "")) return body;
  return Buffer.from(body.toString("latin1").split(boundary).join(""), "latin1");
}

/** Answers one call of an authenticated API caller; a POST with an Idempotency-Key runs at most once. */
export function respond(ctx: Ctx, call: AmCall, requestId: string): Promise<ApiReply> {
  return safely(requestId, async () => {
    const url = new URL(call.url, "https://gateway.invalid");
    const method = call.method.toUpperCase();
    if (method === "GET" && url.pathname === `${AM_PREFIX}openapi.json`)
      return { status: 200, body: openApiDocument() };
    const resolved = route(method, url.pathname);
    const body = resolved.op.body ? await call.readBody(bodyLimitOf(resolved.op)) : null;
    const run = () =>
      safely(requestId, () =>
        answer(
          ctx,
          { method, path: url.pathname, query: url.searchParams, contentType: call.contentType, body },
          resolved,
        ),
      );
    if (method !== "POST" || !call.idempotency) return run();
    const fingerprinted = { method, path: url.pathname + url.search, body: canonicalBody(call.contentType, body) };
    return idempotent({ ...call.idempotency, ...fingerprinted }, run, {
      showsSecret: resolved.op.showsSecret,
    });
  });
}

/**
 * One /am/ request through the gateway, after its mTLS, allowlist and API-key checks: only the production
 * listener and tenant-level API users (tenant_admin, tenant_visibility) reach the API; everyone else gets 404,
 * as for a path that does not exist. Then the API user's rate limit, the call, and a line in its request log
 * (queued: written within REQUEST_LOG_FLUSH_MS, see queueApiCall).
 * Every reply carries X-Request-Id.
 */
export async function serveAm(
  req: IncomingMessage,
  caller: { environment: Environment; apiUserId: string | null; ip: string },
): Promise<ApiReply> {
  const at = new Date();
  const t0 = process.hrtime.bigint();
  const requestId = randomUUID();
  const path = (req.url ?? "/").split("?")[0];
  const method = (req.method ?? "GET").toUpperCase();
  const ctx =
    caller.environment === "production" && path.startsWith(AM_PREFIX) && caller.apiUserId
      ? await cachedAmCtx(caller.apiUserId, { ip: caller.ip, userAgent: req.headers["user-agent"] ?? null })
      : null;
  let reply: ApiReply;
  let key: string | null = null;
  if (!ctx || !caller.apiUserId) {
    reply = notFoundReply(
      requestId,
      "No Account Management endpoint here: it is served on the production gateway to tenant-level credentials only.",
    );
  } else {
    const apiUserId = caller.apiUserId;
    reply = await safely(requestId, async () => {
      const rate = await hitRateLimit(apiUserId, at);
      key = parseIdempotencyKey(req.headers["idempotency-key"]);
      const r = await respond(
        ctx,
        {
          method,
          url: req.url ?? "/",
          contentType: req.headers["content-type"],
          readBody: (limit) => readBody(req, limit),
          idempotency: key ? { apiUserId, key } : null,
        },
        requestId,
      );
      return { ...r, headers: { ...rateHeaders(rate), ...r.headers } };
    });
    const errorCode = (reply.body as { error?: { code?: string } } | null)?.error?.code ?? null;
    queueApiCall({
      tenantId: ctx.tenantId!,
      apiUserId,
      method,
      path,
      status: reply.status,
      latencyMs: Number(process.hrtime.bigint() - t0) / 1e6,
      ip: caller.ip,
      requestId,
      idempotencyKey: key,
      errorCode,
      at,
    });
  }
  // an unread body is drained so the connection can be kept alive; after a refused (too large, too slow) body the
  // connection is closed instead of reading the rest
  const refusedBody = reply.status === 413 || reply.status === 408;
  if (!refusedBody) req.resume();
  return {
    ...reply,
    headers: { ...reply.headers, "x-request-id": requestId, ...(refusedBody ? { connection: "close" } : {}) },
  };
}
