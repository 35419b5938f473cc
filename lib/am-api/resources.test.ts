import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { errorBodySchema } from "@/lib/am-api/errors";
import { listEnvelope } from "@/lib/am-api/operation";
import { openApiDocument } from "@/lib/am-api/openapi";
import { OPERATIONS } from "@/lib/am-api/operations";
import { amCtx, respond } from "@/lib/am-api/serve";
import type { ApiUserPattern } from "@/lib/api-users/schemas";
import { createApiUser } from "@/lib/api-users/service";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { defaultFeeItems } from "@/lib/fees/compute";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

// The Account Management API's fee schedule, card design, program request and CSV export resources, called as the
// gateway calls them (lib/am-api/serve.ts respond), with every reply checked against the documented schemas.

let admin: Ctx; // a tenant_admin API user of Tenant A
let adminUserId: string;
let visibility: Ctx; // a tenant_visibility API user of Tenant A
let tenantA: string;
let portalA: Ctx;
let otherProgram: string; // a Program of Tenant B

async function apiCtx(portal: Ctx, pattern: ApiUserPattern): Promise<Ctx> {
  const u = await createApiUser(portal, { name: `api ${pattern} ${Math.random()}`, pattern, programId: null });
  if (pattern === "tenant_admin") adminUserId ??= u.id;
  return (await amCtx(u.id, { ip: "198.51.100.7", userAgent: "vitest" }))!;
}

beforeAll(async () => {
  const a = await makeTenant("Res A");
  const b = await makeTenant("Res B");
  tenantA = a.id;
  portalA = await makeCtx("tenant_admin", { tenantId: a.id });
  const portalB = await makeCtx("tenant_admin", { tenantId: b.id });
  otherProgram = (await makeProgram(portalB, { name: "Beta Res" })).id;
  admin = await apiCtx(portalA, "tenant_admin");
  visibility = await apiCtx(portalA, "tenant_visibility");
});

interface Reply {
  status: number;
  headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string | null;
}

/** One call as the gateway makes it; a JSON body as the wire carries it, a streamed one read to the end. */
async function call(
  ctx: Ctx,
  method: string,
  url: string,
  body?: unknown,
  o: { contentType?: string; idempotencyKey?: string } = {},
): Promise<Reply> {
  const raw =
    body === undefined
      ? null
      : Buffer.isBuffer(body)
        ? body
        : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  const r = await respond(
    ctx,
    {
      method,
      url,
      contentType: o.contentType ?? "application/json",
      readBody: async () => raw,
      idempotency: o.idempotencyKey ? { apiUserId: adminUserId, key: o.idempotencyKey } : null,
    },
    "req_test",
  );
  const text = r.stream ? await new Response(r.stream).text() : null;
  return { status: r.status, headers: r.headers ?? {}, body: JSON.parse(JSON.stringify(r.body)), text };
}

/** The documented success schema of an operation, to check a reply against the contract. */
function successSchema(id: string): z.ZodType {
  const op = OPERATIONS.find((o) => o.id === id)!;
  return op.list ? listEnvelope(op.response) : op.response;
}
const expectError = (r: Reply, status: number, code: string) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const e = errorBodySchema.parse(r.body);
  expect(e.error.code).toBe(code);
  expect(e.error.request_id).toBe("req_test");
  return e.error;
};
const auditCount = (where: Record<string, unknown> = {}) =>
  db.auditEvent.count({ where: { tenantId: tenantA, ...where } });

/** A fee schedule body with some fee types changed. */
function scheduleBody(patch: Record<string, Record<string, unknown>> = {}, extra: Record<string, unknown> = {}) {
  return {
    billingCycle: "monthly",
    billingDay: 1,
    settlementAsset: "EUR",
    ...extra,
    items: defaultFeeItems().map((i) => ({ ...i, ...(patch[i.feeType] ?? {}) })),
  };
}

