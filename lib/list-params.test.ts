import { describe, expect, it } from "vitest";
import { AUDIT_FILTER_KEYS, auditFilterSchema } from "@/lib/audit/schemas";
import { firstError, parseListParams } from "@/lib/list-params";
import {
  BALANCE_FILTER_KEYS,
  balanceFilterSchema,
  OVERVIEW_FILTER_KEYS,
  overviewFilterSchema,
} from "@/lib/monitoring/schemas";
import { QUEUE_FILTER_KEYS, queueFilterSchema } from "@/lib/staff/queue";

// the transaction list's cases are in lib/monitoring/list.test.ts; these are the other lists using the same parser
describe("parseListParams on every filtered list", () => {
  it("audit log: a bad or reversed date is an error, not an unfiltered log", () => {
    const bad = parseListParams(auditFilterSchema, AUDIT_FILTER_KEYS, { action: "user.created", from: "2026-02-31" });
    expect(bad).toMatchObject({ ok: false, filter: null, errors: { from: "The start date is not a calendar date." } });
    expect(
      parseListParams(auditFilterSchema, AUDIT_FILTER_KEYS, { from: "2026-11-23", to: "2026-11-22" }).errors,
    ).toEqual({ to: "The end date is before the start date." });
    const ok = parseListParams(
      auditFilterSchema,
      AUDIT_FILTER_KEYS,
      new URLSearchParams("action=user.created&from=2026-11-22&to=2026-11-22&cursor=abc"),
    );
    expect(ok.ok && ok.filter.to).toEqual(new Date("2026-11-23T00:00:00Z"));
    expect(ok.query.toString()).toBe("action=user.created&from=2026-11-22&to=2026-11-22");
  });

  it("staff queue: an unknown status or type is an error naming the allowed values", () => {
    expect(parseListParams(queueFilterSchema, QUEUE_FILTER_KEYS, { status: "toString" }).errors).toEqual({
      status: "Unknown status toString; use pending, approved, rejected.",
    });
    expect(firstError(parseListParams(queueFilterSchema, QUEUE_FILTER_KEYS, { type: "wire" }).errors!)).toMatch(
      /^Unknown request type wire; use card_design/,
    );
    expect(parseListParams(queueFilterSchema, QUEUE_FILTER_KEYS, {}).filter).toEqual({ status: "pending" });
  });

  it("overview and balances: bad dates and repeated programs are errors", () => {
    expect(
      parseListParams(overviewFilterSchema, OVERVIEW_FILTER_KEYS, { from: "2026-01-01", to: "2027-06-01" }).errors,
    ).toEqual({ from: "Choose a range of at most 366 days." });
    expect(parseListParams(balanceFilterSchema, BALANCE_FILTER_KEYS, { program: ["a", "b"] }).errors?.program).toMatch(
      /Give program once/,
    );
    expect(parseListParams(balanceFilterSchema, BALANCE_FILTER_KEYS, { program: "" }).filter).toEqual({});
  });
});
