import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { errorBodySchema } from "@/lib/am-api/errors";
import { listEnvelope } from "@/lib/am-api/operation";
import { openApiDocument } from "@/lib/am-api/openapi";
import { OPERATIONS } from "@/lib/am-api/operations";
import { amCtx, respond } from "@/lib/am-api/serve";
import type { ApiUserPattern } from "@/lib/api-users/schemas";
import { createApiUser } from "@/lib/api-users/service";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { defaultFeeItems } from "@/lib/fees/compute";
import { ingestTransactions } from "@/lib/monitoring/ingest";
import { startReview } from "@/lib/requests/service";
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

/** A card-shaped image (1586 x 1000 px by default) of the given format. */
const image = (w = 1586, h = 1000, format: "png" | "jpeg" = "png") =>
  sharp({ create: { width: w, height: h, channels: 3, background: "#1b3a6b" } })
    [format]()
    .toBuffer();

/** A multipart/form-data body as a client library builds it (undici's FormData), with its Content-Type. */
async function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file)
    form.append("artwork", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "image/png" }), file.name);
  const req = new Request("https://x.invalid/", { method: "POST", body: form });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get("content-type")! };
}
const designFields = { slot: "0", name: "Midnight Blue", cardType: "physical", network: "visa", finish: "matte" };

