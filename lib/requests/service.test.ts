import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { senderIdSchema } from "@/lib/requests/schemas";
import { decideRequest, getDepositAddressTypes, listProgramRequests, listRequestQueue, startReview, submitRequest, updateRequest } from "@/lib/requests/service";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

let admin: Ctx;
let viewer: Ctx;
let staff: Ctx;
let other: Ctx;
let programId: string;
beforeAll(async () => {
  const t = await makeTenant();
  admin = await makeCtx("tenant_admin", { tenantId: t.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
  staff = await makeCtx("staff_reviewer");
  other = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
  programId = (await makeProgram(admin)).id;
});

async function fails(p: Promise<unknown>) {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof AppError)) throw new Error(`expected AppError, got ${String(e)}`);
  return { code: e.code, message: e.message, field: e.field };
}
const sms = (senderId: string) => ({ programId, kind: "sms_sender_id", payload: { senderId, countries: "GB, DE", useDescription: "One-time passwords for card activation" } });

describe("sender ID rules", () => {
  it.each([
    ["AcmeCards", true, null],
    ["Acme 24", true, null],
    ["AcmeCardsLtd", false, /3 to 11 characters; "AcmeCardsLtd" has 12/],
    ["AB", false, /3 to 11/],
    ["12345678", false, /at least one letter/],
    ["Acme💳", false, /Use only letters A-Z, digits and spaces/],
    ["Café", false, /Use only letters/],
    ["Acme  Pay", false, /single spaces/],
    ["INFO", false, /generic word carriers refuse/],
    ["bank", false, /generic word/],
  ])("%s", (id, ok, message) => {
    const r = senderIdSchema.safeParse(id);
    expect(r.success).toBe(ok);
    if (!r.success && message) expect(r.error.issues[0].message).toMatch(message);
  });
});

describe("program requests", () => {
  it("applies for a sender ID, blocks edits in review, and staff approve it", async () => {
    expect(await fails(submitRequest(admin, sms("Acme 💳")))).toMatchObject({ code: "VALIDATION", field: "senderId" });
    expect(await fails(submitRequest({ ...admin, environment: "staging" }, sms("AcmeCards")))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(submitRequest(viewer, sms("AcmeCards")))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(submitRequest(other, sms("AcmeCards")))).toMatchObject({ code: "NOT_FOUND" });
    const r = await submitRequest(admin, sms("AcmeCards"));
    expect(r).toMatchObject({ status: "submitted", payload: { senderId: "AcmeCards", countries: ["GB", "DE"] } });
    expect(await fails(submitRequest(admin, sms("AcmePay")))).toMatchObject({ code: "CONFLICT" }); // one open application
    await updateRequest(admin, { requestId: r.id, payload: { ...sms("AcmePay").payload } });
    expect((await listRequestQueue(staff)).map((q) => q.id)).toContain(r.id);
    await startReview(staff, r.id);
    expect(await fails(updateRequest(admin, { requestId: r.id, payload: sms("Other").payload }))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/reviewing this request/) });
    expect(await fails(decideRequest(admin, { requestId: r.id, decision: "approve" }))).toMatchObject({ code: "FORBIDDEN" });
    const done = await decideRequest(staff, { requestId: r.id, decision: "approve" });
    expect(done).toMatchObject({ status: "approved", reviewedBy: staff.actorLabel, payload: { senderId: "AcmePay" } });
    expect(await fails(decideRequest(staff, { requestId: r.id, decision: "reject", note: "late" }))).toMatchObject({ code: "CONFLICT" });
    const actions = (await db.auditEvent.findMany({ where: { targetId: r.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["request.sms_sender_id.submitted", "request.sms_sender_id.updated", "request.sms_sender_id.in_review", "request.sms_sender_id.approved"]);
  });

  it("sends back for changes with a note, and rejects with a reason", async () => {
    const p = (await makeProgram(admin)).id;
    const r = await submitRequest(admin, { ...sms("AcmeGo"), programId: p });
    expect(await fails(decideRequest(staff, { requestId: r.id, decision: "request_changes", note: "" }))).toMatchObject({ code: "VALIDATION" });
    const changed = await decideRequest(staff, { requestId: r.id, decision: "request_changes", note: "Add the countries you send to" });
    expect(changed).toMatchObject({ status: "changes_requested", decisionNote: "Add the countries you send to" });
    const resubmitted = await updateRequest(admin, { requestId: r.id, payload: { ...sms("AcmeGo").payload, countries: ["GB", "FR", "ES"] } });
    expect(resubmitted.status).toBe("submitted");
    expect((await decideRequest(staff, { requestId: r.id, decision: "reject", note: "Brand not verified" })).status).toBe("rejected");
    expect(await db.notification.count({ where: { tenantId: admin.tenantId!, kind: { in: ["request.changes_requested", "request.rejected"] } } })).toBeGreaterThanOrEqual(2);
  });

  it("deposit address types: defaults, an approved substitute and an addition", async () => {
    const p = (await makeProgram(admin)).id;
    expect((await getDepositAddressTypes(viewer, p)).map((t) => t.type)).toEqual(["EVM", "BTC", "SOL"]);
    expect(await fails(submitRequest(admin, { programId: p, kind: "deposit_address_type", payload: { addressType: "TRON", mode: "substitute", justification: "USDT on Tron for LATAM users" } }))).toMatchObject({ field: "replaces" });
    const sub = await submitRequest(admin, { programId: p, kind: "deposit_address_type", payload: { addressType: "TRON", mode: "substitute", replaces: "SOL", justification: "USDT on Tron for LATAM users" } });
    const add = await submitRequest(admin, { programId: p, kind: "deposit_address_type", payload: { addressType: "BASE", mode: "additional", justification: "Low-fee USDC top-ups" } });
    await decideRequest(staff, { requestId: sub.id, decision: "approve" });
    await decideRequest(staff, { requestId: add.id, decision: "approve" });
    expect((await getDepositAddressTypes(viewer, p)).map((t) => t.type)).toEqual(["EVM", "BTC", "TRON", "BASE"]);
    expect(await fails(listProgramRequests(other, p))).toMatchObject({ code: "NOT_FOUND" });
  });
});
