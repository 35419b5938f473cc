import { createHash } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { errorBodySchema } from "@/lib/am-api/errors";
import { purgeAmApiState } from "@/lib/am-api/housekeeping";
import { CLAIM_ABANDONED_MS, IDEMPOTENCY_TTL_MS, parseIdempotencyKey } from "@/lib/am-api/idempotency";
import { listEnvelope } from "@/lib/am-api/operation";
import { openApiDocument } from "@/lib/am-api/openapi";
import { OPERATIONS } from "@/lib/am-api/operations";
import { logApiCall } from "@/lib/am-api/request-log";
import { listApiRequests, requestLogFilterSchema } from "@/lib/am-api/request-log-view";
import { amCtx, respond } from "@/lib/am-api/serve";
import type { ApiUserPattern } from "@/lib/api-users/schemas";
import { createApiUser } from "@/lib/api-users/service";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { setBankCredentials } from "@/lib/bank/service";
import { db } from "@/lib/db";
import { ingestTransactions } from "@/lib/monitoring/ingest";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { opensslCsr } from "@/lib/testing/openssl";

let admin: Ctx; // a tenant_admin API user of Tenant A
let adminUserId: string;
let visibility: Ctx; // a tenant_visibility API user of Tenant A
let tenantA: string;
let legalNameA: string;
let otherProgram: string; // a Program of Tenant B

async function apiCtx(portalAdmin: Ctx, pattern: ApiUserPattern, programId: string | null = null): Promise<Ctx | null> {
  const u = await createApiUser(portalAdmin, { name: `api ${pattern} ${Math.random()}`, pattern, programId });
  if (pattern === "tenant_admin") adminUserId ??= u.id;
  return amCtx(u.id, { ip: "198.51.100.7", userAgent: "vitest" });
}

beforeAll(async () => {
  const a = await makeTenant("Api A");
  const b = await makeTenant("Api B");
  tenantA = a.id;
  legalNameA = a.legalName;
  const portalA = await makeCtx("tenant_admin", { tenantId: a.id });
  const portalB = await makeCtx("tenant_admin", { tenantId: b.id });
  await makeProgram(portalA, { name: "Alpha One" });
  otherProgram = (await makeProgram(portalB, { name: "Beta One" })).id;
  admin = (await apiCtx(portalA, "tenant_admin"))!;
  visibility = (await apiCtx(portalA, "tenant_visibility"))!;
});

/** One call as the gateway makes it, its reply's body as the wire carries it (JSON). */
async function call(
  ctx: Ctx,
  method: string,
  url: string,
  body?: unknown,
  contentType = "application/json",
  idempotency?: { apiUserId: string; key: string },
) {
  const raw = body === undefined ? null : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  const r = await respond(ctx, { method, url, contentType, readBody: async () => raw, idempotency }, "req_test");
  return { status: r.status, headers: r.headers ?? {}, body: JSON.parse(JSON.stringify(r.body)) };
}

/** The documented success schema of an operation, to check a reply against the contract. */
function successSchema(id: string): z.ZodType {
  const op = OPERATIONS.find((o) => o.id === id)!;
  return op.list ? listEnvelope(op.response) : op.response;
}
const expectError = (r: { body: unknown }, code: string) => {
  const e = errorBodySchema.parse(r.body);
  expect(e.error.code).toBe(code);
  expect(e.error.request_id).toBe("req_test");
  return e.error;
};

