import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createProgram, getProgram, listPrograms, updateProgramConfig } from "@/lib/programs/service";
import { getOnboardingChecklist } from "@/lib/programs/checklist";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

let admin: Ctx;
let viewer: Ctx;
let otherAdmin: Ctx;

beforeAll(async () => {
  const [a, b] = [await makeTenant("Acme"), await makeTenant("Globex")];
  admin = await makeCtx("tenant_admin", { tenantId: a.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: a.id });
  otherAdmin = await makeCtx("tenant_admin", { tenantId: b.id });
});

const valid = {
  name: "Acme Debit",
  baseCurrency: "EUR",
  transactionLimit: "5000.00",
  threeDsEnabled: "on",
  feeTemplate: "standard_debit",
} as const;

async function expectError(p: Promise<unknown>, code: string, field?: string, message?: RegExp) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, "expected the call to fail").toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  if (field) expect((e as AppError).field).toBe(field);
  if (message) expect((e as AppError).message).toMatch(message);
}

const programCount = () => db.program.count();

describe("createProgram", () => {
  it("creates a program with an assigned id, minor-unit limit and an audit event in the same tenant", async () => {
    const p = await createProgram(admin, valid);
    expect(p.id).toMatch(/^prg_[a-z2-7]{16}$/);
    expect(p).toMatchObject({
      name: "Acme Debit",
      baseCurrency: "EUR",
      transactionLimit: "5000.00",
      transactionLimitMinor: "500000",
      threeDsEnabled: true,
    });
    const row = await db.program.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.tenantId).toBe(admin.tenantId);
    expect(row.transactionLimitMinor).toBe(500000n);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "program.created", targetId: p.id } });
    expect(audit).toMatchObject({ tenantId: admin.tenantId, actorId: admin.userId, ip: "203.0.113.7" });
    expect(JSON.parse(audit.after!)).toMatchObject({ name: "Acme Debit", transactionLimit: "5000.00" });
  });

  it("stores currencies without minor units and with three exactly", async () => {
    const jpy = await createProgram(admin, {
      ...valid,
      name: "Yen card",
      baseCurrency: "jpy",
      transactionLimit: "300000",
      threeDsEnabled: "off",
    });
    expect(jpy).toMatchObject({ baseCurrency: "JPY", transactionLimitMinor: "300000", threeDsEnabled: false });
    const kwd = await createProgram(admin, {
      ...valid,
      name: "Dinar card",
      baseCurrency: "KWD",
      transactionLimit: "1000.125",
    });
    expect(kwd.transactionLimitMinor).toBe("1000125");
  });

  it.each([
    [{ baseCurrency: "XXX" }, "baseCurrency", /XXX is not a supported ISO 4217 currency/],
    [{ baseCurrency: "euro" }, "baseCurrency", /3-letter ISO 4217 code/],
    [{ baseCurrency: undefined }, "baseCurrency", /Choose a base currency/],
    [{ transactionLimit: "abc" }, "transactionLimit", /Enter an amount like 5000.00/],
    [{ transactionLimit: "12.345" }, "transactionLimit", /EUR has 2 decimal places: 12.345 has 3/],
    [{ transactionLimit: "0" }, "transactionLimit", /greater than zero/],
    [{ transactionLimit: "0.00" }, "transactionLimit", /greater than zero/],
    [{ transactionLimit: "-5" }, "transactionLimit", /Enter an amount/],
    [{ transactionLimit: "1e5" }, "transactionLimit", /Enter an amount/],
    [{ transactionLimit: "1000000000.01" }, "transactionLimit", /at most 1,000,000,000 EUR/],
    [{ transactionLimit: "5.5", baseCurrency: "JPY" }, "transactionLimit", /JPY has no minor unit/],
    [{ transactionLimit: "" }, "transactionLimit", /Enter a transaction-limit ceiling/],
    [{ name: "" }, "name", /at least 2 characters/],
    [{ name: "x".repeat(81) }, "name", /at most 80 characters/],
    [{ name: "<script>" }, "name", /Use letters, digits/],
    [{ feeTemplate: "free_money" }, "feeTemplate", /Choose a fee structure/],
    [{ threeDsEnabled: "maybe" }, "threeDsEnabled", /on or off/],
  ])("refuses %o with a field error and writes nothing", async (override, field, message) => {
    const before = await programCount();
    await expectError(
      createProgram(admin, { ...valid, name: `Bad ${field}`, ...override } as never),
      "VALIDATION",
      field,
      message,
    );
    expect(await programCount()).toBe(before);
  });

  it("refuses a duplicate name in the same tenant but allows it in another", async () => {
    await createProgram(admin, { ...valid, name: "Twin" });
    await expectError(createProgram(admin, { ...valid, name: "Twin" }), "CONFLICT", "name", /already exists/);
    await expect(createProgram(otherAdmin, { ...valid, name: "Twin" })).resolves.toMatchObject({ name: "Twin" });
  });

  it("refuses a viewer, a partner and staff, writing nothing", async () => {
    const p = await makeProgram(admin);
    const partner = await makeCtx("partner_viewer", { tenantId: admin.tenantId, programId: p.id });
    const staff = await makeCtx("staff_reviewer");
    const before = await programCount();
    await expectError(createProgram(viewer, { ...valid, name: "Viewer made" }), "FORBIDDEN");
    await expectError(createProgram(partner, { ...valid, name: "Partner made" }), "FORBIDDEN");
    await expectError(createProgram(staff, { ...valid, name: "Staff made" }), "FORBIDDEN");
    expect(await programCount()).toBe(before);
  });
});

