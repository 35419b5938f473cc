import { PassThrough } from "node:stream";
import type { IncomingMessage } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { errorBodySchema } from "@/lib/am-api/errors";
import type { Operation } from "@/lib/am-api/operation";
import { OPERATIONS } from "@/lib/am-api/operations";
import { respond, serveAm } from "@/lib/am-api/serve";
import { createApiUser, disableApiUser } from "@/lib/api-users/service";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import {
  ctxOf,
  encodeCase,
  FIXTURES,
  makeWorld,
  urlOf,
  type Case,
  type World,
} from "@/lib/am-api/testing/contract-fixtures";
import { responseValidator } from "@/lib/am-api/testing/response-validator";

// The isolation matrix of the AM API, for every operation of OPERATIONS (a new one without a contract fixture
// fails): another Tenant's ids answer 404; tenant_visibility credentials cannot write (403) and can read;
// program-level, white-label, disabled and staging callers get 404 on every path. Nothing refused writes anything
// (every change of a Tenant lands in its audit log, so its count is the witness). The same matrix over the real
// mTLS gateway, for a sample, is in gateway.test.ts.

let a: World;
let b: World;
const check = responseValidator();
let seq = 0;
/** the operations the cross-Tenant check ran for */
const crossChecked: string[] = [];

beforeAll(async () => {
  a = await makeWorld("Iso A");
  b = await makeWorld("Iso B");
}, 120_000);

async function run(op: Operation, ctx: Ctx, c: Case) {
  const requestId = `req_iso_${++seq}`;
  const { contentType, bytes } = await encodeCase(c);
  const r = await respond(
    ctx,
    { method: op.method, url: urlOf(op, c), contentType, readBody: async () => bytes },
    requestId,
  );
  const body = r.stream ? await new Response(r.stream).text() : (JSON.parse(JSON.stringify(r.body)) as unknown);
  return { status: r.status, body, requestId };
}

const auditCounts = async () =>
  Promise.all([a, b].map((w) => db.auditEvent.count({ where: { tenantId: w.tenantId } })));

function expectError(r: { status: number; body: unknown; requestId?: string }, status: number, code: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const e = errorBodySchema.parse(r.body).error;
  expect(e.code).toBe(code);
  if (r.requestId) expect(e.request_id).toBe(r.requestId);
}

/** The ids of a World, to tell whether a case names one of them. */
const idsOf = (w: World) =>
  [
    w.programId,
    w.bankProgramId,
    w.walletId,
    w.apiUserId,
    w.keyId,
    w.certificateId,
    w.allowlistEntryId,
    w.endpointId,
    w.transactionId,
    w.feeProgramId,
    w.designProgramId,
    ...w.created,
  ].filter(Boolean);

