import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { FEE_TYPES, parseDecimal, type FeeItem } from "@/lib/fees/schemas";
import { computeFee, defaultFeeItems } from "@/lib/fees/compute";
import {
  getFeeSchedules,
  listPlatformMinimums,
  previewFees,
  saveFeeSchedule,
  setPlatformMinimum,
} from "@/lib/fees/service";
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
  return { code: e.code, message: e.message, field: e.field, fields: e.fields };
}

type ItemPatch = Partial<Record<keyof FeeItem, string | boolean>>;
/** A schedule input shaped like the form posts it (strings), with some fee types changed. */
function schedule(
  pid: string,
  patch: Partial<Record<(typeof FEE_TYPES)[number], ItemPatch>> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    programId: pid,
    billingCycle: "monthly",
    billingDay: "1",
    settlementAsset: "EUR",
    ...extra,
    items: defaultFeeItems().map((i) => ({ ...i, ...(patch[i.feeType] ?? {}) })),
  };
}
const idx = (t: (typeof FEE_TYPES)[number]) => FEE_TYPES.indexOf(t);

describe("decimal parsing", () => {
  it.each([
    ["1.50", 2, true, "1.50"],
    ["0.1", 2, true, "0.10"],
    ["1.505", 2, false, /at most 2 decimals/],
    ["0.1234567890123", 2, false, /at most 2 decimals/],
    ["-1.00", 2, false, /cannot be negative/],
    ["1e3", 2, false, /no exponent notation/],
    ["1,000", 2, false, /digits with an optional decimal point/],
    ["NaN", 2, false, /digits/],
    ["Infinity", 2, false, /digits/],
    ["12", 0, true, "12"],
    ["12.5", 0, false, /takes no decimals/],
    ["99999999999999", 2, false, /too large/],
  ])("%s (%i decimals)", (input, maxDecimals, ok, expected) => {
    const r = parseDecimal(input, { maxDecimals, what: "the amount", pad: true });
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.value).toBe(expected);
    else expect(r.message).toMatch(expected as RegExp);
  });
});

describe("fee computation", () => {
  const item = (p: Partial<FeeItem>): FeeItem => ({
    feeType: "fx_cross_border",
    enabled: true,
    trigger: "per_event",
    tenantSharePct: "50",
    programSharePct: "50",
    ...p,
  });
  it("rounds half to even and splits so the parts add up exactly", () => {
    // 100.50 * 25 bps = 0.25125 -> 0.25; 0.125 would round to 0.12 (half to even)
    expect(computeFee(item({ rateBps: "25" }), "100.50", "EUR")).toMatchObject({
      percentagePart: "0.25",
      total: "0.25",
    });
    expect(computeFee(item({ rateBps: "12.5" }), "100.00", "EUR")).toMatchObject({
      percentagePart: "0.12",
      total: "0.12",
      tenantShare: "0.06",
      programShare: "0.06",
    });
    expect(computeFee(item({ rateBps: "13.5" }), "100.00", "EUR")).toMatchObject({
      total: "0.14",
      tenantShare: "0.07",
      programShare: "0.07",
    });
    // an odd cent: tenant share 33.33 % of 0.01 rounds to 0.00, program keeps 0.01
    expect(
      computeFee(item({ fixedAmount: "0.01", tenantSharePct: "33.33", programSharePct: "66.67" }), "1.00", "EUR"),
    ).toMatchObject({ total: "0.01", tenantShare: "0.00", programShare: "0.01" });
    const c = computeFee(
      item({ fixedAmount: "0.35", rateBps: "33.33", tenantSharePct: "33.33", programSharePct: "66.67" }),
      "1234.57",
      "EUR",
    );
    expect(c.total).toBe("4.46"); // 0.35 + 4.114822... -> 4.11
    expect(c.tenantShare).toBe("1.49");
    expect(c.programShare).toBe("2.97");
  });
  it("caps the percentage part and uses the currency's minor units", () => {
    expect(
      computeFee(item({ fixedAmount: "1.00", rateBps: "200", capAmount: "5.00" }), "1000.00", "EUR"),
    ).toMatchObject({ percentagePart: "5.00", capped: true, total: "6.00" });
    expect(computeFee(item({ rateBps: "150" }), "1000", "JPY")).toMatchObject({ total: "15", percentagePart: "15" });
    expect(computeFee(item({ rateBps: "150" }), "1.000", "BHD")).toMatchObject({ total: "0.015" });
  });
});