describe("reading programs", () => {
  it("answers another tenant's program as not found, for reads and writes", async () => {
    const mine = await makeProgram(admin);
    await expectError(getProgram(otherAdmin, mine.id), "NOT_FOUND");
    await expectError(getOnboardingChecklist(otherAdmin, mine.id), "NOT_FOUND");
    await expectError(
      updateProgramConfig(otherAdmin, { programId: mine.id, transactionLimit: "1.00", threeDsEnabled: "off" }),
      "NOT_FOUND",
    );
    expect((await getProgram(admin, mine.id)).transactionLimit).toBe("5000.00");
    expect((await listPrograms(otherAdmin)).map((p) => p.id)).not.toContain(mine.id);
  });

  it("lets a viewer read every program of its tenant and a partner only its own", async () => {
    const [p1, p2] = [await makeProgram(admin), await makeProgram(admin)];
    const partner = await makeCtx("partner_viewer", { tenantId: admin.tenantId, programId: p1.id });
    const viewerIds = (await listPrograms(viewer)).map((p) => p.id);
    expect(viewerIds).toEqual(expect.arrayContaining([p1.id, p2.id]));
    expect((await listPrograms(partner)).map((p) => p.id)).toEqual([p1.id]);
    await expectError(getProgram(partner, p2.id), "NOT_FOUND");
  });

  it("staff without a tenant sees no tenant's programs", async () => {
    const p = await makeProgram(admin);
    const staff = await makeCtx("staff_reviewer");
    await expectError(getProgram(staff, p.id), "NOT_FOUND");
    await expectError(listPrograms(staff), "NOT_FOUND");
  });

  it("searches by name case-insensitively and sorts", async () => {
    const t = await makeTenant();
    const ctx = await makeCtx("tenant_admin", { tenantId: t.id });
    await makeProgram(ctx, { name: "Zeta Travel" });
    await makeProgram(ctx, { name: "alpha Debit", baseCurrency: "USD" });
    expect((await listPrograms(ctx, { q: "ZETA" })).map((p) => p.name)).toEqual(["Zeta Travel"]);
    expect((await listPrograms(ctx, { sort: "name" })).map((p) => p.name)).toEqual(
      ["alpha Debit", "Zeta Travel"].sort((a, b) => (a < b ? -1 : 1)),
    );
    expect((await listPrograms(ctx, { sort: "currency" })).map((p) => p.baseCurrency)).toEqual(["EUR", "USD"]);
  });

  it("answers the default list (a prepared statement on the driver) exactly as the Prisma reads do", async () => {
    const t = await makeTenant();
    const ctx = await makeCtx("tenant_admin", { tenantId: t.id });
    const a = await makeProgram(ctx, { name: "First", baseCurrency: "JPY", transactionLimit: "500000" });
    await new Promise((r) => setTimeout(r, 5)); // distinct creation times: newest first is b, a
    const b = await makeProgram(ctx, { name: "Second", feeTemplate: "prepaid_lite" });
    await updateProgramConfig(ctx, { programId: b.id, transactionLimit: "999999999.99", threeDsEnabled: false });
    const list = await listPrograms(ctx);
    const one = await Promise.all([b.id, a.id].map((id) => getProgram(ctx, id)));
    expect(list).toEqual(one); // same values and types (Date, bigint strings, booleans), newest first
    expect(list[0]).toMatchObject({ transactionLimitMinor: "99999999999", threeDsEnabled: false });
    expect(list[0].createdAt).toBeInstanceOf(Date);
    // the other Tenant's list does not hold them
    expect((await listPrograms(otherAdmin)).map((p) => p.id)).not.toContain(a.id);
  });
});

