import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { log } from "@/lib/log/logger";

const session = vi.hoisted(() => ({ ctx: null as Ctx | null }));
vi.mock("@/lib/auth/session", () => ({ getCtx: async () => session.ctx }));
const { withCtx } = await import("@/lib/actions/with-ctx");
const auditExport = await import("@/app/(portal)/audit/export/route");
const designStatus = await import("@/app/(portal)/programs/[programId]/designs/status/route");
const designUpload = await import("@/app/(portal)/programs/[programId]/designs/upload/route");

let admin: Ctx, partner: Ctx, other: Ctx, programId: string;
beforeAll(async () => {
  const tenantId = (await makeTenant()).id;
  admin = await makeCtx("tenant_admin", { tenantId });
  programId = (await makeProgram(admin)).id;
  partner = await makeCtx("partner_viewer", { tenantId, programId });
  other = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
});
beforeEach(() => {
  session.ctx = admin;
});

const get = (path: string) => new Request(`http://portal.test${path}`);
const route = <P>(params: P) => ({ params: Promise.resolve(params) });
const none = route({} as Record<string, never>);

describe("withCtx: one boundary for route handlers", () => {
  it("answers a signed-out caller 401 and runs nothing, as text for downloads and as JSON for fetch callers", async () => {
    session.ctx = null;
    const text = await auditExport.GET(get("/audit/export"), none);
    expect([text.status, await text.text()]).toEqual([401, "Sign in first."]);
    const json = await designStatus.GET(get(`/programs/${programId}/designs/status`), route({ programId }));
    expect(json.status).toBe(401);
    expect(await json.json()).toEqual({
      ok: false,
      code: "UNAUTHENTICATED",
      message: "Your session has ended. Sign in again.",
    });
    const handler = vi.fn();
    expect((await withCtx(handler)(get("/x"), none)).status).toBe(401);
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers a missing permission 404, like a missing object", async () => {
    session.ctx = partner;
    const r = await auditExport.GET(get("/audit/export"), none);
    expect([r.status, await r.text()]).toEqual([404, "Not found."]);
    session.ctx = admin;
    const ok = await auditExport.GET(get("/audit/export"), none);
    expect(ok.status).toBe(200);
    expect((await ok.text()).split(/\r?\n/)[0]).toBe(
      "time,actor,action,target_type,target_id,ip,user_agent,before,after",
    );
  });

  it("answers another tenant's object 404 (the service's NOT_FOUND)", async () => {
    session.ctx = other;
    const r = await designStatus.GET(get(`/programs/${programId}/designs/status`), route({ programId }));
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ ok: false, code: "NOT_FOUND" });
    session.ctx = admin;
    expect((await designStatus.GET(get(`/programs/${programId}/designs/status`), route({ programId }))).status).toBe(
      200,
    );
  });

  it("gives each AppError the status of HTTP_STATUS, with its message and field errors", async () => {
    const bad = await auditExport.GET(get("/audit/export?from=yesterday"), none);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe("The start date must look like 2026-11-22.");
    const big = await designUpload.POST(
      new Request(`http://portal.test/programs/${programId}/designs/upload`, {
        method: "POST",
        headers: { "content-length": String(50 * 1024 * 1024) },
        body: "x",
      }),
      route({ programId }),
    );
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      ok: false,
      code: "TOO_LARGE",
      message: "The file is larger than 5 MiB.",
      fieldErrors: { artwork: "The file is larger than 5 MiB." },
    });
    for (const [code, status] of [
      ["CONFLICT", 409],
      ["FORBIDDEN", 403],
      ["RATE_LIMITED", 429],
      ["CSR_KEY_REUSED", 400],
    ] as const) {
      const r = await withCtx(async () => {
        throw new AppError(code, `refused: ${code}`);
      })(get("/x"), none);
      expect([r.status, await r.text()]).toEqual([status, `refused: ${code}`]);
    }
  });

  it("answers an unexpected error 500 with a request id only, and logs it", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const r = await withCtx(
      async () => {
        throw new Error("password=hunter2");
      },
      { format: "json" },
    )(get("/x"), none);
    expect(r.status).toBe(500);
    const body = await r.json();
    expect(body).toMatchObject({ ok: false, code: "INTERNAL" });
    expect(body.message).toMatch(/\(request [0-9a-f-]{36}\)/);
    expect(JSON.stringify(body)).not.toContain("hunter2");
    // logged once, under the id the user was given (the request's X-Request-Id in a real request)
    expect(logged).toHaveBeenCalledOnce();
    const [entry] = logged.mock.calls[0] as unknown as [{ reqId: string; err: { message: string } }];
    expect(body.message).toContain(`(request ${entry.reqId})`);
    logged.mockRestore();
  });
});