describe("AM API resources: card designs", () => {
  it("takes artwork as multipart/form-data, lists the slots with their status and a slot's history; audited", async () => {
    const p = await makeProgram(portalA, { name: "Designs Res" });
    const url = `/am/v1/programs/${p.id}/card-designs`;
    const empty = await call(visibility, "GET", url);
    expect(empty.status).toBe(200);
    const slots = successSchema("listCardDesignSlots").parse(empty.body) as { slots: { latest: unknown }[] };
    expect(slots.slots).toHaveLength(6);
    expect(slots.slots.every((s) => s.latest === null)).toBe(true);

    const m = await multipart({ ...designFields, notes: "Embossed logo" }, { name: "card.png", bytes: await image() });
    const idem = `design-${Math.random()}`;
    const sent = await call(admin, "POST", url, m.body, { contentType: m.contentType, idempotencyKey: idem });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const d = successSchema("submitCardDesign").parse(sent.body) as { id: string; version: number; status: string };
    expect(d).toMatchObject({ version: 1, status: "pending", width: 1586, height: 1000, notes: "Embossed logo" });
    // a retry of the same upload (a new multipart boundary) replays the answer instead of submitting again
    const retry = await multipart(
      { ...designFields, notes: "Embossed logo" },
      { name: "card.png", bytes: await image() },
    );
    expect(retry.contentType).not.toBe(m.contentType);
    const replay = await call(admin, "POST", url, retry.body, { contentType: retry.contentType, idempotencyKey: idem });
    expect(replay).toMatchObject({ status: 201, headers: { "idempotent-replayed": "true" }, body: sent.body });
    const audit = await db.auditEvent.findMany({ where: { tenantId: tenantA, targetId: d.id } });
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([["card_design.submitted", admin.actorLabel]]);

    const listed = await call(visibility, "GET", url);
    expect(listed.body.slots[0]).toMatchObject({ slot: 0, versions: 1, latest: { id: d.id }, active: null });
    const jpeg = await multipart(
      { ...designFields, slot: "3" },
      { name: "x.jpg", bytes: await image(1000, 1586, "jpeg") },
    );
    expect((await call(admin, "POST", url, jpeg.body, { contentType: jpeg.contentType })).status).toBe(201);
    const history = await call(visibility, "GET", `${url}/0/versions`);
    expect(history.status).toBe(200);
    successSchema("listCardDesignVersions").parse(history.body);
    expect(history.body.data.map((v: { id: string }) => v.id)).toEqual([d.id]);
    expect((await call(visibility, "GET", `${url}/3/versions`)).body.data).toHaveLength(1);
  });

  it("refuses bad artwork and fields as the portal does, other media types, large bodies, viewers and other Tenants", async () => {
    const p = await makeProgram(portalA, { name: "Designs Refusals" });
    const url = `/am/v1/programs/${p.id}/card-designs`;
    const before = await auditCount();
    const send = async (fields: Record<string, string>, file?: { name: string; bytes: Buffer }, ctx = admin) => {
      const m = await multipart(fields, file);
      return call(ctx, "POST", url, m.body, { contentType: m.contentType });
    };
    const png = { name: "card.png", bytes: await image() };
    const small = await send(designFields, { name: "small.png", bytes: await image(800, 504) });
    expect(expectError(small, 400, "invalid_request")).toMatchObject({ field: "artwork" });
    const notImage = await send(designFields, { name: "card.png", bytes: Buffer.from("GIF89a not a png") });
    expect(expectError(notImage, 400, "invalid_request").message).toContain("not a PNG or JPEG");
    expect(expectError(await send(designFields), 400, "invalid_request").message).toBe("Choose an image file.");
    const badSlot = await send({ ...designFields, slot: "6" }, png);
    expect(expectError(badSlot, 400, "invalid_request")).toMatchObject({
      field: "slot",
      message: "Slots are numbered 0 to 5.",
    });
    for (const extra of ["colour", "__proto__", "constructor"]) {
      const r = await send({ ...designFields, [extra]: "x" }, png);
      expect(expectError(r, 400, "invalid_request").message, extra).toContain("Unrecognized key");
    }
    const twice = await call(
      admin,
      "POST",
      url,
      Buffer.from(
        '--b\r\nContent-Disposition: form-data; name="slot"\r\n\r\n0\r\n--b\r\nContent-Disposition: form-data; name="slot"\r\n\r\n1\r\n--b--\r\n',
      ),
      { contentType: "multipart/form-data; boundary=b" },
    );
    expect(expectError(twice, 400, "invalid_request").message).toContain('"slot" is given more than once');
    const broken = await call(admin, "POST", url, Buffer.from("garbage"), {
      contentType: "multipart/form-data; boundary=zzz",
    });
    expectError(broken, 400, "invalid_multipart");
    expectError(await call(admin, "POST", url, { ...designFields }), 415, "unsupported_media_type");
    const huge = await multipart(designFields, { name: "big.png", bytes: Buffer.alloc(5 * 1024 * 1024 + 70 * 1024) });
    expect(
      expectError(
        await call(admin, "POST", url, huge.body, { contentType: huge.contentType }),
        413,
        "payload_too_large",
      ).message,
    ).toContain("5.06 MiB");
    // just within the body limit, a file over 5 MiB gets the portal's message
    const over = await send(designFields, { name: "big.png", bytes: Buffer.alloc(5 * 1024 * 1024 + 10) });
    expect(expectError(over, 400, "invalid_request").message).toContain("the limit is 5 MiB");

    expectError(await send(designFields, png, visibility), 403, "insufficient_permissions");
    const foreign = `/am/v1/programs/${otherProgram}/card-designs`;
    const m = await multipart(designFields, png);
    expectError(await call(admin, "POST", foreign, m.body, { contentType: m.contentType }), 404, "not_found");
    expectError(await call(admin, "GET", foreign), 404, "not_found");
    expectError(await call(admin, "GET", `${foreign}/0/versions`), 404, "not_found");
    expect(expectError(await call(admin, "GET", `${url}/9/versions`), 400, "invalid_request").field).toBe("slot");
    expect(await auditCount()).toBe(before);
    expect(await db.cardDesign.count({ where: { programId: { in: [p.id, otherProgram] } } })).toBe(0);

    expect((await send(designFields, png)).status).toBe(201);
    const pending = await send(designFields, png);
    expect(expectError(pending, 409, "conflict")).toMatchObject({ field: "slot" });
    expect(await db.cardDesign.count({ where: { programId: p.id } })).toBe(1);
  });

  it("describes the upload as multipart/form-data with a binary file part", () => {
    const doc = openApiDocument() as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
    };
    const body = doc.paths["/am/v1/programs/{program_id}/card-designs"].post.requestBody!;
    expect(Object.keys(body.content)).toEqual(["multipart/form-data"]);
    const schema = JSON.stringify(body.content["multipart/form-data"].schema);
    const components = JSON.stringify(openApiDocument());
    expect(schema + components).toContain('"artwork":{"type":"string","format":"binary"');
  });
});

