import "server-only";
import { z } from "zod";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";

/** The request log's filters, from the API user page's query string (prefixed `log_` there). */
export const requestLogFilterSchema = z.object({
  outcome: z.preprocess(
    (v) => (v === "" || v == null ? undefined : v),
    z
      .enum(["success", "client_error", "server_error"], { error: "Choose success, client error or server error." })
      .optional(),
  ),
  method: z.preprocess(
    (v) => (v === "" || v == null ? undefined : v),
    z.enum(["GET", "POST", "PATCH", "DELETE"], { error: "Choose GET, POST, PATCH or DELETE." }).optional(),
  ),
  path: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(200).optional()),
  requestId: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^[0-9a-f-]{36}$/, "A request id looks like 3f2b…-…: copy it from an X-Request-Id.")
      .optional(),
  ),
  cursor: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(64).optional()),
});
export const REQUEST_LOG_FILTER_KEYS = ["outcome", "method", "path", "requestId", "cursor"] as const;
export type RequestLogFilter = z.output<typeof requestLogFilterSchema>;

export interface ApiRequestDto {
  id: string;
  createdAt: Date;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  ip: string | null;
  requestId: string;
  idempotencyKey: string | null;
  errorCode: string | null;
}

const OUTCOME = {
  success: { lt: 400 },
  client_error: { gte: 400, lt: 500 },
  server_error: { gte: 500 },
} as const;

/**
 * An API user's request log (its Account Management API calls, kept 30 days), newest first, 50 a page by keyset;
 * another Tenant's API user is not found. Never bodies or secrets: the log holds none.
 */
export async function listApiRequests(
  ctx: Ctx,
  apiUserId: string,
  f: RequestLogFilter,
  limit = 50,
): Promise<{ requests: ApiRequestDto[]; nextCursor: string | null }> {
  assertCan(ctx, "apiusers:read");
  const tenantId = tenantOf(ctx);
  if (!(await db.apiUser.findFirst({ where: { id: apiUserId, tenantId }, select: { id: true } })))
    throw notFound("API user");
  const where = {
    tenantId,
    apiUserId,
    ...(f.outcome ? { status: OUTCOME[f.outcome] } : {}),
    ...(f.method ? { method: f.method } : {}),
    ...(f.path ? { path: { contains: f.path } } : {}),
    ...(f.requestId ? { requestId: f.requestId } : {}),
  };
  if (f.cursor && !(await db.apiRequestLog.findFirst({ where: { id: f.cursor, tenantId, apiUserId } })))
    return { requests: [], nextCursor: null };
  const rows = await db.apiRequestLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      createdAt: true,
      method: true,
      path: true,
      status: true,
      latencyMs: true,
      ip: true,
      requestId: true,
      idempotencyKey: true,
      errorCode: true,
    },
  });
  const requests = rows.slice(0, limit);
  return { requests, nextCursor: rows.length > limit ? requests[requests.length - 1].id : null };
}
