import { beforeAll, describe, expect, it } from "vitest";
import { errorBodySchema } from "@/lib/am-api/errors";
import { OPERATIONS } from "@/lib/am-api/operations";
import { amCtx, respond } from "@/lib/am-api/serve";
import { createApiUser } from "@/lib/api-users/service";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

// Mutation fuzzing of every operation's input: wrong types, missing and extra fields, huge and odd strings,
// negative and huge numbers, bad path ids and query values. Whatever arrives: no 5xx, every refusal in the error
// shape, and a refused request writes nothing (the Tenant's audit log, where every change lands, stays as it was).

let ctx: Ctx;
let tenantId: string;
let programId: string;

/** A small deterministic PRNG (mulberry32), so a failure reproduces from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD: unknown[] = [
  null,
  true,
  -1,
  0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  1.5,
  "",
  " ",
  "x".repeat(100_000),
  "é🚀\u0000\u202e",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "../../etc/passwd",
  "%00",
  [],
  [1, "a", null],
  {},
  { $gt: "" },
  { __proto__: { admin: true } },
  "2026-02-31",
  "-5.00",
  "NaN",
  "Infinity",
];

const FIELDS = [
  "name",
  "baseCurrency",
  "transactionLimit",
  "threeDsEnabled",
  "feeTemplate",
  "pattern",
  "programId",
  "apiUserId",
  "environment",
  "cidr",
  "description",
  "csrPem",
  "reason",
  "overlap",
  "url",
  "events",
  "overlapHours",
  "chain",
  "address",
  "label",
  "amount",
  "currency",
  "feeTypes",
  "items",
  "effectiveAt",
  "billingCycle",
  "billingDay",
  "settlementAsset",
  "slot",
  "cardType",
  "network",
  "finish",
  "notes",
  "artwork",
  "senderId",
  "countries",
  "useDescription",
  "addressType",
  "mode",
  "replaces",
  "justification",
];

/**
 * A multipart/form-data body of the mutated fields (as text parts, the artwork sometimes as a file part of
 * odd bytes), or now and then not multipart at all, for the operations that take uploads.
 */
async function mutatedMultipart(next: () => number, body: unknown): Promise<{ raw: Buffer; contentType: string }> {
  if (next() < 0.15)
    return { raw: Buffer.from("--x\r\nnot really multipart"), contentType: "multipart/form-data; boundary=x" };
  const form = new FormData();
  const fields = typeof body === "object" && body !== null && !Array.isArray(body) ? body : { slot: body };
  for (const [k, v] of Object.entries(fields)) form.append(k, String(JSON.stringify(v) ?? "").slice(0, 5000));
  if (next() < 0.5) {
    const bytes =
      next() < 0.5 ? Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) : Buffer.alloc(0);
    form.set("artwork", new Blob([new Uint8Array(bytes)], { type: "image/png" }), "odd.png");
  }
  const req = new Request("https://fuzz.invalid/", { method: "POST", body: form });
  return { raw: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get("content-type")! };
}

function mutatedBody(next: () => number): unknown {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const roll = next();
  if (roll < 0.1) return pick(ODD); // not an object at all
  const body: Record<string, unknown> = {};
  const n = 1 + Math.floor(next() * 5);
  for (let i = 0; i < n; i++) body[pick(FIELDS)] = pick(ODD);
  if (roll > 0.8) body[`extra_${Math.floor(next() * 1000)}`] = pick(ODD);
  return body;
}

const QUERY_VALUES = ["0", "-1", "101", "abc", "1e3", "", "x".repeat(500), "%E0%A4%A", "prg_nothing", "2026-13-01"];
const QUERY_KEYS = [
  "limit",
  "starting_after",
  "program_id",
  "program",
  "status",
  "sort",
  "from",
  "to",
  "min",
  "q",
  "zzz",
];

beforeAll(async () => {
  const t = await makeTenant("Fuzz");
  tenantId = t.id;
  const portal = await makeCtx("tenant_admin", { tenantId });
  programId = (await makeProgram(portal, { name: "Fuzz Program" })).id;
  const u = await createApiUser(portal, { name: "fuzz", pattern: "tenant_admin" });
  ctx = (await amCtx(u.id, { ip: "198.51.100.9", userAgent: "fuzz" }))!;
});

describe("AM API input fuzzing", () => {
  it("never answers 5xx, always answers errors in the error shape, and writes nothing when it refuses", async () => {
    const next = rng(20261205);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
    let calls = 0;
    for (const op of OPERATIONS) {
      for (let round = 0; round < 12; round++) {
        const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === "program_id" && next() < 0.5
            ? programId
            : encodeURIComponent(String(pick(ODD) ?? "x")).slice(0, 200),
        );
        const query = new URLSearchParams();
        if (next() < 0.5) query.set(pick(QUERY_KEYS), pick(QUERY_VALUES));
        const body = op.body ? mutatedBody(next) : undefined;
        let raw: Buffer | null = body === undefined ? null : Buffer.from(JSON.stringify(body) ?? "null");
        let contentType = next() < 0.9 ? "application/json" : "text/plain";
        if (op.bodyType === "multipart" && next() < 0.8) ({ raw, contentType } = await mutatedMultipart(next, body));
        const before = await db.auditEvent.count({ where: { tenantId } });
        const r = await respond(
          ctx,
          {
            method: op.method,
            url: `${path}${query.size ? `?${query}` : ""}`,
            contentType,
            readBody: async () => raw,
          },
          `fuzz-${calls++}`,
        );
        const what = `${op.method} ${path} ${JSON.stringify(body)?.slice(0, 200)}`;
        expect(r.status, what).toBeLessThan(500);
        if (r.status >= 400) {
          expect(errorBodySchema.safeParse(JSON.parse(JSON.stringify(r.body))).success, what).toBe(true);
          expect(await db.auditEvent.count({ where: { tenantId } }), what).toBe(before);
        }
      }
    }
    expect(calls).toBe(OPERATIONS.length * 12);
  }, 120_000);
});