describe("the AM API isolation matrix", () => {
  it("covers every operation", () => {
    expect(OPERATIONS.filter((op) => !FIXTURES[op.id]).map((op) => op.id)).toEqual([]);
  });

  describe("Tenant A's tenant_admin credentials on Tenant B's ids: 404, nothing written", () => {
    for (const op of OPERATIONS) {
      const pathId = /\{\w+_id\}/.test(op.path);
      it(`${op.id}${pathId ? "" : " (when its call names an id of B)"}`, async () => {
        const c = await FIXTURES[op.id].valid(b);
        const namesB = JSON.stringify(c)
          .match(/"[^"]*"/g)
          ?.some((s) => idsOf(b).some((id) => s.includes(id)));
        if (pathId) expect(namesB, `${op.id}: its valid case should name an id of the World`).toBe(true);
        if (!namesB) return;
        // sanity: B's own admin may make that very call (the 404 below is isolation, not a broken case)
        if (!op.mutates) expect((await run(op, ctxOf(b, c), c)).status).toBe(op.status ?? 200);
        const before = await auditCounts();
        const r = await run(op, a.admin, c);
        expectError(r, 404, "not_found");
        expect(check(op, r.status, r.body)).toBeNull();
        expect(JSON.stringify(r.body)).not.toContain(b.legalName);
        expect(await auditCounts()).toEqual(before);
        crossChecked.push(op.id);
      });
    }
    it("ran for every operation with a path id, and those naming one in the query or body", () => {
      const withPathId = OPERATIONS.filter((op) => /\{\w+_id\}/.test(op.path)).map((op) => op.id);
      expect(crossChecked).toEqual(expect.arrayContaining(withPathId));
      expect(crossChecked).toEqual(expect.arrayContaining(["listTransactions", "submitCsr"]));
      console.info(`cross-Tenant 404 checked for ${crossChecked.length} operations: ${crossChecked.join(", ")}`);
    });
  });

  it("answers 404 to A when a filter or a body names B's Program, writing nothing", async () => {
    const cases: [string, Case][] = [
      ["listApiUsers", { query: { program_id: b.programId } }],
      ["listAllowlistEntries", { query: { program_id: b.programId } }],
      ["listCertificates", { query: { program_id: b.programId } }],
      ["listWebhookEndpoints", { query: { program_id: b.programId } }],
      ["getBalances", { query: { program: b.programId } }],
      ["createApiUser", { body: { name: "Cross", pattern: "program", programId: b.programId } }],
      ["addAllowlistEntry", { body: { cidr: "45.1.2.0/28", description: "Cross", programId: b.programId } }],
      [
        "addWebhookEndpoint",
        { body: { url: "https://127.0.0.1:9/x", events: ["certificate.issued"], programId: b.programId } },
      ],
    ];
    for (const [id, c] of cases) {
      const op = OPERATIONS.find((o) => o.id === id)!;
      const before = await auditCounts();
      const r = await run(op, a.admin, c);
      expectError(r, 404, "not_found");
      expect(await auditCounts(), id).toEqual(before);
    }
  });

  describe("tenant_visibility credentials", () => {
    for (const op of OPERATIONS)
      it(
        op.mutates ? `are refused ${op.id} with 403 insufficient_permissions, nothing written` : `may ${op.id}`,
        async () => {
          const c = await FIXTURES[op.id].valid(a);
          const before = await auditCounts();
          const r = await run(op, a.visibility, c);
          if (!op.mutates) {
            expect(r.status, JSON.stringify(r.body)).toBe(op.status ?? 200);
            return;
          }
          expectError(r, 403, "insufficient_permissions");
          expect(check(op, r.status, r.body)).toBeNull();
          expect(await auditCounts()).toEqual(before);
        },
      );
  });

  describe("callers without a tenant-level production credential get 404 on every path, nothing written", () => {
    /** one request through serveAm as the gateway hands it over, after its own checks */
    async function serve(op: Operation, c: Case, caller: { environment: Environment; apiUserId: string | null }) {
      const { contentType, bytes } = await encodeCase(c);
      const payload = bytes ?? Buffer.alloc(0);
      const stream = new PassThrough();
      stream.end(payload);
      const req = Object.assign(stream, {
        method: op.method,
        url: urlOf(op, c),
        headers: {
          "content-type": contentType,
          "content-length": String(payload.length),
          "idempotency-key": `iso-${++seq}`,
        },
      }) as unknown as IncomingMessage;
      const r = await serveAm(req, { ...caller, ip: "198.51.100.7" });
      return { status: r.status, headers: r.headers ?? {}, body: JSON.parse(JSON.stringify(r.body)) as unknown };
    }

    let callers: Record<string, { environment: Environment; apiUserId: string | null }>;
    beforeAll(async () => {
      const mk = async (pattern: "program" | "white_label" | "tenant_admin", programId: string | null) =>
        (await createApiUser(a.admin, { name: `iso ${pattern} ${++seq}`, pattern, programId })).id;
      const disabled = await mk("tenant_admin", null);
      await disableApiUser(a.admin, disabled);
      callers = {
        "program-level": { environment: "production", apiUserId: await mk("program", a.programId) },
        "white-label": { environment: "production", apiUserId: await mk("white_label", a.programId) },
        "disabled tenant_admin": { environment: "production", apiUserId: disabled },
        "tenant_admin on the staging listener": { environment: "staging", apiUserId: a.adminUserId },
        "no API user": { environment: "production", apiUserId: null },
      };
    });

    it("serves the same calls to A's tenant_admin (the harness itself can succeed)", async () => {
      const op = OPERATIONS.find((o) => o.id === "listPrograms")!;
      const r = await serve(op, await FIXTURES.listPrograms.valid(a), {
        environment: "production",
        apiUserId: a.adminUserId,
      });
      expect(r.status).toBe(200);
      expect(check(op, r.status, r.body)).toBeNull();
    });

    for (const who of [
      "program-level",
      "white-label",
      "disabled tenant_admin",
      "tenant_admin on the staging listener",
      "no API user",
    ])
      it(
        who,
        async () => {
          const start = new Date();
          const apiUserId = callers[who].apiUserId;
          for (const op of OPERATIONS) {
            const c = await FIXTURES[op.id].valid(a); // its setup writes through the services: count after it
            const before = await auditCounts();
            const r = await serve(op, c, callers[who]);
            expect(r.status, `${who} ${op.id}`).toBe(404);
            const e = errorBodySchema.parse(r.body).error;
            expect(e.code).toBe("not_found");
            expect(e.request_id).toBe(r.headers["x-request-id"]);
            expect(check(op, r.status, r.body)).toBeNull();
            expect(await auditCounts(), `${who} ${op.id} wrote`).toEqual(before);
          }
          // nor is it logged as a call of that API user (lines carry the call's time, however late they are written)
          if (apiUserId)
            expect(await db.apiRequestLog.count({ where: { apiUserId, createdAt: { gte: start } } })).toBe(0);
        },
        60_000,
      );
  });
});
