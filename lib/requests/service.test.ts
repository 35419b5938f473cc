import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { senderIdSchema } from "@/lib/requests/schemas";
import { getOnboardingChecklist } from "@/lib/programs/checklist";
import {
  decideRequest,
  getDepositAddressTypes,
  listProgramRequests,
  listRequestQueue,
  startReview,
  submitRequest,
  updateRequest,
  withdrawRequest,
} from "@/lib/requests/service";
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
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected AppError, got ${String(e)}`);
  return { code: e.code, message: e.message, field: e.field };
}
const sms = (senderId: string) => ({
  programId,
  kind: "sms_sender_id",
  payload: { senderId, countries: "GB, DE", useDescription: "One-time passwords for card activation" },
});

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
    expect(await fails(submitRequest({ ...admin, environment: "staging" }, sms("AcmeCards")))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await fails(submitRequest(viewer, sms("AcmeCards")))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(submitRequest(other, sms("AcmeCards")))).toMatchObject({ code: "NOT_FOUND" });
    const r = await submitRequest(admin, sms("AcmeCards"));
    expect(r).toMatchObject({ status: "submitted", payload: { senderId: "AcmeCards", countries: ["GB", "DE"] } });
    expect(await fails(submitRequest(admin, sms("AcmePay")))).toMatchObject({ code: "CONFLICT" }); // one open application
    await updateRequest(admin, { requestId: r.id, payload: { ...sms("AcmePay").payload } });
    expect((await listRequestQueue(staff)).map((q) => q.id)).toContain(r.id);
    await startReview(staff, r.id);
    expect(await fails(updateRequest(admin, { requestId: r.id, payload: sms("Other").payload }))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/reviewing this request/),
    });
    expect(await fails(decideRequest(admin, { requestId: r.id, decision: "approve" }))).toMatchObject({
      code: "FORBIDDEN",
    });
    const done = await decideRequest(staff, { requestId: r.id, decision: "approve" });
    expect(done).toMatchObject({ status: "approved", reviewedBy: staff.actorLabel, payload: { senderId: "AcmePay" } });
    expect(await fails(decideRequest(staff, { requestId: r.id, decision: "reject", note: "late" }))).toMatchObject({
      code: "CONFLICT",
    });
    const actions = (await db.auditEvent.findMany({ where: { targetId: r.id }, orderBy: { createdAt: "asc" } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual([
      "request.sms_sender_id.submitted",
      "request.sms_sender_id.updated",
      "request.sms_sender_id.in_review",
      "request.sms_sender_id.approved",
    ]);
  });

  it("sends back for changes with a note, and rejects with a reason", async () => {
    const p = (await makeProgram(admin)).id;
    const r = await submitRequest(admin, { ...sms("AcmeGo"), programId: p });
    expect(await fails(decideRequest(staff, { requestId: r.id, decision: "request_changes", note: "" }))).toMatchObject(
      { code: "VALIDATION" },
    );
    const changed = await decideRequest(staff, {
      requestId: r.id,
      decision: "request_changes",
      note: "Add the countries you send to",
    });
    expect(changed).toMatchObject({ status: "changes_requested", decisionNote: "Add the countries you send to" });
    const resubmitted = await updateRequest(admin, {
      requestId: r.id,
      payload: { ...sms("AcmeGo").payload, countries: ["GB", "FR", "ES"] },
    });
    expect(resubmitted.status).toBe("submitted");
    expect(
      (await decideRequest(staff, { requestId: r.id, decision: "reject", note: "Brand not verified" })).status,
    ).toBe("rejected");
    expect(
      await db.notification.count({
        where: { tenantId: admin.tenantId!, kind: { in: ["request.changes_requested", "request.rejected"] } },
      }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("deposit address types: defaults, an approved substitute and an addition", async () => {
    const p = (await makeProgram(admin)).id;
    expect((await getDepositAddressTypes(viewer, p)).map((t) => t.type)).toEqual(["EVM", "BTC", "SOL"]);
    expect(
      await fails(
        submitRequest(admin, {
          programId: p,
          kind: "deposit_address_type",
          payload: { addressType: "TRON", mode: "substitute", justification: "USDT on Tron for LATAM users" },
        }),
      ),
    ).toMatchObject({ field: "replaces" });
    const sub = await submitRequest(admin, {
      programId: p,
      kind: "deposit_address_type",
      payload: {
        addressType: "TRON",
        mode: "substitute",
        replaces: "SOL",
        justification: "USDT on Tron for LATAM users",
      },
    });
    const add = await submitRequest(admin, {
      programId: p,
      kind: "deposit_address_type",
      payload: { addressType: "BASE", mode: "additional", justification: "Low-fee USDC top-ups" },
    });
    await decideRequest(staff, { requestId: sub.id, decision: "approve" });
    await decideRequest(staff, { requestId: add.id, decision: "approve" });
    expect((await getDepositAddressTypes(viewer, p)).map((t) => t.type)).toEqual(["EVM", "BTC", "TRON", "BASE"]);
    expect(await fails(listProgramRequests(other, p))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("editing, withdrawing and deciding", () => {
  const smsFor = (p: string, senderId: string) => ({ ...sms(senderId), programId: p });

  it("refuses edits outside production, like every configuration change", async () => {
    const p = (await makeProgram(admin)).id;
    const r = await submitRequest(admin, smsFor(p, "AcmeStage"));
    expect(
      await fails(
        updateRequest({ ...admin, environment: "staging" }, { requestId: r.id, payload: sms("AcmeOther").payload }),
      ),
    ).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/only in production/) });
    expect(await fails(updateRequest(viewer, { requestId: r.id, payload: sms("AcmeOther").payload }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await fails(updateRequest(other, { requestId: r.id, payload: sms("AcmeOther").payload }))).toMatchObject({
      code: "NOT_FOUND",
    });
    const row = await db.programRequest.findUniqueOrThrow({ where: { id: r.id } });
    expect(JSON.parse(row.payload)).toMatchObject({ senderId: "AcmeStage" });
    expect(await db.auditEvent.count({ where: { targetId: r.id, action: "request.sms_sender_id.updated" } })).toBe(0);
  });

  it("withdraws a submitted or sent-back request (audited, nobody notified), never one in review or decided", async () => {
    const p = (await makeProgram(admin)).id;
    const r = await submitRequest(admin, smsFor(p, "AcmeOne"));
    expect(await fails(withdrawRequest({ ...admin, environment: "staging" }, { id: r.id }))).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/only in production/),
    });
    expect(await fails(withdrawRequest(viewer, { id: r.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(withdrawRequest(other, { id: r.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(withdrawRequest(admin, { id: "nope" }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await db.programRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("submitted");

    const notificationsBefore = await db.notification.count({ where: { tenantId: admin.tenantId! } });
    expect(await withdrawRequest(admin, { id: r.id })).toMatchObject({ id: r.id, status: "withdrawn" });
    expect(await db.notification.count({ where: { tenantId: admin.tenantId! } })).toBe(notificationsBefore);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: r.id, action: "request.sms_sender_id.withdrawn" },
    });
    expect(audit).toMatchObject({ tenantId: admin.tenantId, actorLabel: admin.actorLabel });
    expect(JSON.parse(audit.before!)).toEqual({ status: "submitted" });
    expect((await listRequestQueue(staff)).map((q) => q.id)).not.toContain(r.id);
    expect(await fails(withdrawRequest(admin, { id: r.id }))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/This request is withdrawn/),
    });
    expect(await fails(updateRequest(admin, { requestId: r.id, payload: sms("AcmeTwo").payload }))).toMatchObject({
      code: "CONFLICT",
    });
    expect(await fails(decideRequest(staff, { requestId: r.id, decision: "approve" }))).toMatchObject({
      code: "CONFLICT",
    });

    // a withdrawn application no longer blocks a new one
    const again = await submitRequest(admin, smsFor(p, "AcmeTwo"));
    await decideRequest(staff, { requestId: again.id, decision: "request_changes", note: "Name the countries" });
    expect((await withdrawRequest(admin, { id: again.id })).status).toBe("withdrawn");

    const reviewed = await submitRequest(admin, smsFor(p, "AcmeThree"));
    await startReview(staff, reviewed.id);
    expect(await fails(withdrawRequest(admin, { id: reviewed.id }))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/reviewing this request/),
    });
    await decideRequest(staff, { requestId: reviewed.id, decision: "approve" });
    expect(await fails(withdrawRequest(admin, { id: reviewed.id }))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/approved/),
    });
    expect((await db.programRequest.findUniqueOrThrow({ where: { id: reviewed.id } })).status).toBe("approved");
  });

  it("deposit address types: refuses a duplicate open request and a type already active", async () => {
    const p = (await makeProgram(admin)).id;
    const dep = (addressType: string, extra: Record<string, string> = { mode: "additional" }) => ({
      programId: p,
      kind: "deposit_address_type",
      payload: { addressType, justification: "Stablecoin top-ups for our users", ...extra },
    });
    const tron = await submitRequest(admin, dep("TRON"));
    expect(await fails(submitRequest(admin, dep("TRON", { mode: "substitute", replaces: "SOL" })))).toMatchObject({
      code: "CONFLICT",
      field: "addressType",
      message:
        "This Program already has an open request for TRON (submitted): wait for the decision, or withdraw it and request again.",
    });
    expect(await db.programRequest.count({ where: { programId: p } })).toBe(1);
    // editing another request into a duplicate is refused too
    const base = await submitRequest(admin, dep("BASE"));
    expect(await fails(updateRequest(admin, { requestId: base.id, payload: dep("TRON").payload }))).toMatchObject({
      code: "CONFLICT",
      field: "addressType",
    });
    expect(
      (
        await updateRequest(admin, {
          requestId: base.id,
          payload: dep("BASE", { mode: "substitute", replaces: "BTC" }).payload,
        })
      ).payload,
    ).toMatchObject({ mode: "substitute" });

    let checklist = (await getOnboardingChecklist(admin, p)).items.find((i) => i.key === "deposit_address_types");
    expect(checklist).toMatchObject({
      done: false,
      optional: true,
      detail: "Active: EVM, BTC, SOL. 2 requests awaiting a decision.",
    });

    await decideRequest(staff, { requestId: tron.id, decision: "approve" });
    expect(await fails(submitRequest(admin, dep("TRON")))).toMatchObject({
      code: "CONFLICT",
      field: "addressType",
      message: "TRON is already an active deposit address type of this Program: there is nothing to request.",
    });
    await decideRequest(staff, { requestId: base.id, decision: "reject", note: "Not supported yet" });
    // a rejected or withdrawn request does not block asking again
    const baseAgain = await submitRequest(admin, dep("BASE"));
    await withdrawRequest(admin, { id: baseAgain.id });
    expect((await submitRequest(admin, dep("BASE"))).status).toBe("submitted");
    expect((await getDepositAddressTypes(viewer, p)).map((t) => t.type)).toEqual(["EVM", "BTC", "SOL", "TRON"]);
    checklist = (await getOnboardingChecklist(admin, p)).items.find((i) => i.key === "deposit_address_types");
    expect(checklist).toMatchObject({
      done: false,
      detail: "Active: EVM, BTC, SOL, TRON. 1 request awaiting a decision.",
    });
  });

  it("staff may decide straight from submitted, but not on a version they did not see", async () => {
    const p = (await makeProgram(admin)).id;
    const r = await submitRequest(admin, smsFor(p, "AcmeSeen"));
    const seen = (await db.programRequest.findUniqueOrThrow({ where: { id: r.id } })).updatedAt.toISOString();
    await new Promise((done) => setTimeout(done, 5)); // a distinct updatedAt
    await updateRequest(admin, { requestId: r.id, payload: sms("AcmeEdited").payload });
    expect(
      await fails(decideRequest(staff, { requestId: r.id, decision: "approve", seenUpdatedAt: seen })),
    ).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/changed this request after you opened it/) });
    expect((await db.programRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("submitted");
    const fresh = (await db.programRequest.findUniqueOrThrow({ where: { id: r.id } })).updatedAt.toISOString();
    expect(await decideRequest(staff, { requestId: r.id, decision: "approve", seenUpdatedAt: fresh })).toMatchObject({
      status: "approved",
      payload: { senderId: "AcmeEdited" },
    });
    const actions = (await db.auditEvent.findMany({ where: { targetId: r.id }, orderBy: { createdAt: "asc" } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual([
      "request.sms_sender_id.submitted",
      "request.sms_sender_id.updated",
      "request.sms_sender_id.approved",
    ]);
  });
});