describe("fee schedules", () => {
  it("0.1 + 0.2 is exactly 0.30 in a preview", async () => {
    const pid = (await makeProgram(admin)).id;
    await saveFeeSchedule(
      admin,
      schedule(pid, {
        atm_withdrawal: { enabled: true, fixedAmount: "0.1" },
        topup_deposit: { enabled: true, fixedAmount: "0.2", tenantSharePct: "70", programSharePct: "30" },
      }),
    );
    const p = await previewFees(viewer, pid, { amount: "10" });
    expect(p.lines.map((l) => [l.feeType, l.total])).toEqual([
      ["atm_withdrawal", "0.10"],
      ["topup_deposit", "0.20"],
    ]);
    expect(p.totals).toEqual({ total: "0.30", tenantShare: "0.19", programShare: "0.11" });
    expect(p.amount).toBe("10.00");
    expect(await fails(previewFees(admin, pid, { amount: "10.001" }))).toMatchObject({
      code: "VALIDATION",
      field: "amount",
      message: expect.stringMatching(/at most 2 decimals/),
    });
    expect(await fails(previewFees(admin, pid, { amount: "-5" }))).toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/negative/),
    });
    expect(await fails(previewFees(admin, pid, { amount: "10", currency: "USD" }))).toMatchObject({
      field: "currency",
    });
  });

  it("refuses shares that do not sum to 100, many decimals, negatives and a cap without a rate", async () => {
    const ok = await saveFeeSchedule(
      admin,
      schedule(programId, {
        fx_cross_border: { enabled: true, rateBps: "150", tenantSharePct: "60", programSharePct: "40" },
      }),
    );
    expect(ok.items[idx("fx_cross_border")]).toMatchObject({
      rateBps: "150",
      tenantSharePct: "60",
      programSharePct: "40",
    });
    const count = await db.feeSchedule.count({ where: { programId } });

    const split = await fails(
      saveFeeSchedule(
        admin,
        schedule(programId, {
          fx_cross_border: { enabled: true, rateBps: "150", tenantSharePct: "60", programSharePct: "39.99" },
        }),
      ),
    );
    expect(split).toMatchObject({
      code: "VALIDATION",
      field: `items.${idx("fx_cross_border")}.programSharePct`,
      message: expect.stringMatching(/add up to exactly 100 %; 60 \+ 39.99 = 99.99/),
    });
    const many = await fails(
      saveFeeSchedule(admin, schedule(programId, { fx_cross_border: { enabled: true, rateBps: "150.123456789" } })),
    );
    expect(many).toMatchObject({
      field: `items.${idx("fx_cross_border")}.rateBps`,
      message: expect.stringMatching(/at most 2 decimals/),
    });
    const cents = await fails(
      saveFeeSchedule(admin, schedule(programId, { atm_withdrawal: { enabled: true, fixedAmount: "1.005" } })),
    );
    expect(cents).toMatchObject({
      field: `items.${idx("atm_withdrawal")}.fixedAmount`,
      message: expect.stringMatching(/at most 2 decimals \(EUR\)/),
    });
    const neg = await fails(
      saveFeeSchedule(admin, schedule(programId, { atm_withdrawal: { enabled: true, fixedAmount: "-1.00" } })),
    );
    expect(neg).toMatchObject({
      field: `items.${idx("atm_withdrawal")}.fixedAmount`,
      message: expect.stringMatching(/cannot be negative/),
    });
    expect(
      await fails(
        saveFeeSchedule(
          admin,
          schedule(programId, { chargeback: { enabled: true, fixedAmount: "15", capAmount: "20" } }),
        ),
      ),
    ).toMatchObject({ field: `items.${idx("chargeback")}.capAmount` });
    expect(await fails(saveFeeSchedule(admin, schedule(programId, { chargeback: { enabled: true } })))).toMatchObject({
      field: `items.${idx("chargeback")}.fixedAmount`,
    });
    expect(
      await fails(saveFeeSchedule(admin, schedule(programId, {}, { billingCycle: "weekly", billingDay: "8" }))),
    ).toMatchObject({ field: "billingDay" });
    expect(await fails(saveFeeSchedule(admin, schedule(programId, {}, { billingDay: "29" })))).toMatchObject({
      field: "billingDay",
    });
    expect(await fails(saveFeeSchedule(admin, schedule(programId, {}, { settlementAsset: "DOGE" })))).toMatchObject({
      field: "settlementAsset",
    });
    expect(
      (
        await saveFeeSchedule(
          admin,
          schedule(programId, {}, { settlementAsset: "USDC", billingCycle: "weekly", billingDay: "5" }),
        )
      ).settlementAsset,
    ).toBe("USDC");
    expect(await db.feeSchedule.count({ where: { programId } })).toBe(count + 1);
  });

  it("refuses a value below the platform minimum, naming the minimum and the reason", async () => {
    expect(
      await fails(
        setPlatformMinimum(admin, {
          feeType: "atm_withdrawal",
          currency: "EUR",
          minFixed: "1.50",
          minRateBps: "0",
          reason: "network cost",
        }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
    const before = await db.auditEvent.count({ where: { action: "fee_minimum.set" } });
    const m = await setPlatformMinimum(staff, {
      feeType: "atm_withdrawal",
      currency: "EUR",
      minFixed: "1.5",
      minRateBps: "0",
      reason: "network cost",
    });
    expect(m).toMatchObject({
      feeType: "atm_withdrawal",
      currency: "EUR",
      minFixed: "1.5",
      minRateBps: "0",
      updatedBy: staff.actorLabel,
    });
    await setPlatformMinimum(staff, {
      feeType: "crypto_conversion",
      currency: "EUR",
      minFixed: "0",
      minRateBps: "50",
      reason: "custody and liquidity cost",
    });
    expect(await db.auditEvent.count({ where: { action: "fee_minimum.set", tenantId: null } })).toBe(before + 2);
    expect(
      await fails(
        setPlatformMinimum(staff, {
          feeType: "atm_withdrawal",
          currency: "EUR",
          minFixed: "-1",
          minRateBps: "0",
          reason: "x y z",
        }),
      ),
    ).toMatchObject({ field: "minFixed" });
    expect(
      await fails(
        setPlatformMinimum(staff, {
          feeType: "nope",
          currency: "EUR",
          minFixed: "1",
          minRateBps: "0",
          reason: "x y z",
        }),
      ),
    ).toMatchObject({ field: "feeType" });
    expect((await listPlatformMinimums(viewer)).map((x) => x.feeType)).toEqual(
      expect.arrayContaining(["atm_withdrawal", "crypto_conversion"]),
    );

    const pid = (await makeProgram(admin)).id;
    const low = await fails(
      saveFeeSchedule(
        admin,
        schedule(pid, {
          atm_withdrawal: { enabled: true, fixedAmount: "1.00" },
          crypto_conversion: { enabled: true, rateBps: "49.99" },
        }),
      ),
    );
    expect(low.code).toBe("VALIDATION");
    expect(low.fields).toEqual({
      [`items.${idx("atm_withdrawal")}.fixedAmount`]:
        "The platform minimum for ATM withdrawal is 1.50 EUR (reason: network cost): 1.00 is below it.",
      [`items.${idx("crypto_conversion")}.rateBps`]:
        "The platform minimum rate for Crypto conversion is 50 bps (reason: custody and liquidity cost): 49.99 bps is below it.",
    });
    // reported together with format errors of other rows, so the form shows every problem at once
    const both = await fails(
      saveFeeSchedule(
        admin,
        schedule(pid, {
          atm_withdrawal: { enabled: true, fixedAmount: "1.00" },
          fx_cross_border: { enabled: true, rateBps: "150", programSharePct: "49.99" },
        }),
      ),
    );
    expect(both.fields![`items.${idx("atm_withdrawal")}.fixedAmount`]).toMatch(
      /1.50 EUR \(reason: network cost\): 1.00 is below it/,
    );
    expect(Object.keys(both.fields!).sort()).toEqual(
      [`items.${idx("atm_withdrawal")}.fixedAmount`, `items.${idx("fx_cross_border")}.programSharePct`].sort(),
    );
    // a EUR minimum holds EUR Programs only: a JPY Program is not held to "1.50 JPY" (see "platform minimums per currency")
    // disabled fee types are not checked; values at the minimum pass
    expect(await db.feeSchedule.count({ where: { programId: pid } })).toBe(0);
    const s = await saveFeeSchedule(
      admin,
      schedule(pid, {
        atm_withdrawal: { enabled: true, fixedAmount: "1.50" },
        crypto_conversion: { enabled: false, rateBps: "10" },
      }),
    );
    expect(s.version).toBe(1);
  });

  it("versions: 1, 2, 3 with history, a future version stays upcoming, each audited", async () => {
    const pid = (await makeProgram(admin)).id;
    const t0 = new Date("2030-01-01T00:00:00Z");
    const v1 = await saveFeeSchedule(admin, schedule(pid, { card_issuance: { enabled: true, fixedAmount: "5" } }), t0);
    const v2 = await saveFeeSchedule(
      admin,
      schedule(pid, { card_issuance: { enabled: true, fixedAmount: "6" } }),
      new Date("2030-01-02T00:00:00Z"),
    );
    const v3 = await saveFeeSchedule(
      admin,
      schedule(pid, { card_issuance: { enabled: true, fixedAmount: "7" } }, { effectiveAt: "2030-03-01" }),
      new Date("2030-01-03T00:00:00Z"),
    );
    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
    const view = await getFeeSchedules(viewer, pid, new Date("2030-02-01T00:00:00Z"));
    expect(view.current?.version).toBe(2);
    expect(view.current?.items[idx("card_issuance")].fixedAmount).toBe("6.00");
    expect(view.upcoming.map((s) => s.version)).toEqual([3]);
    expect(view.history.map((s) => s.version)).toEqual([3, 2, 1]);
    expect((await getFeeSchedules(viewer, pid, new Date("2030-03-01T00:00:00Z"))).current?.version).toBe(3);
    expect(
      await fails(
        saveFeeSchedule(
          admin,
          schedule(pid, {}, { effectiveAt: "2030-01-01T00:00" }),
          new Date("2030-01-05T00:00:00Z"),
        ),
      ),
    ).toMatchObject({ field: "effectiveAt", message: expect.stringMatching(/in the past/) });
    const audits = await db.auditEvent.findMany({
      where: { action: "fee_schedule.saved", targetId: { in: [v1.id, v2.id, v3.id] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audits).toHaveLength(3);
    expect(JSON.parse(audits[1].before!)).toMatchObject({
      version: 1,
      items: expect.arrayContaining([expect.objectContaining({ feeType: "card_issuance", fixedAmount: "5.00" })]),
    });
    expect(JSON.parse(audits[1].after!)).toMatchObject({
      version: 2,
      items: expect.arrayContaining([expect.objectContaining({ feeType: "card_issuance", fixedAmount: "6.00" })]),
    });
    expect(audits[0].tenantId).toBe(admin.tenantId);
  });

  it("staging refuses changes; a viewer reads but cannot save; another tenant gets NOT_FOUND and nothing is written", async () => {
    const pid = (await makeProgram(admin)).id;
    const input = schedule(pid, { atm_withdrawal: { enabled: true, fixedAmount: "2.00" } });
    expect(await fails(saveFeeSchedule({ ...admin, environment: "staging" }, input))).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/only in production/),
    });
    expect(await fails(saveFeeSchedule(viewer, input))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(saveFeeSchedule(other, input))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(getFeeSchedules(other, pid))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(previewFees(other, pid, { amount: "10" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(getFeeSchedules(staff, pid))).toMatchObject({ code: "NOT_FOUND" });
    expect(await db.feeSchedule.count({ where: { programId: pid } })).toBe(0);
    expect(await fails(previewFees(admin, pid, { amount: "10" }))).toMatchObject({ code: "CONFLICT" });
    expect((await getFeeSchedules(viewer, pid)).current).toBeNull();
    await saveFeeSchedule(admin, input);
    const prod = await getFeeSchedules(viewer, pid);
    expect(prod.current?.version).toBe(1);
    expect(prod.platformDefaults).toBeNull();
    // staging never shows the production schedule: the platform defaults, read-only, with the reason
    const staging = await getFeeSchedules({ ...viewer, environment: "staging" }, pid);
    expect(staging).toMatchObject({ current: null, upcoming: [], history: [] });
    expect(staging.platformDefaults?.items).toEqual(defaultFeeItems());
    expect(staging.platformDefaults?.items.map((i) => i.enabled)).toEqual(Array(8).fill(false)); // every fee type, each off
    expect(staging.platformDefaults?.reason).toMatch(/only in production/);
    expect(await fails(previewFees({ ...viewer, environment: "staging" }, pid, { amount: "10" }))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/platform defaults/),
    });
    expect(await fails(getFeeSchedules({ ...other, environment: "staging" }, pid))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("platform minimums per currency", () => {
  const jpyProgram = async () => (await makeProgram(admin, { baseCurrency: "JPY", transactionLimit: "500000" })).id;

  it("a JPY Program cannot undercut the JPY minimum, and a EUR minimum does not apply as 1.50 JPY", async () => {
    await setPlatformMinimum(staff, {
      feeType: "card_replacement",
      currency: "EUR",
      minFixed: "1.50",
      minRateBps: "0",
      reason: "card production cost",
    });
    await setPlatformMinimum(staff, {
      feeType: "card_replacement",
      currency: "JPY",
      minFixed: "250",
      reason: "card production cost",
    });
    const jpy = await jpyProgram();
    const low = await fails(
      saveFeeSchedule(
        admin,
        schedule(jpy, { card_replacement: { enabled: true, fixedAmount: "249" } }, { settlementAsset: "JPY" }),
      ),
    );
    expect(low).toMatchObject({
      code: "VALIDATION",
      field: `items.${idx("card_replacement")}.fixedAmount`,
      message: "The platform minimum for Card replacement is 250 JPY (reason: card production cost): 249 is below it.",
    });
    // 2 JPY passed before minimums had a currency (1.50 "JPY" rounded up); now it is far below
    expect(
      (await fails(saveFeeSchedule(admin, schedule(jpy, { card_replacement: { enabled: true, fixedAmount: "2" } }))))
        .message,
    ).toMatch(/is 250 JPY/);
    expect(await db.feeSchedule.count({ where: { programId: jpy } })).toBe(0);
    expect(
      (await saveFeeSchedule(admin, schedule(jpy, { card_replacement: { enabled: true, fixedAmount: "250" } })))
        .version,
    ).toBe(1);
    // the EUR Program is held to its own 1.50 EUR, not to 250
    const eur = (await makeProgram(admin)).id;
    expect(
      (await fails(saveFeeSchedule(admin, schedule(eur, { card_replacement: { enabled: true, fixedAmount: "1.49" } }))))
        .message,
    ).toMatch(/is 1.50 EUR/);
    expect(
      (await saveFeeSchedule(admin, schedule(eur, { card_replacement: { enabled: true, fixedAmount: "1.50" } })))
        .version,
    ).toBe(1);
    // the page shows each Program the minimum in its own currency
    expect((await getFeeSchedules(viewer, jpy)).minimums.card_replacement).toMatchObject({
      currency: "JPY",
      minFixed: "250",
      setElsewhere: [],
    });
    expect((await getFeeSchedules(viewer, eur)).minimums.card_replacement).toMatchObject({
      currency: "EUR",
      minFixed: "1.5",
    });
  });

  it("a currency without a row: the fee cannot be enabled while another currency has a fixed minimum; the rate minimum applies everywhere", async () => {
    await setPlatformMinimum(staff, {
      feeType: "monthly_maintenance",
      currency: "EUR",
      minFixed: "2.00",
      minRateBps: "0",
      reason: "account servicing",
    });
    await setPlatformMinimum(staff, {
      feeType: "chargeback",
      currency: "EUR",
      minFixed: "0",
      minRateBps: "100",
      reason: "dispute handling",
    });
    const usd = (await makeProgram(admin, { baseCurrency: "USD" })).id;
    const refused = await fails(
      saveFeeSchedule(
        admin,
        schedule(usd, {
          monthly_maintenance: { enabled: true, fixedAmount: "1000.00" },
          chargeback: { enabled: true, fixedAmount: "15.00", rateBps: "99" },
        }),
      ),
    );
    expect(refused.fields).toEqual({
      [`items.${idx("monthly_maintenance")}.fixedAmount`]:
        "The platform minimum for Monthly maintenance is not set for USD yet (it is 2.00 EUR; reason: account servicing), so this fee cannot be enabled for a USD Program: ask Axys staff to set the USD minimum.",
      [`items.${idx("chargeback")}.rateBps`]:
        "The platform minimum rate for Chargeback is 100 bps (reason: dispute handling): 99 bps is below it.",
    });
    expect((await getFeeSchedules(viewer, usd)).minimums.monthly_maintenance).toMatchObject({
      currency: "USD",
      minFixed: null,
      setElsewhere: ["2.00 EUR"],
    });
    expect(await db.feeSchedule.count({ where: { programId: usd } })).toBe(0);
    // disabled, the fee type is not checked; the rate-only minimum has no fixed part to miss
    expect(
      (
        await saveFeeSchedule(
          admin,
          schedule(usd, { chargeback: { enabled: true, fixedAmount: "15.00", rateBps: "100" } }),
        )
      ).version,
    ).toBe(1);
    // staff set USD (a 0 row would exempt USD explicitly): the fee can be enabled, held to the USD amount
    await setPlatformMinimum(staff, {
      feeType: "monthly_maintenance",
      currency: "USD",
      minFixed: "2.50",
      reason: "account servicing",
    });
    expect(
      (
        await fails(
          saveFeeSchedule(admin, schedule(usd, { monthly_maintenance: { enabled: true, fixedAmount: "2.00" } })),
        )
      ).message,
    ).toMatch(/is 2.50 USD/);
    expect(
      (await saveFeeSchedule(admin, schedule(usd, { monthly_maintenance: { enabled: true, fixedAmount: "2.50" } })))
        .version,
    ).toBe(2);
    await setPlatformMinimum(staff, {
      feeType: "monthly_maintenance",
      currency: "GBP",
      minFixed: "0",
      reason: "no fixed minimum in GBP",
    });
    const gbp = (await makeProgram(admin, { baseCurrency: "GBP" })).id;
    expect(
      (await saveFeeSchedule(admin, schedule(gbp, { monthly_maintenance: { enabled: true, fixedAmount: "0.50" } })))
        .version,
    ).toBe(1);
  });

  it("the fixed minimum takes the currency's decimals; the currency is one a Program may use", async () => {
    const count = await db.platformFeeMinimum.count();
    expect(
      await fails(
        setPlatformMinimum(staff, {
          feeType: "topup_deposit",
          currency: "JPY",
          minFixed: "1.5",
          reason: "funding cost",
        }),
      ),
    ).toMatchObject({ field: "minFixed", message: "The minimum fixed amount takes no decimals (JPY): 1.5 has 1." });
    expect(
      await fails(
        setPlatformMinimum(staff, {
          feeType: "topup_deposit",
          currency: "EUR",
          minFixed: "1.505",
          reason: "funding cost",
        }),
      ),
    ).toMatchObject({ field: "minFixed", message: expect.stringMatching(/at most 2 decimals \(EUR\)/) });
    expect(
      await fails(
        setPlatformMinimum(staff, { feeType: "topup_deposit", currency: "XYZ", minFixed: "1", reason: "funding cost" }),
      ),
    ).toMatchObject({ field: "currency" });
    expect(
      await fails(
        setPlatformMinimum(staff, {
          feeType: "topup_deposit",
          currency: undefined,
          minFixed: "1",
          reason: "funding cost",
        }),
      ),
    ).toMatchObject({ field: "currency" });
    expect(await db.platformFeeMinimum.count()).toBe(count);
    expect(
      await setPlatformMinimum(staff, {
        feeType: "topup_deposit",
        currency: "BHD",
        minFixed: "0.505",
        reason: "funding cost",
      }),
    ).toMatchObject({ currency: "BHD", minFixed: "0.505" });
    expect(
      await setPlatformMinimum(staff, {
        feeType: "topup_deposit",
        currency: "jpy",
        minFixed: "80",
        reason: "funding cost",
      }),
    ).toMatchObject({ currency: "JPY", minFixed: "80" });
    const jpy = await jpyProgram();
    expect(
      (await fails(saveFeeSchedule(admin, schedule(jpy, { topup_deposit: { enabled: true, fixedAmount: "79" } }))))
        .message,
    ).toMatch(/is 80 JPY/);
  });

  it("the rate minimum is one per fee type: setting it in one currency sets it in all, leaving it out keeps it; audited", async () => {
    await setPlatformMinimum(staff, {
      feeType: "fx_cross_border",
      currency: "EUR",
      minFixed: "0",
      minRateBps: "20",
      reason: "scheme FX cost",
    });
    await setPlatformMinimum(staff, {
      feeType: "fx_cross_border",
      currency: "JPY",
      minFixed: "0",
      reason: "scheme FX cost",
    });
    const rates = async () =>
      (await listPlatformMinimums(staff))
        .filter((m) => m.feeType === "fx_cross_border")
        .map((m) => [m.currency, m.minRateBps]);
    expect(await rates()).toEqual([
      ["EUR", "20"],
      ["JPY", "20"],
    ]);
    await setPlatformMinimum(staff, {
      feeType: "fx_cross_border",
      currency: "JPY",
      minFixed: "0",
      minRateBps: "30",
      reason: "scheme FX cost",
    });
    expect(await rates()).toEqual([
      ["EUR", "30"],
      ["JPY", "30"],
    ]);
    const audit = await db.auditEvent.findFirst({
      where: { action: "fee_minimum.set", targetId: "fx_cross_border" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(audit!.before!)).toMatchObject({ currency: "JPY", minRateBps: "20" });
    expect(JSON.parse(audit!.after!)).toMatchObject({
      currency: "JPY",
      minRateBps: "30",
      rateAlsoSetFor: [{ currency: "EUR", minRateBpsBefore: "20" }],
    });
    const usd = (await makeProgram(admin, { baseCurrency: "USD" })).id; // no USD row: the rate still holds
    expect(
      (await fails(saveFeeSchedule(admin, schedule(usd, { fx_cross_border: { enabled: true, rateBps: "29.99" } }))))
        .message,
    ).toMatch(/minimum rate for FX \/ cross-border is 30 bps/);
  });
});

describe("the fee template chosen at creation", () => {
  const current = async (pid: string) => (await getFeeSchedules(viewer, pid)).current!;
  const item = (s: { items: FeeItem[] }, t: (typeof FEE_TYPES)[number]) => s.items[idx(t)];

  it("is version 1 of the schedule, in force at once, with a value below a platform minimum raised to it and said so (version note, audit)", async () => {
    await setPlatformMinimum(staff, {
      feeType: "monthly_maintenance",
      currency: "EUR",
      minFixed: "2.00",
      minRateBps: "0",
      reason: "account servicing",
    });
    const p = await makeProgram(admin, { feeTemplate: "standard_debit" });
    const v1 = await current(p.id);
    expect(v1).toMatchObject({
      version: 1,
      billingCycle: "monthly",
      billingDay: 1,
      settlementAsset: "EUR",
      createdBy: admin.actorLabel,
    });
    expect(FEE_TYPES.map((t) => [t, item(v1, t).enabled, item(v1, t).fixedAmount, item(v1, t).rateBps])).toEqual([
      ["card_issuance", true, "5.00", undefined],
      ["card_replacement", true, "7.50", undefined],
      ["monthly_maintenance", true, "2.00", undefined],
      ["fx_cross_border", true, undefined, "150"],
      ["atm_withdrawal", true, "2.00", undefined],
      ["topup_deposit", false, undefined, undefined],
      ["crypto_conversion", false, undefined, undefined],
      ["chargeback", false, undefined, undefined],
    ]);
    const raised =
      "Monthly maintenance fixed amount raised from 1.00 to the platform minimum 2.00 EUR (reason: account servicing).";
    expect(v1.note).toBe(`From the Standard debit template. ${raised}`);
    const audit = await db.auditEvent.findFirst({ where: { action: "fee_schedule.saved", targetId: v1.id } });
    expect(audit).toMatchObject({ tenantId: admin.tenantId, actorLabel: admin.actorLabel });
    expect(JSON.parse(audit!.after!)).toMatchObject({
      version: 1,
      template: "standard_debit",
      adjustments: [raised],
      items: v1.items,
    });
    // the version passes the rules of a saved one: re-saving it changes nothing and is refused as such
    expect(
      (
        await fails(
          saveFeeSchedule(admin, {
            programId: p.id,
            billingCycle: "monthly",
            billingDay: "1",
            settlementAsset: "EUR",
            items: v1.items,
          }),
        )
      ).message,
    ).toMatch(/^Nothing to save/);
  });

  it("is written in the Program's creation transaction: when version 1 cannot be written, there is no Program", async () => {
    // a corrupt minimum row makes the template step throw after the Program row was inserted
    await db.platformFeeMinimum.create({
      data: { feeType: "card_issuance", currency: "EUR", minFixed: "corrupt", reason: "broken", updatedBy: "test" },
    });
    try {
      const name = "Rolled back";
      await expect(makeProgram(admin, { name, feeTemplate: "standard_debit" })).rejects.toThrow();
      expect(await db.program.count({ where: { tenantId: admin.tenantId!, name } })).toBe(0);
      expect(await db.auditEvent.count({ where: { action: "program.created", after: { contains: name } } })).toBe(0);
      // "custom" starts with no schedule at all, so it never reads a template value
      const custom = await makeProgram(admin, { feeTemplate: "custom" });
      expect(await db.feeSchedule.count({ where: { programId: custom.id } })).toBe(0);
      expect((await getFeeSchedules(viewer, custom.id)).current).toBeNull();
    } finally {
      await db.platformFeeMinimum.delete({
        where: { feeType_currency: { feeType: "card_issuance", currency: "EUR" } },
      });
    }
  });

  it("leaves off a fee it cannot price: no template amount in the currency, or a fixed minimum set only in other currencies; raises a rate to its minimum", async () => {
    await setPlatformMinimum(staff, {
      feeType: "atm_withdrawal",
      currency: "EUR",
      minFixed: "1.50",
      minRateBps: "0",
      reason: "network cost",
    });
    await setPlatformMinimum(staff, {
      feeType: "crypto_conversion",
      currency: "EUR",
      minFixed: "0",
      minRateBps: "100",
      reason: "custody and liquidity cost",
    });
    const jpy = await current(
      (await makeProgram(admin, { feeTemplate: "prepaid_lite", baseCurrency: "JPY", transactionLimit: "500000" })).id,
    );
    expect(item(jpy, "atm_withdrawal").enabled).toBe(false);
    expect(item(jpy, "fx_cross_border")).toMatchObject({ enabled: true, rateBps: "200" });
    expect(jpy.note).toContain("ATM withdrawal left off: the template has no JPY amount; set one on the Fees page.");
    const usd = await current((await makeProgram(admin, { feeTemplate: "prepaid_lite", baseCurrency: "USD" })).id);
    expect(item(usd, "atm_withdrawal").enabled).toBe(false); // 2.50 USD priced, but only EUR has a minimum: fail closed
    expect(usd.note).toMatch(
      /ATM withdrawal left off: its platform minimum is not set for USD yet \(it is 1\.50 EUR; reason: network cost\)\./,
    );
    const crypto = await current((await makeProgram(admin, { feeTemplate: "crypto_funded" })).id);
    expect(crypto.settlementAsset).toBe("USDC");
    expect(item(crypto, "crypto_conversion")).toMatchObject({ enabled: true, rateBps: "100" });
    expect(crypto.note).toContain(
      "Crypto conversion rate raised from 80 bps to the platform minimum 100 bps (reason: custody and liquidity cost).",
    );
  });

  it("refuses a save that changes nothing against the version in force at its effective date, and writes nothing", async () => {
    const p = await makeProgram(admin, { feeTemplate: "standard_debit" });
    const v1 = await current(p.id);
    const same = (patch: Partial<FeeItem> = {}, extra: Record<string, unknown> = {}) => ({
      programId: p.id,
      billingCycle: "monthly",
      billingDay: "1",
      settlementAsset: "EUR",
      ...extra,
      items: v1.items.map((i) => (i.feeType === "atm_withdrawal" ? { ...i, ...patch } : i)),
    });
    // "2" is 2.00 once parsed: no change
    const noop = await fails(saveFeeSchedule(admin, same({ fixedAmount: "2" })));
    expect(noop).toMatchObject({
      code: "VALIDATION",
      message: "Nothing to save: these values are version 1's, the schedule in force now. Change a value first.",
    });
    expect(await db.feeSchedule.count({ where: { programId: p.id } })).toBe(1);
    expect((await saveFeeSchedule(admin, same({ fixedAmount: "2.50" }))).version).toBe(2);
    // a later version with new values is upcoming; its values saved again for the same date change nothing, for now they do
    const v3 = await saveFeeSchedule(admin, same({ fixedAmount: "3.00" }, { effectiveAt: "2099-01-01" }));
    expect(
      (await fails(saveFeeSchedule(admin, same({ fixedAmount: "3.00" }, { effectiveAt: "2099-01-01T00:00" })))).message,
    ).toBe(
      `Nothing to save: these values are version ${v3.version}'s, the schedule in force on 2099-01-01 00:00 UTC. Change a value first.`,
    );
    expect((await fails(saveFeeSchedule(admin, same({ fixedAmount: "2.50" })))).message).toMatch(
      /version 2's, the schedule in force now/,
    );
    expect((await saveFeeSchedule(admin, same({ fixedAmount: "3.00" }))).version).toBe(4);
    expect(await db.feeSchedule.count({ where: { programId: p.id } })).toBe(4);
  });
});
