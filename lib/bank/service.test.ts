import { beforeAll, describe, expect, it } from "vitest";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { getBankCredentialsMasked, revealBankCredentials, setBankCredentials } from "@/lib/bank/service";
import type { SetBankCredentialsInput } from "@/lib/bank/schemas";
import { unseal } from "@/lib/core/sealing";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

const IBAN = "GB82WEST12345698765432";
let tenantId: string;
let operator: Ctx;
let admin: Ctx;
let viewer: Ctx;
let partner: Ctx;
let staff: Ctx;
let otherAdmin: Ctx;
let programId: string;

beforeAll(async () => {
  tenantId = (await makeTenant("Acme")).id;
  operator = operatorCtx({ tenantId, actor: "ops" });
  admin = await makeCtx("tenant_admin", { tenantId });
  viewer = await makeCtx("tenant_viewer", { tenantId });
  programId = (await makeProgram(admin)).id;
  partner = await makeCtx("partner_viewer", { tenantId, programId });
  staff = await makeCtx("staff_reviewer");
  otherAdmin = await makeCtx("tenant_admin", { tenantId: (await makeTenant("Other")).id });
});

const iban = (over: Partial<SetBankCredentialsInput> = {}): SetBankCredentialsInput => ({
  programId,
  scheme: "iban",
  accountNumber: "GB82 WEST 1234 5698 7654 32",
  bic: "NWBKGB2L",
  accountHolder: "Acme Cards Ltd",
  paymentReferenceFormat: "AXYS-{cardholderId}",
  ...over,
});

async function fails(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected AppError, got ${String(e)}`);
  return { code: e.code, message: e.message, field: e.field };
}

/** The stored row as the database holds it (every column, read with SQL, not through the service). */
async function rawRow(p: string): Promise<Record<string, unknown>> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "BankCredentials" WHERE "programId" = ${p}`;
  expect(rows).toHaveLength(1);
  return rows[0];
}

const counts = async () => ({ rows: await db.bankCredentials.count(), audit: await db.auditEvent.count() });
const auditOf = (action: string, p = programId) =>
  db.auditEvent.findMany({ where: { action, after: { contains: p } }, orderBy: { createdAt: "asc" } });

