import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/sqlite/client";
import { isDatabaseUnavailable } from "@/lib/db";

const known = (code: string, message: string) =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: "test" });

describe("isDatabaseUnavailable", () => {
  it("a transaction that could not start within maxWait (pool saturated) is unavailable, so callers answer 503", () => {
    const e = known(
      "P2028",
      "Transaction API error: Unable to start a transaction in the given time. Timeout: 2000 ms.",
    );
    expect(isDatabaseUnavailable(e)).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: e }))).toBe(true);
  });

  it("other transaction API errors are bugs, not outages", () => {
    expect(isDatabaseUnavailable(known("P2028", "Transaction API error: Transaction already closed"))).toBe(false);
  });

  it("unreachable servers and drivers' connection codes are unavailable; refused queries are not", () => {
    expect(isDatabaseUnavailable(known("P1001", "Can't reach database server"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(known("P2002", "Unique constraint failed"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
