import { beforeAll, describe, expect, it } from "vitest";
import { errorBodySchema } from "@/lib/am-api/errors";
import type { Operation } from "@/lib/am-api/operation";
import { OPERATIONS } from "@/lib/am-api/operations";
import { respond } from "@/lib/am-api/serve";
import { ctxOf, FIXTURES, makeWorld, urlOf, type Case, type World } from "@/lib/am-api/testing/contract-fixtures";
import { responseValidator } from "@/lib/am-api/testing/response-validator";

// Contract tests: every operation of OPERATIONS is called with valid input and once for each error status it
// documents, and every reply is checked against the OpenAPI document's schema for that path, method and status
// (ajv, JSON Schema 2020-12). An operation without a fixture in lib/am-api/testing/contract-fixtures.ts fails here.

let w: World;
const check = responseValidator();
let seq = 0;

beforeAll(async () => {
  w = await makeWorld("Contract");
}, 120_000);

async function run(op: Operation, c: Case) {
  const requestId = `req_contract_${++seq}`;
  const raw = c.body === undefined ? null : Buffer.from(JSON.stringify(c.body));
  const r = await respond(
    ctxOf(w, c),
    { method: op.method, url: urlOf(op, c), contentType: "application/json", readBody: async () => raw },
    requestId,
  );
  // the body as the wire carries it
  return { status: r.status, body: JSON.parse(JSON.stringify(r.body)) as unknown, requestId };
}

describe("the AM API contract", () => {
  it("has a fixture for every operation, covering exactly the error statuses it documents", () => {
    const missing = OPERATIONS.filter((op) => !FIXTURES[op.id]).map((op) => op.id);
    expect(missing, "operations without a contract fixture (lib/am-api/testing/contract-fixtures.ts)").toEqual([]);
    const stale = Object.keys(FIXTURES).filter((id) => !OPERATIONS.some((op) => op.id === id));
    expect(stale, "fixtures of operations that do not exist").toEqual([]);
    for (const op of OPERATIONS)
      expect(Object.keys(FIXTURES[op.id].errors).map(Number).sort(), `${op.id}: error cases`).toEqual(
        [...op.errors].sort(),
      );
  });

  for (const op of OPERATIONS) {
    describe(`${op.method} ${op.path} (${op.id})`, () => {
      it(`answers valid input ${op.status ?? 200} with the documented body`, async () => {
        const f = FIXTURES[op.id];
        expect(f, `no contract fixture for ${op.id}`).toBeDefined();
        const r = await run(op, await f.valid(w));
        expect(r.status, JSON.stringify(r.body)).toBe(op.status ?? 200);
        expect(check(op, r.status, r.body)).toBeNull();
        // a list shows at least one object, so the document's item schema is checked too
        if (op.list) expect((r.body as { data: unknown[] }).data.length, `${op.id}: an empty page`).toBeGreaterThan(0);
      });

      for (const status of op.errors)
        it(`answers its documented ${status} in the error shape, as documented`, async () => {
          const make = FIXTURES[op.id]?.errors[status];
          expect(make, `no ${status} case for ${op.id}`).toBeDefined();
          const r = await run(op, await make(w));
          expect(r.status, JSON.stringify(r.body)).toBe(status);
          const e = errorBodySchema.parse(r.body).error;
          expect(e.request_id).toBe(r.requestId);
          expect(e.message.length).toBeGreaterThan(0);
          if (status === 403) expect(e.code).toBe("insufficient_permissions");
          if (status === 404) expect(e.code).toBe("not_found");
          expect(check(op, r.status, r.body)).toBeNull();
        });
    });
  }

  it("answers a body that is not JSON (400) or of another type (415) as documented, for every operation taking one", async () => {
    for (const op of OPERATIONS.filter((o) => o.body)) {
      const c = await FIXTURES[op.id].valid(w);
      const url = urlOf(op, c);
      for (const [contentType, text, status, code] of [
        ["application/json", "{not json", 400, "invalid_json"],
        ["text/plain", "hello", 415, "unsupported_media_type"],
      ] as const) {
        const r = await respond(
          w.admin,
          { method: op.method, url, contentType, readBody: async () => Buffer.from(text) },
          "req_body",
        );
        const body = JSON.parse(JSON.stringify(r.body));
        expect(r.status, `${op.id} ${contentType}`).toBe(status);
        expect(errorBodySchema.parse(body).error).toMatchObject({ code, request_id: "req_body" });
        expect(check(op, r.status, body)).toBeNull();
      }
    }
  });

  it("rejects a reply that breaks the document (the validator can fail)", () => {
    const op = OPERATIONS.find((o) => o.id === "getProgram")!;
    expect(check(op, 200, { id: "prg_x" })).toMatch(/required/);
    expect(check(op, 404, { error: { code: "not_found", message: "x" } })).toMatch(/request_id/);
    expect(check(op, 418, {})).toMatch(/no such response/);
  });
});