describe("AM API resources: SMS sender ID and deposit address type requests", () => {
  const sms = {
    senderId: "AcmeCards",
    countries: ["gb", "DE"],
    useDescription: "Card activation and 3-D Secure codes",
  };
  const tron = { addressType: "TRON", mode: "additional", justification: "Our users top up in USDT on Tron" };

  it("applies, lists and withdraws; audited as the API user", async () => {
    const p = await makeProgram(portalA, { name: "Requests Res" });
    const smsUrl = `/am/v1/programs/${p.id}/sms-sender-id-requests`;
    const applied = await call(admin, "POST", smsUrl, sms);
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    expect(successSchema("applySmsSenderId").parse(applied.body)).toMatchObject({
      kind: "sms_sender_id",
      status: "submitted",
      payload: { senderId: "AcmeCards", countries: ["GB", "DE"] },
    });
    const depUrl = `/am/v1/programs/${p.id}/deposit-address-requests`;
    const requested = await call(admin, "POST", depUrl, tron);
    expect(requested.status).toBe(201);
    successSchema("requestDepositAddressType").parse(requested.body);
    const substitute = { addressType: "BASE", mode: "substitute", replaces: "SOL", justification: "We moved to Base" };
    expect((await call(admin, "POST", depUrl, substitute)).status).toBe(201);

    const smsList = await call(visibility, "GET", smsUrl);
    expect(smsList.status).toBe(200);
    successSchema("listSmsSenderIdRequests").parse(smsList.body);
    expect(smsList.body.data.map((r: { id: string }) => r.id)).toEqual([applied.body.id]);
    const depList = await call(visibility, "GET", `${depUrl}?limit=1`);
    successSchema("listDepositAddressRequests").parse(depList.body);
    expect(depList.body).toMatchObject({ has_more: true });

    // an id of the other kind, or under another Program of the Tenant, is not found under this path
    expectError(await call(admin, "POST", `${smsUrl}/${requested.body.id}/withdraw`), 404, "not_found");
    const sibling = await makeProgram(portalA, { name: "Requests Sibling" });
    const viaSibling = `/am/v1/programs/${sibling.id}/sms-sender-id-requests/${applied.body.id}/withdraw`;
    expectError(await call(admin, "POST", viaSibling), 404, "not_found");
    const withdrawn = await call(admin, "POST", `${depUrl}/${requested.body.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(successSchema("withdrawDepositAddressRequest").parse(withdrawn.body)).toMatchObject({ status: "withdrawn" });
    expect((await call(admin, "POST", `${smsUrl}/${applied.body.id}/withdraw`)).body.status).toBe("withdrawn");
    const audit = await db.auditEvent.findMany({
      where: { tenantId: tenantA, targetId: { in: [applied.body.id, requested.body.id] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "request.deposit_address_type.submitted",
      "request.deposit_address_type.withdrawn",
      "request.sms_sender_id.submitted",
      "request.sms_sender_id.withdrawn",
    ]);
    expect(new Set(audit.map((a) => a.actorLabel))).toEqual(new Set([admin.actorLabel]));
  });

  it("refuses bad payloads with the portal's messages, duplicates, withdrawals in review, viewers and other Tenants", async () => {
    const p = await makeProgram(portalA, { name: "Requests Refusals" });
    const smsUrl = `/am/v1/programs/${p.id}/sms-sender-id-requests`;
    const depUrl = `/am/v1/programs/${p.id}/deposit-address-requests`;
    const before = await auditCount();
    const generic = await call(admin, "POST", smsUrl, { ...sms, senderId: "BANK" });
    expect(expectError(generic, 400, "invalid_request")).toMatchObject({
      field: "senderId",
      message: '"BANK" is a generic word carriers refuse; use your brand name.',
    });
    expect(
      expectError(await call(admin, "POST", smsUrl, { ...sms, countries: ["GBR"] }), 400, "invalid_request").field,
    ).toBe("countries.0");
    expectError(await call(admin, "POST", smsUrl, { ...sms, extra: 1 }), 400, "invalid_request");
    const noReplace = await call(admin, "POST", depUrl, { ...tron, mode: "substitute" });
    expect(expectError(noReplace, 400, "invalid_request")).toMatchObject({
      field: "replaces",
      message: "Say which default type it substitutes.",
    });
    expectError(await call(visibility, "POST", smsUrl, sms), 403, "insufficient_permissions");
    const foreign = `/am/v1/programs/${otherProgram}`;
    expectError(await call(admin, "POST", `${foreign}/sms-sender-id-requests`, sms), 404, "not_found");
    expectError(await call(admin, "GET", `${foreign}/deposit-address-requests`), 404, "not_found");
    expect(await auditCount()).toBe(before);

    const first = await call(admin, "POST", smsUrl, sms);
    expect(first.status).toBe(201);
    expect(expectError(await call(admin, "POST", smsUrl, sms), 409, "conflict").field).toBe("senderId");
    expect((await call(admin, "POST", depUrl, tron)).status).toBe(201);
    expect(expectError(await call(admin, "POST", depUrl, tron), 409, "conflict").field).toBe("addressType");

    expectError(await call(visibility, "POST", `${smsUrl}/${first.body.id}/withdraw`), 403, "insufficient_permissions");
    // another Tenant's API user cannot name this request, even through its own Program's path
    const portalB = await makeCtx("tenant_admin", { tenantId: (await makeTenant("Res C")).id });
    const adminB = await apiCtx(portalB, "tenant_admin");
    const programB = await makeProgram(portalB);
    const viaOwn = `/am/v1/programs/${programB.id}/sms-sender-id-requests/${first.body.id}/withdraw`;
    expectError(await call(adminB, "POST", viaOwn), 404, "not_found");
    expectError(await call(adminB, "POST", `${smsUrl}/${first.body.id}/withdraw`), 404, "not_found");

    await startReview(await makeCtx("staff_reviewer"), first.body.id);
    const inReview = await call(admin, "POST", `${smsUrl}/${first.body.id}/withdraw`);
    expect(expectError(inReview, 409, "conflict").message).toContain("reviewing");
    expect((await db.programRequest.findUnique({ where: { id: first.body.id } }))?.status).toBe("in_review");
  });
});

describe("AM API resources: transactions CSV export", () => {
  it("streams every transaction matching the list's filters as text/csv, in the list's order", async () => {
    const p = await makeProgram(portalA, { name: "Csv Res" });
    const at = (i: number) => new Date(Date.now() - i * 60_000).toISOString();
    await ingestTransactions(
      operatorCtx({ actor: "test", tenantId: tenantA }),
      Array.from({ length: 7 }, (_, i) => ({
        id: `csv_tx_${i}`,
        programId: p.id,
        type: "purchase",
        status: i % 3 === 0 ? "declined" : "completed",
        amount: `${i + 1}.00`,
        currency: "EUR",
        cardLast4: "4242",
        cardholderRef: `ch_${i}`,
        merchantName: i === 1 ? "=HYPERLINK(1)" : 'Cafe "Roma", Milano',
        createdAt: at(i),
      })),
    );
    const filters = `program=${p.id}&status=completed&sort=amount_asc`;
    const r = await call(visibility, "GET", `/am/v1/transactions.csv?${filters}`);
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(r.headers["cache-control"]).toBe("no-store");
    const lines = r.text!.split("\r\n");
    expect(lines[0]).toBe(
      "id,created_at,program_id,program,type,status,amount,currency,card_last4,cardholder_ref,merchant,mcc,merchant_country,reference",
    );
    expect(lines.at(-1)).toBe("");
    const rows = lines.slice(1, -1);
    const list = await call(visibility, "GET", `/am/v1/transactions?${filters}&limit=100`);
    expect(rows.map((l) => l.split(",")[0])).toEqual(list.body.data.map((t: { id: string }) => t.id));
    expect(rows.map((l) => l.split(",")[0])).toEqual(["csv_tx_1", "csv_tx_2", "csv_tx_4", "csv_tx_5"]);
    expect(rows[0]).toContain(`'=HYPERLINK(1)`);
    expect(rows[1]).toContain('"Cafe ""Roma"", Milano"');
    const all = await call(admin, "GET", `/am/v1/transactions.csv?program=${p.id}`);
    expect(all.text!.split("\r\n").slice(1, -1)).toHaveLength(7);
    expect(successSchema("exportTransactionsCsv").safeParse(all.text).success).toBe(true);
  });

  it("refuses invalid filters, unknown parameters and other Tenants' Programs before streaming anything", async () => {
    const bad = await call(admin, "GET", "/am/v1/transactions.csv?min=5&max=1");
    expect(expectError(bad, 400, "invalid_request").field).toBe("max");
    expect(bad.text).toBeNull();
    expect(
      expectError(await call(admin, "GET", "/am/v1/transactions.csv?limit=5"), 400, "invalid_request").message,
    ).toContain('"limit"');
    expectError(await call(admin, "GET", "/am/v1/transactions.csv?from=2026-02-31"), 400, "invalid_request");
    const foreign = await call(admin, "GET", `/am/v1/transactions.csv?program=${otherProgram}`);
    expectError(foreign, 404, "not_found");
    expect(foreign.text).toBeNull();
    expectError(await call(admin, "POST", "/am/v1/transactions.csv"), 405, "method_not_allowed");
  });

  it("documents the export as text/csv", () => {
    const doc = openApiDocument() as {
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>>;
    };
    const ok = doc.paths["/am/v1/transactions.csv"].get.responses["200"];
    expect(Object.keys(ok.content)).toEqual(["text/csv"]);
    expect(ok.content["text/csv"]).toMatchObject({ schema: { type: "string" } });
  });
});