describe("updateProgramConfig", () => {
  it("changes configuration in production, with before and after in the audit event", async () => {
    const p = await makeProgram(admin, { feeTemplate: "standard_debit" });
    // the fee structure is the creation-time template: a configuration change leaves it (fees change on the Fees tab)
    const updated = await updateProgramConfig(admin, {
      programId: p.id,
      transactionLimit: "750.50",
      threeDsEnabled: "off",
      feeTemplate: "prepaid_lite",
    } as never);
    expect(updated).toMatchObject({ transactionLimit: "750.50", threeDsEnabled: false, feeTemplate: "standard_debit" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "program.configured", targetId: p.id } });
    expect(JSON.parse(audit.before!)).toMatchObject({ transactionLimit: "5000.00", threeDsEnabled: true });
    expect(JSON.parse(audit.after!)).toMatchObject({ transactionLimit: "750.50", threeDsEnabled: false });
  });

  it("refuses any change in staging and leaves the program as it was", async () => {
    const p = await makeProgram(admin, { feeTemplate: "standard_debit" });
    await expectError(
      updateProgramConfig(
        { ...admin, environment: "staging" },
        { programId: p.id, transactionLimit: "1.00", threeDsEnabled: "off" },
      ),
      "FORBIDDEN",
      undefined,
      /only in production/,
    );
    expect(await getProgram(admin, p.id)).toMatchObject({
      transactionLimit: "5000.00",
      threeDsEnabled: true,
      feeTemplate: "standard_debit",
    });
  });

  it("refuses a viewer and a bad limit without change", async () => {
    const p = await makeProgram(admin);
    await expectError(
      updateProgramConfig(viewer, { programId: p.id, transactionLimit: "1.00", threeDsEnabled: "off" }),
      "FORBIDDEN",
    );
    await expectError(
      updateProgramConfig(admin, { programId: p.id, transactionLimit: "1.001", threeDsEnabled: "off" }),
      "VALIDATION",
      "transactionLimit",
    );
    expect((await getProgram(admin, p.id)).transactionLimit).toBe("5000.00");
  });
});

describe("onboarding checklist", () => {
  it("is computed from real state: partner access turns done when a partner user exists", async () => {
    const p = await makeProgram(admin);
    const before = (await getOnboardingChecklist(admin, p.id)).items;
    expect(before.find((i) => i.key === "program_created")?.done).toBe(true);
    expect(before.find((i) => i.key === "partner_access")?.done).toBe(false);
    await makeCtx("partner_viewer", { tenantId: admin.tenantId, programId: p.id });
    expect((await getOnboardingChecklist(admin, p.id)).items.find((i) => i.key === "partner_access")?.done).toBe(true);
  });
});

describe("what a partner sees of a Program", () => {
  it("gets its Program without the fee structure (no fees:read); tenant users get it", async () => {
    const p = await makeProgram(admin, { feeTemplate: "prepaid_lite" });
    const partner = await makeCtx("partner_viewer", { tenantId: admin.tenantId, programId: p.id });
    expect((await getProgram(partner, p.id)).feeTemplate).toBeNull();
    expect((await listPrograms(partner)).map((x) => [x.id, x.feeTemplate])).toEqual([[p.id, null]]);
    expect((await getProgram(viewer, p.id)).feeTemplate).toBe("prepaid_lite");
    expect((await getProgram(admin, p.id)).feeTemplate).toBe("prepaid_lite");
    expect((await listPrograms(viewer)).find((x) => x.id === p.id)?.feeTemplate).toBe("prepaid_lite");
  });
});
