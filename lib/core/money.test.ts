import { describe, expect, it } from "vitest";
import { displayMinor, formatMinor, groupThousands, parseAmountToMinor } from "@/lib/core/money";

describe("money", () => {
  it("parses decimal strings into minor units without floats", () => {
    expect(parseAmountToMinor("0.10", "EUR")).toEqual({ ok: true, minor: 10n });
    expect(parseAmountToMinor("0.1", "EUR")).toEqual({ ok: true, minor: 10n });
    expect(parseAmountToMinor("1,234.56", "USD")).toEqual({ ok: true, minor: 123456n });
    expect(parseAmountToMinor("9007199254740993", "EUR").ok).toBe(false); // beyond the bound, not rounded
    expect(parseAmountToMinor("999999999.99", "EUR")).toEqual({ ok: true, minor: 99999999999n });
    expect(parseAmountToMinor("1000000000", "EUR")).toEqual({ ok: true, minor: 100000000000n });
    expect(parseAmountToMinor("12", "JPY")).toEqual({ ok: true, minor: 12n });
    expect(parseAmountToMinor("1.005", "BHD")).toEqual({ ok: true, minor: 1005n });
  });

  it("formats minor units back exactly", () => {
    expect(formatMinor(5n, "EUR")).toBe("0.05");
    expect(formatMinor(500000n, "EUR")).toBe("5000.00");
    expect(formatMinor(300000n, "JPY")).toBe("300000");
    expect(formatMinor(-1005n, "KWD")).toBe("-1.005");
    expect(displayMinor(123456789n, "USD")).toBe("1,234,567.89 USD");
    expect(groupThousands("225695.000000")).toBe("225,695.000000");
    expect(groupThousands("999")).toBe("999");
    expect(groupThousands("-1234567")).toBe("-1,234,567");
  });
});