describe("setBankCredentials", () => {
  it("sets IBAN credentials (normalised), masked in the result and in the audit event", async () => {
    const b = await setBankCredentials(operator, iban({ bic: "nwbkgb2l" }));
    expect(b).toEqual({
      programId,
      scheme: "iban",
      accountHolder: "Acme Cards Ltd",
      accountNumberMasked: "•••• 5432",
      routingCodeMasked: null,
      bic: "NWBKGB2L",
      paymentReferenceFormat: "AXYS-{cardholderId}",
      updatedByLabel: "Axys",
      updatedAt: expect.any(Date),
    });
    const row = await db.bankCredentials.findUniqueOrThrow({ where: { programId } });
    expect(row).toMatchObject({ tenantId, updatedBy: "cli:ops" });
    const raw = await rawRow(programId);
    expect(raw).toMatchObject({
      accountNumber: null,
      routingCode: null,
      accountNumberMasked: "•••• 5432",
      routingCodeMasked: null,
      routingCodeSealed: null,
      accountNumberSealed: expect.stringMatching(/^v2\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/),
    });
    for (const part of [IBAN, "WEST1234", "12345698765432", "5698765432"])
      expect(JSON.stringify(raw)).not.toContain(part);
    // Sealed with the master key and bound to this Program and field.
    expect(unseal(String(raw.accountNumberSealed), `axys-bank:${programId}:accountNumber`).toString()).toBe(IBAN);
    expect(() => unseal(String(raw.accountNumberSealed), `axys-bank:${programId}:routingCode`)).toThrow();
    const [event] = await auditOf("bank_credentials.set");
    expect(event).toMatchObject({
      tenantId,
      actorLabel: "cli:ops",
      targetType: "bank_credentials",
      targetId: row.id,
      before: null,
    });
    expect(JSON.parse(event.after!)).toEqual({
      programId,
      scheme: "iban",
      accountHolder: "Acme Cards Ltd",
      accountNumber: "•••• 5432",
      routingCode: null,
      bic: "NWBKGB2L",
      paymentReferenceFormat: "AXYS-{cardholderId}",
      changed: ["scheme", "accountHolder", "accountNumber", "routingCode", "bic", "paymentReferenceFormat"],
    });
  });

  it("replaces them (UK, then US) with masked before/after and the changed fields, never the full numbers", async () => {
    const p = (await makeProgram(admin)).id;
    await setBankCredentials(operator, iban({ programId: p }));
    const uk = await setBankCredentials(
      operator,
      iban({ programId: p, scheme: "uk", accountNumber: "3192 6819", routingCode: "60-16-13" }),
    );
    expect(uk).toMatchObject({ scheme: "uk", accountNumberMasked: "•••• 6819", routingCodeMasked: "••-16-13" });
    const ukRaw = await rawRow(p);
    expect(ukRaw).toMatchObject({
      accountNumber: null,
      routingCode: null,
      accountNumberMasked: "•••• 6819",
      routingCodeMasked: "••-16-13",
    });
    expect(unseal(String(ukRaw.accountNumberSealed), `axys-bank:${p}:accountNumber`).toString()).toBe("31926819");
    expect(unseal(String(ukRaw.routingCodeSealed), `axys-bank:${p}:routingCode`).toString()).toBe("601613");
    for (const secret of ["31926819", "601613", "6016"]) expect(JSON.stringify(ukRaw)).not.toContain(secret);
    const us = await setBankCredentials(
      operator,
      iban({
        programId: p,
        scheme: "us",
        accountNumber: "000123456789",
        routingCode: "021000021",
        bic: "CHASUS33",
        paymentReferenceFormat: "Acme {cardholderId}",
      }),
    );
    expect(us).toMatchObject({
      scheme: "us",
      accountNumberMasked: "•••• 6789",
      routingCodeMasked: "•••• 0021",
      bic: "CHASUS33",
    });
    expect(await db.bankCredentials.count({ where: { programId: p } })).toBe(1);
    const usRaw = await rawRow(p);
    expect(usRaw).toMatchObject({
      accountNumber: null,
      routingCode: null,
      accountNumberMasked: "•••• 6789",
      routingCodeMasked: "•••• 0021",
    });
    for (const secret of ["000123456789", "021000021", "12345"]) expect(JSON.stringify(usRaw)).not.toContain(secret);

    const events = await auditOf("bank_credentials.set", p);
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[1].before!)).toMatchObject({
      scheme: "iban",
      accountNumber: "•••• 5432",
      routingCode: null,
    });
    expect(JSON.parse(events[1].after!)).toMatchObject({
      scheme: "uk",
      accountNumber: "•••• 6819",
      routingCode: "••-16-13",
      changed: ["scheme", "accountNumber", "routingCode"],
    });
    expect(JSON.parse(events[2].after!)).toMatchObject({
      routingCode: "•••• 0021",
      changed: ["scheme", "accountNumber", "routingCode", "bic", "paymentReferenceFormat"],
    });
    for (const e of events) {
      const text = `${e.before} ${e.after}`;
      for (const secret of [IBAN, "WEST1234", "31926819", "601613", "000123456789", "021000021"])
        expect(text).not.toContain(secret);
    }
  });

  it("setting the same values again reseals them (a fresh IV) and reports no changed field", async () => {
    const p = (await makeProgram(admin)).id;
    const uk = iban({ programId: p, scheme: "uk", accountNumber: "31926819", routingCode: "601613" });
    await setBankCredentials(operator, uk);
    const first = await rawRow(p);
    await setBankCredentials(operator, uk);
    const second = await rawRow(p);
    expect(second.accountNumberSealed).not.toBe(first.accountNumberSealed);
    expect(second.routingCodeSealed).not.toBe(first.routingCodeSealed);
    const events = await auditOf("bank_credentials.set", p);
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1].after!)).toMatchObject({
      accountNumber: "•••• 6819",
      routingCode: "••-16-13",
      changed: [],
    });
  });

  it("refuses each invalid field by name and writes nothing", async () => {
    const p = (await makeProgram(admin)).id;
    const before = await counts();
    const cases: [Partial<SetBankCredentialsInput>, string, RegExp][] = [
      [
        { accountNumber: "GB82 WEST 1234 5698 7654 33" },
        "accountNumber",
        /^IBAN checksum does not match: check for a typo$/,
      ],
      [
        { accountNumber: "GB82 WEST 1234 5698 7654 3" },
        "accountNumber",
        /^A GB IBAN has 22 characters; this one has 21\.$/,
      ],
      [{ accountNumber: "ZZ82WEST12345698765432" }, "accountNumber", /"ZZ" is not a country code/],
      [{ routingCode: "601613" }, "routingCode", /An IBAN already contains the bank code/],
      [{ bic: "NWBKZZ2L" }, "bic", /"ZZ" is not one/],
      [{ bic: "NWBKGB2" }, "bic", /8 or 11 characters/],
      [
        { scheme: "uk", accountNumber: "3192681", routingCode: "60-16-13" },
        "accountNumber",
        /^A UK account number has 8 digits; this one has 7\.$/,
      ],
      [
        { scheme: "uk", accountNumber: "31926819", routingCode: "60-16-1" },
        "routingCode",
        /^A sort code has 6 digits, e\.g\. 12-34-56\.$/,
      ],
      [{ scheme: "uk", accountNumber: "31926819" }, "routingCode", /^Enter a sort code\.$/],
      [
        { scheme: "us", accountNumber: "123", routingCode: "021000021" },
        "accountNumber",
        /4 to 17 digits; this one has 3/,
      ],
      [
        { scheme: "us", accountNumber: "000123456789", routingCode: "021000022" },
        "routingCode",
        /^ABA routing number checksum does not match: check for a typo$/,
      ],
      [{ scheme: "sepa" }, "scheme", /^Choose a scheme: iban, uk or us\.$/],
      [{ accountHolder: " A " }, "accountHolder", /account holder's name/],
      [{ paymentReferenceFormat: "AX" }, "paymentReferenceFormat", /at least 3 characters/],
      [{ paymentReferenceFormat: "A".repeat(61) }, "paymentReferenceFormat", /at most 60 characters/],
      [
        { paymentReferenceFormat: "AXYS_{cardholderId}" },
        "paymentReferenceFormat",
        /placeholders such as \{cardholderId\}/,
      ],
    ];
    for (const [over, field, message] of cases) {
      const r = await fails(setBankCredentials(operator, iban({ programId: p, ...over })));
      expect(r, JSON.stringify(over)).toMatchObject({
        code: "VALIDATION",
        field,
        message: expect.stringMatching(message),
      });
    }
    expect(await counts()).toEqual(before);
  });

  it("requires bank:manage (staff reviewers and tenant admins may not) and an existing program of the operator's tenant", async () => {
    const before = await counts();
    expect(await fails(setBankCredentials(admin, iban()))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(setBankCredentials(staff, iban()))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(setBankCredentials(operator, iban({ programId: "prg_missing" })))).toMatchObject({
      code: "NOT_FOUND",
      message: "Program not found.",
    });
    const otherTenant = operatorCtx({ tenantId: otherAdmin.tenantId, actor: "ops" });
    expect(await fails(setBankCredentials(otherTenant, iban()))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(setBankCredentials(operatorCtx({ actor: "ops" }), iban()))).toMatchObject({ code: "NOT_FOUND" });
    expect(await counts()).toEqual(before);
  });
});

