import sharp from "sharp";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import type { Action } from "@/lib/auth/permissions";
import { reviewDesign, submitDesign } from "@/lib/card-designs/service";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { decideRequest, startReview, submitRequest } from "@/lib/requests/service";
import { listQueueTenants, listStaffQueue } from "@/lib/staff/queue";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

// Lets a test take single permissions away from a role (no sign-in role today reviews only one type).
const denied = vi.hoisted(() => new Set<string>());
vi.mock("@/lib/auth/permissions", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/permissions")>();
  return {
    ...real,
    can: (role: Parameters<typeof real.can>[0], action: Action) => !denied.has(action) && real.can(role, action),
  };
});
afterEach(() => denied.clear());

async function fails(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected AppError, got ${String(e)}`);
  return { code: e.code, message: e.message, field: e.field };
}

let staff: Ctx;
let a: Ctx;
let b: Ctx;
const ids: Record<string, string> = {};
let tenantA: string;
let tenantB: string;
let nameA: string;
let nameB: string;
beforeAll(async () => {
  ({ id: tenantA, name: nameA } = await makeTenant("Acme"));
  ({ id: tenantB, name: nameB } = await makeTenant("Bolt"));
  a = await makeCtx("tenant_admin", { tenantId: tenantA });
  b = await makeCtx("tenant_admin", { tenantId: tenantB });
  staff = await makeCtx("staff_reviewer");
  const pa = (await makeProgram(a)).id;
  const pb = (await makeProgram(b)).id;
  const png = await sharp({ create: { width: 1600, height: 1009, channels: 3, background: "#1f45b8" } })
    .png()
    .toBuffer();
  const design = (ctx: Ctx, programId: string, name: string) =>
    submitDesign(ctx, { programId, slot: 0, name, cardType: "physical", network: "visa", finish: "matte" }, png);
  ids.designA = (await design(a, pa, "Blue A")).id;
  ids.designB = (await design(b, pb, "Blue B")).id;
  ids.smsA = (
    await submitRequest(a, {
      programId: pa,
      kind: "sms_sender_id",
      payload: { senderId: "AcmeCards", countries: "GB", useDescription: "One-time passwords for payments" },
    })
  ).id;
  ids.depositB = (
    await submitRequest(b, {
      programId: pb,
      kind: "deposit_address_type",
      payload: { addressType: "TRON", mode: "substitute", replaces: "SOL", justification: "USDT on Tron for LATAM" },
    })
  ).id;
  // submission times interleave the types and tenants, so "oldest first" is tested across both tables
  const at = (day: number) => new Date(Date.UTC(2024, 0, day));
  await db.programRequest.update({ where: { id: ids.depositB }, data: { submittedAt: at(1) } });
  await db.cardDesign.update({ where: { id: ids.designA }, data: { submittedAt: at(2) } });
  await db.programRequest.update({ where: { id: ids.smsA }, data: { submittedAt: at(3) } });
  await db.cardDesign.update({ where: { id: ids.designB }, data: { submittedAt: at(4) } });
});

const order = async (filter: Parameters<typeof listStaffQueue>[1] = {}) =>
  (await listStaffQueue(staff, filter)).rows.map((r) => r.id);

describe("staff queue", () => {
  it("lists every request type across tenants in one queue, oldest first, with type, tenant, program and link", async () => {
    const { rows, truncated } = await listStaffQueue(staff);
    expect(truncated).toBe(false);
    expect(rows.map((r) => r.id)).toEqual([ids.depositB, ids.designA, ids.smsA, ids.designB]);
    expect(rows[0]).toMatchObject({
      type: "deposit_address_type",
      title: "Deposit address type: TRON",
      detail: "instead of SOL",
      tenantName: nameB,
      status: "submitted",
      href: `/staff/requests/${ids.depositB}`,
      thumbnail: null,
    });
    expect(rows[1]).toMatchObject({
      type: "card_design",
      title: "Card design: Blue A",
      detail: "slot 0, version 1",
      tenantName: nameA,
      status: "pending",
      href: `/staff/designs/${ids.designA}`,
    });
    expect(rows[2]).toMatchObject({ type: "sms_sender_id", title: "SMS sender ID: AcmeCards", tenantId: tenantA });
    expect(rows.every((r) => r.programName.length > 0)).toBe(true);
    expect(Object.keys(rows[0]).sort()).toEqual([
      "detail",
      "href",
      "id",
      "programId",
      "programName",
      "status",
      "submittedAt",
      "tenantId",
      "tenantName",
      "thumbnail",
      "title",
      "type",
    ]);
  });

  it("lists each type only to a reader who may review it (designs:review, requests:review)", async () => {
    denied.add("requests:review");
    expect(await order()).toEqual([ids.designA, ids.designB]);
    expect(await order({ type: "sms_sender_id" })).toEqual([]);
    denied.clear();
    denied.add("designs:review");
    expect(await order()).toEqual([ids.depositB, ids.smsA]);
    expect(await order({ type: "card_design" })).toEqual([]);
  });

  it("combines the tenant, type and status filters", async () => {
    expect(await order({ tenant: tenantA })).toEqual([ids.designA, ids.smsA]);
    expect(await order({ type: "card_design" })).toEqual([ids.designA, ids.designB]);
    expect(await order({ tenant: tenantA, type: "sms_sender_id" })).toEqual([ids.smsA]);
    expect(await order({ tenant: tenantB, type: "sms_sender_id" })).toEqual([]);

    await startReview(staff, ids.smsA); // in review is still waiting for a decision
    await reviewDesign(staff, { designId: ids.designA, decision: "approve" });
    await decideRequest(staff, { requestId: ids.depositB, decision: "reject", note: "Not offered in this region" });
    expect(await order()).toEqual([ids.smsA, ids.designB]);
    expect((await listStaffQueue(staff)).rows[0].status).toBe("in_review");
    expect(await order({ status: "approved" })).toEqual([ids.designA]);
    expect(await order({ status: "rejected", tenant: tenantB })).toEqual([ids.depositB]);
    expect(await order({ status: "rejected", tenant: tenantB, type: "card_design" })).toEqual([]);
    expect(await order({ status: "approved", type: "sms_sender_id" })).toEqual([]);
  });

  it("refuses non-staff roles and unknown filters", async () => {
    const viewer = await makeCtx("tenant_viewer", { tenantId: tenantA });
    for (const ctx of [a, viewer]) {
      expect(await fails(listStaffQueue(ctx))).toMatchObject({ code: "FORBIDDEN" });
      expect(await fails(listQueueTenants(ctx))).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await fails(listStaffQueue(staff, { type: "wire_transfer" }))).toMatchObject({
      code: "VALIDATION",
      field: "type",
    });
    expect(await fails(listStaffQueue(staff, { status: "toString" }))).toMatchObject({
      code: "VALIDATION",
      field: "status",
    });
    expect((await listQueueTenants(staff)).map((t) => t.name)).toEqual([nameA, nameB]);
  });
});
