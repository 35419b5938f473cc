import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { axys, cliErrorOf } from "@/lib/testing/cli";

// Every CLI call is a child process (tsx start-up, its own database connection): seconds each on a loaded
// 2-core machine (35 s each was seen with other test runs alongside), so this file's tests get minutes, not 30 s.
vi.setConfig({ testTimeout: 300_000 });

describe("axys fees CLI", () => {
  it("sets and lists platform minimums, audited without a tenant", async () => {
    const r = axys([
      "fees",
      "minimum-set",
      "--fee-type",
      "atm_withdrawal",
      "--currency",
      "EUR",
      "--min-fixed",
      "1.50",
      "--min-rate-bps",
      "0",
      "--reason",
      "network cost",
      "--json",
    ]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      feeType: "atm_withdrawal",
      currency: "EUR",
      minFixed: "1.5",
      minRateBps: "0",
      reason: "network cost",
      updatedBy: expect.stringMatching(/^cli:/),
    });
    expect(
      await db.auditEvent.count({ where: { action: "fee_minimum.set", targetId: "atm_withdrawal", tenantId: null } }),
    ).toBe(1);

    const l = axys(["fees", "minimum-list", "--json"]);
    expect(l.code).toBe(0);
    expect(JSON.parse(l.out).minimums).toEqual([
      expect.objectContaining({ feeType: "atm_withdrawal", currency: "EUR", minFixed: "1.5" }),
    ]);
    expect(axys(["fees", "minimum-list"]).out).toMatch(/atm_withdrawal\s+fixed 1.5 EUR\b/);

    // another currency is another row; the rate (left out here) stays the fee type's
    const jpy = axys([
      "fees",
      "minimum-set",
      "--fee-type",
      "atm_withdrawal",
      "--currency",
      "JPY",
      "--min-fixed",
      "200",
      "--reason",
      "network cost",
    ]);
    expect(jpy.code, jpy.err).toBe(0);
    expect(jpy.out).toMatch(/atm_withdrawal in JPY: fixed 200 JPY, rate 0 bps/);
    expect(
      JSON.parse(axys(["fees", "minimum-list", "--json"]).out).minimums.map(
        (m: { currency: string; minFixed: string }) => [m.currency, m.minFixed],
      ),
    ).toEqual([
      ["EUR", "1.5"],
      ["JPY", "200"],
    ]);
  });

  it("refuses a bad value with a JSON error and writes nothing", async () => {
    const before = await db.platformFeeMinimum.count();
    const r = axys([
      "fees",
      "minimum-set",
      "--fee-type",
      "atm_withdrawal",
      "--currency",
      "EUR",
      "--min-fixed",
      "1e2",
      "--min-rate-bps",
      "0",
      "--reason",
      "network cost",
      "--json",
    ]);
    expect(cliErrorOf(r)).toEqual({
      exit: 1,
      code: "VALIDATION",
      message: expect.stringMatching(/no exponent notation/),
      field: "minFixed",
    });
    const missing = axys([
      "fees",
      "minimum-set",
      "--fee-type",
      "chargeback",
      "--currency",
      "EUR",
      "--min-fixed",
      "1",
      "--json",
    ]);
    expect(cliErrorOf(missing)).toEqual({ exit: 64, code: "USAGE", message: "Missing --reason.", field: "reason" });
    // the currency is required, also for a 0 minimum (a 0 row exempts that currency)
    const noCurrency = axys([
      "fees",
      "minimum-set",
      "--fee-type",
      "chargeback",
      "--min-fixed",
      "0",
      "--min-rate-bps",
      "100",
      "--reason",
      "dispute handling",
      "--json",
    ]);
    expect(cliErrorOf(noCurrency)).toMatchObject({ exit: 64, code: "USAGE", field: "currency" });
    const decimals = axys([
      "fees",
      "minimum-set",
      "--fee-type",
      "chargeback",
      "--currency",
      "JPY",
      "--min-fixed",
      "1.50",
      "--reason",
      "dispute handling",
      "--json",
    ]);
    expect(cliErrorOf(decimals)).toMatchObject({
      exit: 1,
      code: "VALIDATION",
      field: "minFixed",
      message: expect.stringMatching(/no decimals \(JPY\)/),
    });
    expect(await db.platformFeeMinimum.count()).toBe(before);
  });
});