describe("reading and revealing", () => {
  it("shows masks to a viewer, nothing to partners, staff or other tenants, and null before they are set", async () => {
    expect(await getBankCredentialsMasked(viewer, programId)).toMatchObject({
      accountNumberMasked: "•••• 5432",
      bic: "NWBKGB2L",
      paymentReferenceFormat: "AXYS-{cardholderId}",
    });
    expect(JSON.stringify(await getBankCredentialsMasked(viewer, programId))).not.toContain("WEST1234");
    expect(await getBankCredentialsMasked(admin, (await makeProgram(admin)).id)).toBeNull();
    for (const who of [partner, staff, otherAdmin])
      expect(await fails(getBankCredentialsMasked(who, programId))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("reveals the clear values to an admin, writing exactly one audit event per reveal, without the numbers", async () => {
    const before = (await auditOf("bank_credentials.revealed")).length;
    const r = await revealBankCredentials(admin, programId);
    expect(r).toEqual({
      programId,
      scheme: "iban",
      accountHolder: "Acme Cards Ltd",
      accountNumber: IBAN,
      accountNumberDisplay: "GB82 WEST 1234 5698 7654 32",
      routingCode: null,
      routingCodeDisplay: null,
      bic: "NWBKGB2L",
      paymentReferenceFormat: "AXYS-{cardholderId}",
    });
    expect(await auditOf("bank_credentials.revealed")).toHaveLength(before + 1);
    await revealBankCredentials(admin, programId);
    const events = await auditOf("bank_credentials.revealed");
    expect(events).toHaveLength(before + 2);
    const row = await db.bankCredentials.findUniqueOrThrow({ where: { programId } });
    for (const e of events) {
      expect(e).toMatchObject({
        tenantId,
        actorId: admin.userId,
        actorLabel: admin.actorLabel,
        targetType: "bank_credentials",
        targetId: row.id,
        before: null,
        ip: "203.0.113.7",
      });
      expect(JSON.parse(e.after!)).toEqual({ programId, environment: "production" });
      expect(JSON.stringify(e)).not.toContain("WEST1234");
    }
  });

  it("a sealed value opens only in its own row: copied into another Program's row, the reveal fails and returns nothing", async () => {
    const p = (await makeProgram(admin)).id;
    await setBankCredentials(
      operator,
      iban({ programId: p, accountNumber: "DE89 3704 0044 0532 0130 00", bic: "DEUTDEFF" }),
    );
    const stolen = String((await rawRow(programId)).accountNumberSealed);
    await db.bankCredentials.update({ where: { programId: p }, data: { accountNumberSealed: stolen } });
    const before = await db.auditEvent.count();
    const e = await revealBankCredentials(admin, p).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toBe(
      `Cannot open the sealed accountNumber of program ${p}: the master key (AXYS_CA_MASTER_KEY) is not the one it was sealed with, or the value was moved from another row.`,
    );
    expect(await db.auditEvent.count()).toBe(before);
  });

  it("reveals in staging too, noting the environment in the audit event", async () => {
    const stagingAdmin = { ...admin, environment: "staging" as const };
    expect((await revealBankCredentials(stagingAdmin, programId)).accountNumber).toBe(IBAN);
    const events = await auditOf("bank_credentials.revealed");
    expect(JSON.parse(events.at(-1)!.after!)).toEqual({ programId, environment: "staging" });
  });

  it("refuses viewers (FORBIDDEN) and hides other tenants' and missing credentials (NOT_FOUND), writing no audit event", async () => {
    const before = await db.auditEvent.count();
    expect(await fails(revealBankCredentials(viewer, programId))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(revealBankCredentials(partner, programId))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(revealBankCredentials(staff, programId))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(revealBankCredentials(otherAdmin, programId))).toMatchObject({
      code: "NOT_FOUND",
      message: "Program not found.",
    });
    const empty = (await makeProgram(admin)).id;
    const afterProgram = await db.auditEvent.count(); // makeProgram audits program.created
    expect(await fails(revealBankCredentials(admin, empty))).toMatchObject({
      code: "NOT_FOUND",
      message: "Bank credentials not found.",
    });
    expect(await db.auditEvent.count()).toBe(afterProgram);
    expect(afterProgram - before).toBe(1);
  });
});
