import { describe, expect, it, vi } from "vitest";
import {
  flushApiRequestLog,
  logApiCall,
  pendingApiRequestLogLines,
  queueApiCall,
  REQUEST_LOG_FLUSH_MS,
} from "@/lib/am-api/request-log";
import { db } from "@/lib/db";

const line = (requestId: string) => ({
  tenantId: "ten_log",
  apiUserId: "apu_log",
  method: "GET",
  path: "/am/v1/programs",
  status: 200,
  latencyMs: 2.4,
  ip: "198.51.100.7",
  requestId,
  idempotencyKey: null,
  errorCode: null,
  at: new Date(),
});
const stored = (prefix: string) => db.apiRequestLog.count({ where: { requestId: { startsWith: prefix } } });

describe("the gateway's request log queue", () => {
  it("writes queued lines together within REQUEST_LOG_FLUSH_MS, off the request's path", async () => {
    for (let i = 0; i < 3; i++) queueApiCall(line(`timer-${i}`));
    // queued, not written on the request's path (a database count here would race the 100 ms timer on a busy machine)
    expect(pendingApiRequestLogLines()).toBe(3);
    await new Promise((r) => setTimeout(r, REQUEST_LOG_FLUSH_MS * 3));
    await flushApiRequestLog(); // waits for a write in flight
    expect(await stored("timer-")).toBe(3);
  });

  it("writes everything queued on flush (the gateway's close), many lines at once", async () => {
    for (let i = 0; i < 7; i++) queueApiCall(line(`flush-${i}`));
    await flushApiRequestLog();
    expect(await stored("flush-")).toBe(7);
    for (let i = 0; i < 500; i++) queueApiCall(line(`full-${i}`));
    await flushApiRequestLog();
    expect(await stored("full-")).toBe(500);
    const row = await db.apiRequestLog.findFirstOrThrow({ where: { requestId: "full-0" } });
    expect(row).toMatchObject({ latencyMs: 2, path: "/am/v1/programs", status: 200 });
  });

  it("stores a queued line as Prisma stores one (values, nulls, UTC time), in the same order", async () => {
    const at = new Date(Date.UTC(2026, 11, 6, 3, 4, 5, 678));
    await logApiCall({ ...line("same-prisma"), at: new Date(at.getTime() - 1) });
    const oneByOne = vi.spyOn(db.apiRequestLog, "create"); // the fallback when the batch statement fails
    queueApiCall({ ...line("same-queued"), at, idempotencyKey: "k-1", errorCode: "not_found", status: 404, ip: null });
    await flushApiRequestLog();
    expect(oneByOne).not.toHaveBeenCalled();
    oneByOne.mockRestore();
    const rows = await db.apiRequestLog.findMany({
      where: { requestId: { startsWith: "same-" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    expect(rows.map((r) => r.requestId)).toEqual(["same-queued", "same-prisma"]);
    expect(rows[0]).toMatchObject({
      tenantId: "ten_log",
      apiUserId: "apu_log",
      method: "GET",
      status: 404,
      latencyMs: 2,
      ip: null,
      idempotencyKey: "k-1",
      errorCode: "not_found",
      createdAt: at,
    });
    expect(await db.apiRequestLog.count({ where: { createdAt: { gte: at } } })).toBeGreaterThanOrEqual(1);
  });
});