describe("AM API resources: fee schedules", () => {
  it("saves versions, shows the one in force and the history, previews saved and unsaved values; audited", async () => {
    const p = await makeProgram(portalA, { name: "Fees Res" });
    const base = `/am/v1/programs/${p.id}/fee-schedule`;
    const empty = await call(visibility, "GET", base);
    expect(empty.status).toBe(200);
    expect(successSchema("getFeeSchedule").parse(empty.body)).toMatchObject({ current: null, upcoming: [] });
    expectError(await call(admin, "POST", `${base}/preview`, { amount: "100.00" }), 409, "conflict");

    const atm = { enabled: true, fixedAmount: "1.50", rateBps: "100", tenantSharePct: "40", programSharePct: "60" };
    const saved = await call(admin, "POST", `${base}/versions`, scheduleBody({ atm_withdrawal: atm }));
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const v1 = successSchema("createFeeScheduleVersion").parse(saved.body) as { id: string; version: number };
    expect(v1.version).toBe(1);
    const audit = await db.auditEvent.findMany({ where: { tenantId: tenantA, targetId: v1.id } });
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([["fee_schedule.saved", admin.actorLabel]]);

    const later = await call(
      admin,
      "POST",
      `${base}/versions`,
      scheduleBody({ atm_withdrawal: { ...atm, fixedAmount: "2.00" } }, { effectiveAt: "2099-01-01" }),
    );
    expect(later.status).toBe(201);
    const current = await call(visibility, "GET", base);
    const view = successSchema("getFeeSchedule").parse(current.body) as {
      current: { version: number };
      upcoming: { version: number }[];
    };
    expect(view.current.version).toBe(1);
    expect(view.upcoming.map((u) => u.version)).toEqual([2]);

    const versions = await call(visibility, "GET", `${base}/versions?limit=1`);
    expect(successSchema("listFeeScheduleVersions").parse(versions.body)).toMatchObject({ has_more: true });
    expect(versions.body.data.map((v: { version: number }) => v.version)).toEqual([2]);
    const rest = await call(visibility, "GET", `${base}/versions?starting_after=${versions.body.next_cursor}`);
    expect(rest.body.data.map((v: { version: number }) => v.version)).toEqual([1]);

    const inForce = await call(visibility, "POST", `${base}/preview`, { amount: "100.00" });
    expect(inForce.status).toBe(200);
    expect(successSchema("previewFees").parse(inForce.body)).toMatchObject({
      scheduleVersion: 1,
      totals: { total: "2.50", tenantShare: "1.00", programShare: "1.50" },
    });
    const unsaved = scheduleBody({ atm_withdrawal: { ...atm, fixedAmount: "3.00" } }).items;
    const preview = await call(admin, "POST", `${base}/preview`, { amount: "100.00", items: unsaved });
    expect(successSchema("previewFees").parse(preview.body)).toMatchObject({
      scheduleVersion: null,
      totals: { total: "4.00" },
    });
    expect(await db.feeSchedule.count({ where: { programId: p.id } })).toBe(2);
  });

  it("refuses bad values with the portal's messages, viewers' writes, and other Tenants' Programs; writes nothing", async () => {
    const p = await makeProgram(portalA, { name: "Fees Refusals" });
    const base = `/am/v1/programs/${p.id}/fee-schedule`;
    const before = await auditCount();
    const badAmount = await call(
      admin,
      "POST",
      `${base}/versions`,
      scheduleBody({ atm_withdrawal: { enabled: true, fixedAmount: "1.505" } }),
    );
    const e = expectError(badAmount, 400, "invalid_request");
    expect(e.field).toBe("items.4.fixedAmount");
    expect(e.message).toContain("at most 2 decimals");
    const past = await call(admin, "POST", `${base}/versions`, scheduleBody({}, { effectiveAt: "2020-01-01" }));
    expect(expectError(past, 400, "invalid_request").field).toBe("effectiveAt");
    const extra = await call(admin, "POST", `${base}/versions`, { ...scheduleBody(), admin: true });
    expectError(extra, 400, "invalid_request");
    const badPreview = await call(admin, "POST", `${base}/preview`, { amount: "-5" });
    expect(expectError(badPreview, 400, "invalid_request").field).toBe("amount");
    const badItems = await call(admin, "POST", `${base}/preview`, {
      amount: "10.00",
      items: scheduleBody({ fx_cross_border: { enabled: true } }).items,
    });
    expect(expectError(badItems, 400, "invalid_request").field).toBe("items.3.fixedAmount");

    expectError(await call(visibility, "POST", `${base}/versions`, scheduleBody()), 403, "insufficient_permissions");
    const foreign = `/am/v1/programs/${otherProgram}/fee-schedule`;
    expectError(await call(admin, "GET", foreign), 404, "not_found");
    expectError(await call(admin, "GET", `${foreign}/versions`), 404, "not_found");
    expectError(await call(admin, "POST", `${foreign}/versions`, scheduleBody()), 404, "not_found");
    expectError(await call(admin, "POST", `${foreign}/preview`, { amount: "1.00" }), 404, "not_found");
    expect(await auditCount()).toBe(before);
    expect(await db.feeSchedule.count({ where: { programId: { in: [p.id, otherProgram] } } })).toBe(0);

    // two saves at once: each is a version of its own, or one is refused as a conflict (never a 500 or a lost save)
    const races = await Promise.all(
      ["1.00", "2.00"].map((fixedAmount) =>
        call(admin, "POST", `${base}/versions`, scheduleBody({ chargeback: { enabled: true, fixedAmount } })),
      ),
    );
    for (const r of races) if (r.status !== 201) expectError(r, 409, "conflict");
    const made = races.filter((r) => r.status === 201).map((r) => r.body.version);
    expect(new Set(made).size).toBe(made.length);
    expect(await db.feeSchedule.count({ where: { programId: p.id } })).toBe(made.length);
  });
});
