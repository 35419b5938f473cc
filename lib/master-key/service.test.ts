import { createCipheriv, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { revealBankCredentials, setBankCredentials } from "@/lib/bank/service";
import { caSealContext, getCa } from "@/lib/certificates/ca";
import { forgetMasterKeys, masterKeys, seal, unseal } from "@/lib/core/sealing";
import { db } from "@/lib/db";
import { mailBodies, queueMail } from "@/lib/mail/outbox";
import { masterKeyStatus, resealAll } from "@/lib/master-key/service";
import { axys } from "@/lib/testing/cli";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { SECRET_CONTEXT } from "@/lib/webhooks/service";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
const keyC = randomBytes(32).toString("base64");
const saved = { current: process.env.AXYS_CA_MASTER_KEY, previous: process.env.AXYS_CA_MASTER_KEY_PREVIOUS };

function useKeys(current: string, previous?: string) {
  process.env.AXYS_CA_MASTER_KEY = current;
  if (previous === undefined) delete process.env.AXYS_CA_MASTER_KEY_PREVIOUS;
  else process.env.AXYS_CA_MASTER_KEY_PREVIOUS = previous;
  forgetMasterKeys();
}

/** A value in the format written before key ids (v1), sealed with `key`. */
function sealV1(key: string, clear: string, context: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", Buffer.from(key, "base64"), iv);
  c.setAAD(Buffer.from(context));
  const body = Buffer.concat([c.update(clear), c.final()]);
  return ["v1", iv, c.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

const operator = operatorCtx({ actor: "test" });
let admin: Ctx;
let programId: string;
let mailId: string;
let endpointId: string;
let legacyEndpointId: string;

beforeAll(async () => {
  useKeys(keyA);
  const tenant = await makeTenant("Keys");
  admin = await makeCtx("tenant_admin", { tenantId: tenant.id });
  programId = (await makeProgram(admin)).id;
  await setBankCredentials(operatorCtx({ actor: "test", tenantId: tenant.id }), {
    programId,
    scheme: "uk",
    accountNumber: "3192 6819",
    routingCode: "60-16-13",
    bic: "NWBKGB2L",
    accountHolder: "Acme Cards Ltd",
    paymentReferenceFormat: "AXYS-{cardholderId}",
  });
  await getCa("staging");
  mailId = (await db.$transaction((tx) =>
    queueMail(tx, {
      to: "a@example.test",
      kind: "password_reset",
      subject: "Reset",
      text: "link /reset/abc",
      html: "<p>x</p>",
    }),
  ))!;
  const endpoint = (secretSealed: string) =>
    db.webhookEndpoint.create({
      data: { tenantId: tenant.id, url: "https://hooks.example.test/a", events: "[]", secretSealed },
      select: { id: true },
    });
  endpointId = (await endpoint(seal(Buffer.from("whsec_current"), SECRET_CONTEXT))).id;
  legacyEndpointId = (await endpoint(sealV1(keyA, "whsec_legacy", SECRET_CONTEXT))).id;
});

afterAll(() => {
  process.env.AXYS_CA_MASTER_KEY = saved.current;
  if (saved.previous === undefined) delete process.env.AXYS_CA_MASTER_KEY_PREVIOUS;
  else process.env.AXYS_CA_MASTER_KEY_PREVIOUS = saved.previous;
  forgetMasterKeys();
});

const secretOf = async (id: string) =>
  unseal((await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).secretSealed, SECRET_CONTEXT).toString();

describe("master key rotation", () => {
  it("a value names the key that sealed it; without that key the error says which key is missing", async () => {
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    const idA = masterKeys().current.id;
    expect(row.secretSealed.split(".").slice(0, 2)).toEqual(["v2", idA]);
    useKeys(keyB);
    const idB = masterKeys().current.id;
    expect(() => unseal(row.secretSealed, SECRET_CONTEXT)).toThrow(
      `Cannot open a sealed value: it was sealed with master key ${idA}, which is not configured (AXYS_CA_MASTER_KEY is ${idB}).`,
    );
    await expect(revealBankCredentials(admin, programId)).rejects.toThrow(/Cannot open the sealed accountNumber/);
  });

  it("with the old key as previous, everything opens; reseal moves every value to the new key, once", async () => {
    useKeys(keyB, keyA);
    const { current, previous } = masterKeys();
    const idA = previous[0].id;
    const before = await masterKeyStatus(operator);
    expect(before.currentKey).toBe(current.id);
    expect(before.previousKeys).toEqual([idA]);
    const col = (name: string) => before.columns.find((c) => c.column === name)!;
    expect(col("bankCredentials.accountNumberSealed").byKey[idA]).toBeGreaterThanOrEqual(1);
    expect(col("mailMessage.htmlSealed").byKey[idA]).toBeGreaterThanOrEqual(1);
    expect(col("certificateAuthority.sealedKey").byKey[idA]).toBeGreaterThanOrEqual(1);
    expect(before.pending).toBeGreaterThanOrEqual(7); // CA, 2 endpoints, 2 bank fields, 2 mail bodies
    expect(before.unopenable).toBe(0);
    expect((await revealBankCredentials(admin, programId)).accountNumber).toBe("31926819");

    const r = await resealAll(operator);
    expect(r.resealed).toBe(before.pending);
    expect(r.unopenable).toBe(0);
    const after = await masterKeyStatus(operator);
    expect(after.pending).toBe(0);
    for (const c of after.columns) expect(Object.keys(c.byKey).filter((k) => k !== current.id)).toEqual([]);

    const again = await resealAll(operator);
    expect(again.resealed).toBe(0);
    expect(again.columns.reduce((n, c) => n + c.current, 0)).toBe(before.pending);
    const audit = await db.auditEvent.findMany({
      where: { action: "master_key.resealed" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => JSON.parse(a.after!))).toEqual([
      { resealed: before.pending, unopenable: 0 },
      { resealed: 0, unopenable: 0 },
    ]);
  });

  it("after the reseal the old key can go: every value opens with the new key alone", async () => {
    useKeys(keyB);
    expect((await masterKeyStatus(operator)).unopenable).toBe(0);
    expect((await revealBankCredentials(admin, programId)).routingCode).toBe("601613");
    expect(await secretOf(endpointId)).toBe("whsec_current");
    expect(await secretOf(legacyEndpointId)).toBe("whsec_legacy");
    expect(mailBodies(await db.mailMessage.findUniqueOrThrow({ where: { id: mailId } }))).toEqual({
      text: "link /reset/abc",
      html: "<p>x</p>",
    });
    const ca = await db.certificateAuthority.findUniqueOrThrow({ where: { environment: "staging" } });
    expect(unseal(ca.sealedKey, caSealContext("staging")).length).toBeGreaterThan(100);
  });

  it("a value no configured key opens is counted and left untouched", async () => {
    useKeys(keyC);
    const stray = seal(Buffer.from("whsec_stray"), SECRET_CONTEXT);
    await db.webhookEndpoint.update({ where: { id: legacyEndpointId }, data: { secretSealed: stray } });
    useKeys(keyB);
    const r = await resealAll(operator);
    expect(r.unopenable).toBe(1);
    expect(r.columns.find((c) => c.column === "webhookEndpoint.secretSealed")!.unopenable).toBe(1);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: legacyEndpointId } })).secretSealed).toBe(stray);
    expect((await masterKeyStatus(operator)).unopenable).toBe(1);
  });

  it("is the operator's alone, and the CLI runs it", async () => {
    await expect(masterKeyStatus(admin)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resealAll(admin)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const r = axys(["masterkey", "status", "--json"], undefined, {
      AXYS_CA_MASTER_KEY: keyB,
      AXYS_CA_MASTER_KEY_PREVIOUS: keyC,
    });
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.previousKeys).toHaveLength(1);
    expect(s.unopenable).toBe(0);
    expect(s.pending).toBe(1); // the stray value, sealed with C
  });
});
