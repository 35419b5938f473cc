import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { axys } from "@/lib/testing/cli";



describe("axys fees CLI", () => {
  it("sets and lists platform minimums, audited without a tenant", async () => {
    const r = axys(["fees", "minimum-set", "--fee-type", "atm_withdrawal", "--min-fixed", "1.50", "--min-rate-bps", "0", "--reason", "network cost", "--json"]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ feeType: "atm_withdrawal", minFixed: "1.5", minRateBps: "0", reason: "network cost", updatedBy: expect.stringMatching(/^cli:/) });
    expect(await db.auditEvent.count({ where: { action: "fee_minimum.set", targetId: "atm_withdrawal", tenantId: null } })).toBe(1);

    const l = axys(["fees", "minimum-list", "--json"]);
    expect(l.code).toBe(0);
    expect(JSON.parse(l.out).minimums).toEqual([expect.objectContaining({ feeType: "atm_withdrawal", minFixed: "1.5" })]);
    expect(axys(["fees", "minimum-list"]).out).toMatch(/atm_withdrawal\s+fixed 1.5\b/);
  });

  it("refuses a bad value with a JSON error and writes nothing", async () => {
    const before = await db.platformFeeMinimum.count();
    const r = axys(["fees", "minimum-set", "--fee-type", "atm_withdrawal", "--min-fixed", "1e2", "--min-rate-bps", "0", "--reason", "network cost", "--json"]);
    expect(r.code).not.toBe(0);
    expect(JSON.parse(r.out)).toEqual({ error: { code: "VALIDATION", message: expect.stringMatching(/no exponent notation/), field: "minFixed" } });
    const missing = axys(["fees", "minimum-set", "--fee-type", "chargeback", "--min-fixed", "1", "--json"]);
    expect(missing.code).not.toBe(0);
    expect(await db.platformFeeMinimum.count()).toBe(before);
  });
});
