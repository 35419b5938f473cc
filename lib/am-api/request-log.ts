import { db } from "@/lib/db";

/** How long the request log keeps a call. */
export const REQUEST_LOG_RETENTION_MS = 30 * 24 * 60 * 60_000;

export interface LoggedCall {
  tenantId: string;
  apiUserId: string;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  ip: string | null;
  requestId: string;
  idempotencyKey: string | null;
  errorCode: string | null;
  at: Date;
}

/** One line of an API user's request log: never a body, a query string, a header or a secret. */
export async function logApiCall(c: LoggedCall): Promise<void> {
  await db.apiRequestLog.create({
    data: {
      tenantId: c.tenantId,
      apiUserId: c.apiUserId,
      method: c.method.slice(0, 10),
      path: c.path.slice(0, 300),
      status: c.status,
      latencyMs: Math.max(0, Math.round(c.latencyMs)),
      ip: c.ip?.slice(0, 64) ?? null,
      requestId: c.requestId,
      idempotencyKey: c.idempotencyKey?.slice(0, 255) ?? null,
      errorCode: c.errorCode?.slice(0, 60) ?? null,
      createdAt: c.at,
    },
  });
}

/** Removes calls older than REQUEST_LOG_RETENTION_MS (the worker's housekeeping). */
export async function purgeApiRequestLog(now = new Date()): Promise<number> {
  return (
    await db.apiRequestLog.deleteMany({
      where: { createdAt: { lt: new Date(now.getTime() - REQUEST_LOG_RETENTION_MS) } },
    })
  ).count;
}