describe("Account Management API (lib/am-api)", () => {
  it("gives tenant-level API users their pattern's role and program-level ones nothing", async () => {
    expect(admin).toMatchObject({
      role: "tenant_admin",
      tenantId: tenantA,
      environment: "production",
      programId: null,
    });
    expect(admin.actorLabel).toMatch(/^api:/);
    expect(visibility.role).toBe("tenant_viewer");
    const portal = await makeCtx("tenant_admin", { tenantId: tenantA });
    const program = await makeProgram(portal, { name: "Program Cred" });
    expect(await apiCtx(portal, "program", program.id)).toBeNull();
    expect(await apiCtx(portal, "white_label", program.id)).toBeNull();
    expect(await amCtx(null, { ip: "198.51.100.7", userAgent: null })).toBeNull();
  });

  it("creates, reads, lists and changes Programs with the documented shapes, audited as the API user", async () => {
    const created = await call(admin, "POST", "/am/v1/programs", {
      name: "Api Created",
      baseCurrency: "EUR",
      transactionLimit: "2500.00",
      threeDsEnabled: true,
      feeTemplate: "standard_debit",
    });
    expect(created.status).toBe(201);
    const p = successSchema("createProgram").parse(created.body) as { id: string; transactionLimitMinor: string };
    expect(p.transactionLimitMinor).toBe("250000");

    const got = await call(admin, "GET", `/am/v1/programs/${p.id}`);
    expect(got.status).toBe(200);
    successSchema("getProgram").parse(got.body);

    const changed = await call(admin, "PATCH", `/am/v1/programs/${p.id}`, {
      transactionLimit: "3000.00",
      threeDsEnabled: false,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ transactionLimit: "3000.00", threeDsEnabled: false });

    const list = await call(admin, "GET", "/am/v1/programs?limit=100");
    const page = successSchema("listPrograms").parse(list.body) as { data: { id: string }[]; has_more: boolean };
    expect(page.data.map((x) => x.id)).toContain(p.id);
    expect(page.has_more).toBe(false);

    const audit = await db.auditEvent.findMany({ where: { tenantId: tenantA, targetId: p.id } });
    expect(audit.map((a) => a.action).sort()).toEqual(["program.configured", "program.created"]);
    expect(new Set(audit.map((a) => a.actorLabel))).toEqual(new Set([admin.actorLabel]));
  });

  it("pages lists with limit and starting_after, and refuses a cursor that names nothing", async () => {
    for (const n of ["Page A", "Page B", "Page C"])
      await call(admin, "POST", "/am/v1/programs", {
        name: n,
        baseCurrency: "USD",
        transactionLimit: "10.00",
        feeTemplate: "standard_debit",
      });
    const all = (await call(admin, "GET", "/am/v1/programs?limit=100")).body.data.map((p: { id: string }) => p.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await call(admin, "GET", `/am/v1/programs?limit=2${cursor ? `&starting_after=${cursor}` : ""}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.data.map((p: { id: string }) => p.id));
      expect(r.body.data.length).toBeLessThanOrEqual(2);
      cursor = r.body.has_more ? r.body.next_cursor : null;
      if (!r.body.has_more) expect(r.body.next_cursor).toBeNull();
    } while (cursor);
    expect(seen).toEqual(all);
    const bad = await call(admin, "GET", "/am/v1/programs?starting_after=prg_nothing");
    expect(bad.status).toBe(400);
    expect(expectError(bad, "invalid_request").field).toBe("starting_after");
  });

  it("answers bad input with a specific error and writes nothing", async () => {
    const before = await db.program.count({ where: { tenantId: tenantA } });
    const missing = await call(admin, "POST", "/am/v1/programs", { baseCurrency: "EUR" });
    expect(missing.status).toBe(400);
    expect(expectError(missing, "invalid_request").field).toBe("name");
    const extra = await call(admin, "POST", "/am/v1/programs", {
      name: "Extra Field",
      baseCurrency: "EUR",
      transactionLimit: "1.00",
      feeTemplate: "standard_debit",
      admin: true,
    });
    expect(extra.status).toBe(400);
    const badLimit = await call(admin, "POST", "/am/v1/programs", {
      name: "Bad Limit",
      baseCurrency: "JPY",
      transactionLimit: "1.50",
      feeTemplate: "standard_debit",
    });
    expect(badLimit.status).toBe(400);
    expect(expectError(badLimit, "invalid_request").field).toBe("transactionLimit");
    const notJson = await call(admin, "POST", "/am/v1/programs", "{name:", "application/json");
    expect(expectError(notJson, "invalid_json")).toBeTruthy();
    expect(notJson.status).toBe(400);
    const form = await call(admin, "POST", "/am/v1/programs", "name=x", "application/x-www-form-urlencoded");
    expect(form.status).toBe(415);
    expectError(form, "unsupported_media_type");
    const unknownParam = await call(admin, "GET", "/am/v1/programs?limt=5");
    expect(unknownParam.status).toBe(400);
    expect(expectError(unknownParam, "invalid_request").message).toContain('"limt"');
    for (const limit of ["0", "101", "abc", "1.5"])
      expect((await call(admin, "GET", `/am/v1/programs?limit=${limit}`)).status).toBe(400);
    expect(await db.program.count({ where: { tenantId: tenantA } })).toBe(before);
  });

  it("lets visibility credentials read but not write (403 insufficient_permissions), and hides other Tenants", async () => {
    expect((await call(visibility, "GET", "/am/v1/programs")).status).toBe(200);
    const before = await db.program.count({ where: { tenantId: tenantA } });
    const write = await call(visibility, "POST", "/am/v1/programs", {
      name: "Viewer Made",
      baseCurrency: "EUR",
      transactionLimit: "1.00",
      feeTemplate: "standard_debit",
    });
    expect(write.status).toBe(403);
    expectError(write, "insufficient_permissions");
    expect(await db.program.count({ where: { tenantId: tenantA } })).toBe(before);

    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { transactionLimit: "1.00", threeDsEnabled: true }],
    ] as const) {
      const r = await call(admin, method, `/am/v1/programs/${otherProgram}`, body);
      expect(r.status).toBe(404);
      expectError(r, "not_found");
    }
    expect((await call(admin, "GET", `/am/v1/api-users?program_id=${otherProgram}`)).status).toBe(404);
    expect((await call(admin, "GET", `/am/v1/allowlist?program_id=${otherProgram}`)).status).toBe(404);
  });

  it("answers unknown paths 404 and wrong methods 405 with Allow", async () => {
    const none = await call(admin, "GET", "/am/v1/nothing-here");
    expect(none.status).toBe(404);
    expectError(none, "not_found");
    const wrong = await call(admin, "PUT", "/am/v1/programs");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe("GET, POST");
    expect((await call(admin, "GET", "/am/v1/programs/%E0%A4%A")).status).toBe(404);
  });

  it("manages API users and the production allowlist of the Tenant", async () => {
    const u = await call(admin, "POST", "/am/v1/api-users", { name: "Automation", pattern: "tenant_visibility" });
    expect(u.status).toBe(201);
    successSchema("createApiUser").parse(u.body);
    const disabled = await call(admin, "POST", `/am/v1/api-users/${u.body.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).not.toBeNull();
    expect((await call(admin, "POST", `/am/v1/api-users/${u.body.id}/disable`)).status).toBe(409);

    const added = await call(admin, "POST", "/am/v1/allowlist", { cidr: "203.0.113.0/28", description: "Office NAT" });
    expect(added.status).toBe(201);
    expect(successSchema("addAllowlistEntry").parse(added.body)).toMatchObject({ environment: "production" });
    const listed = await call(admin, "GET", "/am/v1/allowlist");
    successSchema("listAllowlistEntries").parse(listed.body);
    expect(listed.body.data.map((e: { id: string }) => e.id)).toContain(added.body.id);
    const removed = await call(admin, "DELETE", `/am/v1/allowlist/${added.body.id}`);
    expect(removed.body).toEqual({ id: added.body.id, deleted: true });
    expect((await call(admin, "DELETE", `/am/v1/allowlist/${added.body.id}`)).status).toBe(404);
  });

  it("documents exactly the operations it routes, in a valid OpenAPI 3.1 document", async () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { operationId: string }>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ms]) =>
      Object.entries(ms).map(([m, o]) => `${m.toUpperCase()} ${p} ${o.operationId}`),
    );
    expect(documented.sort()).toEqual(OPERATIONS.map((o) => `${o.method} ${o.path} ${o.id}`).sort());
    expect(new Set(OPERATIONS.map((o) => o.id)).size).toBe(OPERATIONS.length);
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const served = await call(admin, "GET", "/am/v1/openapi.json");
    expect(served.status).toBe(200);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it("runs a POST with an Idempotency-Key once and replays its answer; another request with the key is 409", async () => {
    const body = { name: "Idem One", baseCurrency: "EUR", transactionLimit: "1.00", feeTemplate: "standard_debit" };
    const idem = { apiUserId: adminUserId, key: `key-${Math.random()}` };
    const first = await call(admin, "POST", "/am/v1/programs", body, "application/json", idem);
    expect(first.status).toBe(201);
    const again = await call(admin, "POST", "/am/v1/programs", body, "application/json", idem);
    expect(again).toEqual({ status: 201, headers: { "idempotent-replayed": "true" }, body: first.body });
    expect(await db.program.count({ where: { tenantId: tenantA, name: "Idem One" } })).toBe(1);
    const other = await call(admin, "POST", "/am/v1/programs", { ...body, name: "Idem Two" }, "application/json", idem);
    expect(other.status).toBe(409);
    expectError(other, "idempotency_key_reused");
    expect(await db.program.count({ where: { tenantId: tenantA, name: "Idem Two" } })).toBe(0);
    // a refusal is an answer too: replayed, not re-run
    const badIdem = { apiUserId: adminUserId, key: `bad-${Math.random()}` };
    const bad = await call(admin, "POST", "/am/v1/programs", { name: "x" }, "application/json", badIdem);
    expect(bad.status).toBe(400);
    const badAgain = await call(admin, "POST", "/am/v1/programs", { name: "x" }, "application/json", badIdem);
    expect(badAgain).toMatchObject({ status: 400, headers: { "idempotent-replayed": "true" } });
  });

  it("executes concurrent duplicates of an idempotent POST once", async () => {
    const body = { name: "Idem Race", baseCurrency: "EUR", transactionLimit: "1.00", feeTemplate: "standard_debit" };
    const idem = { apiUserId: adminUserId, key: `race-${Math.random()}` };
    const replies = await Promise.all(
      Array.from({ length: 4 }, () => call(admin, "POST", "/am/v1/programs", body, "application/json", idem)),
    );
    expect(await db.program.count({ where: { tenantId: tenantA, name: "Idem Race" } })).toBe(1);
    expect(replies.filter((r) => r.status === 201 && !r.headers["idempotent-replayed"])).toHaveLength(1);
    for (const r of replies) {
      if (r.status === 409) expectError(r, "idempotency_key_in_use");
      else expect(r.status).toBe(201);
    }
  });

  it("a claim left in progress (its release lost with the database or the process) is freed after CLAIM_ABANDONED_MS", async () => {
    const body = { name: "Idem Lost", baseCurrency: "EUR", transactionLimit: "1.00", feeTemplate: "standard_debit" };
    const idem = { apiUserId: adminUserId, key: `lost-${Math.random()}` };
    const raw = JSON.stringify(body);
    const fingerprint = createHash("sha256").update("POST /am/v1/programs\n").update(raw).digest("hex");
    const claim = await db.apiIdempotencyKey.create({
      data: { ...idem, fingerprint, expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS) },
    });
    const busy = await call(admin, "POST", "/am/v1/programs", body, "application/json", idem);
    expect(busy.status).toBe(409);
    expectError(busy, "idempotency_key_in_use");
    await db.apiIdempotencyKey.update({
      where: { id: claim.id },
      data: { createdAt: new Date(Date.now() - CLAIM_ABANDONED_MS - 1_000) },
    });
    const retried = await call(admin, "POST", "/am/v1/programs", body, "application/json", idem);
    expect(retried.status).toBe(201);
    expect(await db.program.count({ where: { tenantId: tenantA, name: "Idem Lost" } })).toBe(1);
    const replay = await call(admin, "POST", "/am/v1/programs", body, "application/json", idem);
    expect(replay).toMatchObject({ status: 201, headers: { "idempotent-replayed": "true" } });
  });

  it("checks the Idempotency-Key header", () => {
    expect(parseIdempotencyKey(undefined)).toBeNull();
    expect(parseIdempotencyKey("a-b_c.1")).toBe("a-b_c.1");
    for (const bad of ["", "x".repeat(256), "has space", "é", ["a", "b"]])
      expect(() => parseIdempotencyKey(bad)).toThrow(/Idempotency-Key must be/);
  });

  it("forgets expired idempotency keys, old rate windows and request-log lines older than 30 days", async () => {
    const now = new Date();
    const day = 86_400_000;
    await db.apiIdempotencyKey.createMany({
      data: [
        { apiUserId: "u_purge", key: "old", fingerprint: "x", expiresAt: new Date(now.getTime() - 1) },
        { apiUserId: "u_purge", key: "live", fingerprint: "x", expiresAt: new Date(now.getTime() + day) },
      ],
    });
    const minute = Math.floor(now.getTime() / 60_000);
    await db.apiRateWindow.createMany({
      data: [
        { apiUserId: "u_purge", window: minute - 5, count: 3 },
        { apiUserId: "u_purge", window: minute, count: 3 },
      ],
    });
    const line = { tenantId: tenantA, apiUserId: "u_purge", method: "GET", path: "/am/v1/programs", status: 200 };
    await db.apiRequestLog.createMany({
      data: [
        { ...line, latencyMs: 1, requestId: "old", createdAt: new Date(now.getTime() - 31 * day) },
        { ...line, latencyMs: 1, requestId: "new", createdAt: new Date(now.getTime() - 29 * day) },
      ],
    });
    await purgeAmApiState(now);
    const where = { apiUserId: "u_purge" };
    expect((await db.apiIdempotencyKey.findMany({ where })).map((k) => k.key)).toEqual(["live"]);
    expect((await db.apiRateWindow.findMany({ where })).map((w) => w.window)).toEqual([minute]);
    expect((await db.apiRequestLog.findMany({ where })).map((l) => l.requestId)).toEqual(["new"]);
  });

  it("issues, lists, rotates and revokes API keys; the key is shown once, never replayed", async () => {
    const user = await call(admin, "POST", "/am/v1/api-users", { name: "Keyed", pattern: "tenant_admin" });
    const idem = { apiUserId: adminUserId, key: `keys-${Math.random()}` };
    const issued = await call(admin, "POST", `/am/v1/api-users/${user.body.id}/keys`, {}, "application/json", idem);
    expect(issued.status).toBe(201);
    successSchema("createApiKey").parse(issued.body);
    expect(issued.body.key).toMatch(/^axys_/);
    expect(issued.body.apiKey.environment).toBe("production");
    const replay = await call(admin, "POST", `/am/v1/api-users/${user.body.id}/keys`, {}, "application/json", idem);
    expect(replay.status).toBe(409);
    expect(JSON.stringify(replay.body)).not.toContain(issued.body.key);
    expect(JSON.stringify(await db.apiIdempotencyKey.findMany())).not.toContain(issued.body.key);
    const second = await call(admin, "POST", `/am/v1/api-users/${user.body.id}/keys`, {});
    expect(second.status).toBe(409);
    const rotated = await call(admin, "POST", `/am/v1/api-keys/${issued.body.apiKey.id}/rotate`, { overlap: "1h" });
    expect(rotated.status).toBe(201);
    expect(rotated.body.apiKey.replacesId).toBe(issued.body.apiKey.id);
    const list = await call(admin, "GET", `/am/v1/api-users/${user.body.id}/keys`);
    successSchema("listApiKeys").parse(list.body);
    expect(list.body.data.map((k: { status: string }) => k.status).sort()).toEqual(["active", "overlap"]);
    expect(JSON.stringify(list.body)).not.toContain(rotated.body.key);
    const revoked = await call(admin, "POST", `/am/v1/api-keys/${rotated.body.apiKey.id}/revoke`);
    expect(revoked.body.status).toBe("revoked");
    const badOverlap = await call(admin, "POST", `/am/v1/api-keys/${issued.body.apiKey.id}/rotate`, { overlap: "9d" });
    expect(badOverlap.status).toBe(400);
    expect((await call(visibility, "POST", `/am/v1/api-keys/${issued.body.apiKey.id}/revoke`)).status).toBe(403);
  });

  it("issues a certificate from a CSR, serves it with its chain, and revokes it", async () => {
    const csr = opensslCsr("ec:P-256", `/O=${legalNameA}/OU=tenant/CN=api.example.com`);
    const user = await call(admin, "POST", "/am/v1/api-users", { name: "Certified", pattern: "tenant_admin" });
    const issued = await call(admin, "POST", "/am/v1/certificates", { apiUserId: user.body.id, csrPem: csr.csrPem });
    expect(issued.status).toBe(201);
    successSchema("submitCsr").parse(issued.body);
    expect(issued.body.certificatePem).toContain("BEGIN CERTIFICATE");
    const got = await call(admin, "GET", `/am/v1/certificates/${issued.body.id}`);
    expect(got.body.caCertificatePem).toContain("BEGIN CERTIFICATE");
    const list = await call(admin, "GET", "/am/v1/certificates");
    successSchema("listCertificates").parse(list.body);
    expect(list.body.data.map((c: { id: string }) => c.id)).toContain(issued.body.id);
    const wrongO = opensslCsr("ec:P-256", "/O=Someone Else/OU=tenant/CN=api.example.com");
    const refused = await call(admin, "POST", "/am/v1/certificates", {
      apiUserId: user.body.id,
      csrPem: wrongO.csrPem,
    });
    expect(refused.status).toBe(400);
    expect(expectError(refused, "csr_subject_o").message).toContain(legalNameA);
    const revoked = await call(admin, "POST", `/am/v1/certificates/${issued.body.id}/revoke`, {
      reason: "keyCompromise",
    });
    expect(revoked.status).toBe(200);
    successSchema("revokeCertificate").parse(revoked.body);
    expect((await call(admin, "GET", `/am/v1/certificates/${issued.body.id}`)).body.status).toBe("revoked");
  });

  it("lists audit events with filters and a keyset cursor, and webhook endpoints of the Tenant only", async () => {
    const first = await call(admin, "GET", "/am/v1/audit-events?action=program.&limit=2");
    expect(first.status).toBe(200);
    successSchema("listAuditEvents").parse(first.body);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.data.every((e: { action: string }) => e.action.startsWith("program."))).toBe(true);
    const next = await call(
      admin,
      "GET",
      `/am/v1/audit-events?action=program.&limit=2&starting_after=${first.body.next_cursor}`,
    );
    expect(next.body.data[0].id).not.toBe(first.body.data[1].id);
    expect((await call(admin, "GET", "/am/v1/audit-events?from=2026-02-31")).status).toBe(400);

    expect((await call(admin, "GET", "/am/v1/webhook-endpoints")).body).toEqual({
      data: [],
      has_more: false,
      next_cursor: null,
    });
    const http = await call(admin, "POST", "/am/v1/webhook-endpoints", {
      url: "http://hooks.example.com/",
      events: ["certificate.issued"],
    });
    expect(http.status).toBe(400);
    expect(expectError(http, "invalid_request").field).toBe("url");
    expect((await call(admin, "GET", `/am/v1/webhook-endpoints?program_id=${otherProgram}`)).status).toBe(404);
    expect((await call(admin, "GET", "/am/v1/webhook-endpoints/whe_nothing")).status).toBe(404);
    expect((await call(visibility, "POST", "/am/v1/webhook-deliveries/d_x/replay")).status).toBe(403);
  });

  it("shows bank credentials masked, reveals them to admins only (audited, never stored for a replay), and manages wallets", async () => {
    const portal = await makeCtx("tenant_admin", { tenantId: tenantA });
    const program = await makeProgram(portal, { name: "Banked" });
    expect((await call(admin, "GET", `/am/v1/programs/${program.id}/bank-credentials`)).status).toBe(404);
    await setBankCredentials(operatorCtx({ actor: "test", tenantId: tenantA }), {
      programId: program.id,
      scheme: "iban",
      accountNumber: "GB82 WEST 1234 5698 7654 32",
      bic: "NWBKGB2L",
      accountHolder: "Acme Cards Ltd",
      paymentReferenceFormat: "AXYS-{cardholderId}",
    });
    const masked = await call(visibility, "GET", `/am/v1/programs/${program.id}/bank-credentials`);
    expect(masked.status).toBe(200);
    successSchema("getBankCredentials").parse(masked.body);
    expect(JSON.stringify(masked.body)).not.toContain("98765432");
    expect((await call(visibility, "POST", `/am/v1/programs/${program.id}/bank-credentials/reveal`)).status).toBe(403);
    const idem = { apiUserId: adminUserId, key: `reveal-${Math.random()}` };
    const url = `/am/v1/programs/${program.id}/bank-credentials/reveal`;
    const revealed = await call(admin, "POST", url, undefined, "application/json", idem);
    expect(revealed.status).toBe(200);
    expect(successSchema("revealBankCredentials").parse(revealed.body)).toMatchObject({
      accountNumber: "GB82WEST12345698765432",
    });
    expect(JSON.stringify(await db.apiIdempotencyKey.findMany())).not.toContain("98765432");
    expect((await call(admin, "POST", url, undefined, "application/json", idem)).status).toBe(409);
    expect(
      await db.auditEvent.count({
        where: { tenantId: tenantA, action: "bank_credentials.revealed", actorLabel: admin.actorLabel },
      }),
    ).toBe(1);

    const wallet = await call(admin, "POST", `/am/v1/programs/${program.id}/wallets`, {
      chain: "evm",
      address: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
      label: "Treasury",
    });
    expect(wallet.status).toBe(201);
    successSchema("addWalletAddress").parse(wallet.body);
    const list = await call(admin, "GET", `/am/v1/programs/${program.id}/wallets`);
    expect(list.body.data).toHaveLength(1);
    const bad = await call(admin, "POST", `/am/v1/programs/${program.id}/wallets`, {
      chain: "bitcoin",
      address: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
      label: "Wrong chain",
    });
    expect(bad.status).toBe(400);
    expect((await call(admin, "DELETE", `/am/v1/programs/${otherProgram}/wallets/${wallet.body.id}`)).status).toBe(404);
    expect((await call(admin, "DELETE", `/am/v1/programs/${program.id}/wallets/${wallet.body.id}`)).status).toBe(200);
  });

  it("lists, pages and filters transactions, and answers the overview and balances of the Tenant", async () => {
    const portal = await makeCtx("tenant_admin", { tenantId: tenantA });
    const program = await makeProgram(portal, { name: "Monitored" });
    const at = (i: number) => new Date(Date.now() - i * 60_000).toISOString();
    await ingestTransactions(
      operatorCtx({ actor: "test", tenantId: tenantA }),
      Array.from({ length: 5 }, (_, i) => ({
        id: `am_tx_${i}`,
        programId: program.id,
        type: "purchase",
        status: i === 4 ? "declined" : "completed",
        amount: `${i + 1}.00`,
        currency: "EUR",
        cardLast4: "4242",
        cardholderRef: `ch_${i}`,
        createdAt: at(i),
      })),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await call(
        admin,
        "GET",
        `/am/v1/transactions?program=${program.id}&limit=2${cursor ? `&starting_after=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(r.status).toBe(200);
      successSchema("listTransactions").parse(r.body);
      seen.push(...r.body.data.map((t: { id: string }) => t.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(["am_tx_0", "am_tx_1", "am_tx_2", "am_tx_3", "am_tx_4"]);
    const declined = await call(admin, "GET", `/am/v1/transactions?program=${program.id}&status=declined`);
    expect(declined.body.data.map((t: { id: string }) => t.id)).toEqual(["am_tx_4"]);
    const invalid = await call(admin, "GET", `/am/v1/transactions?program=${program.id}&min=5&max=1`);
    expect(invalid.status).toBe(400);
    expect(expectError(invalid, "invalid_request").field).toBe("max");
    const one = await call(admin, "GET", "/am/v1/transactions/am_tx_4");
    expect(successSchema("getTransaction").parse(one.body)).toMatchObject({ status: "declined" });
    expect((await call(admin, "GET", `/am/v1/transactions?program=${otherProgram}`)).status).toBe(404);
    const overview = await call(visibility, "GET", `/am/v1/monitoring/overview?program=${program.id}`);
    expect(overview.status).toBe(200);
    expect(successSchema("getMonitoringOverview").parse(overview.body)).toMatchObject({ count: 5 });
    const balances = await call(visibility, "GET", "/am/v1/balances");
    expect(balances.status).toBe(200);
    successSchema("getBalances").parse(balances.body);
  });

  it("serves legal documents and a Program's partner visibility", async () => {
    const list = await call(visibility, "GET", "/am/v1/legal-documents");
    expect(list.status).toBe(200);
    successSchema("listLegalDocuments").parse(list.body);
    expect((await call(visibility, "GET", "/am/v1/legal-documents/nonsense")).status).toBe(400);
    const portal = await makeCtx("tenant_admin", { tenantId: tenantA });
    const program = await makeProgram(portal, { name: "Partnered" });
    const url = `/am/v1/programs/${program.id}/partner-visibility`;
    expect((await call(visibility, "GET", url)).body).toEqual({
      transactions: false,
      includeMerchant: false,
      balances: false,
      granularity: "daily",
    });
    const body = { exposeTransactions: true, includeMerchant: false, exposeBalances: true, granularity: "individual" };
    expect((await call(visibility, "POST", url, body)).status).toBe(403);
    const set = await call(admin, "POST", url, body);
    expect(set.status).toBe(200);
    expect(successSchema("setPartnerVisibility").parse(set.body)).toMatchObject({ transactions: true, balances: true });
    expect((await call(admin, "POST", `/am/v1/programs/${otherProgram}/partner-visibility`, body)).status).toBe(404);
  });

  it("shows an API user's request log to its Tenant only, filtered and paged", async () => {
    const line = (i: number, status: number, method = "GET") =>
      logApiCall({
        tenantId: tenantA,
        apiUserId: adminUserId,
        method,
        path: i % 2 ? "/am/v1/programs" : "/am/v1/allowlist",
        status,
        latencyMs: 3,
        ip: "198.51.100.7",
        requestId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        idempotencyKey: null,
        errorCode: status >= 400 ? "not_found" : null,
        at: new Date(Date.now() - i * 1000),
      });
    for (let i = 0; i < 6; i++) await line(i, i === 3 ? 404 : 200, i === 5 ? "POST" : "GET");
    const portal = await makeCtx("tenant_viewer", { tenantId: tenantA });
    const f = (over: Record<string, string> = {}) => requestLogFilterSchema.parse(over);
    const all = await listApiRequests(portal, adminUserId, f(), 4);
    expect(all.requests).toHaveLength(4);
    const rest = await listApiRequests(portal, adminUserId, f({ cursor: all.nextCursor! }), 100);
    expect([...all.requests, ...rest.requests].filter((r) => r.requestId.startsWith("00000000"))).toHaveLength(6);
    const errors = await listApiRequests(portal, adminUserId, f({ outcome: "client_error" }));
    expect(errors.requests.map((r) => r.status)).toEqual([404]);
    expect((await listApiRequests(portal, adminUserId, f({ method: "POST" }))).requests.map((r) => r.method)).toEqual([
      "POST",
    ]);
    const byId = await listApiRequests(portal, adminUserId, f({ requestId: "00000000-0000-4000-8000-000000000002" }));
    expect(byId.requests).toHaveLength(1);
    expect(requestLogFilterSchema.safeParse({ outcome: "nope" }).success).toBe(false);
    const stranger = await makeCtx("tenant_admin", { tenantId: (await makeTenant("Stranger")).id });
    await expect(listApiRequests(stranger, adminUserId, f())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
