import { describe, expect, it } from "vitest";
import { formatMoney, formatVolumes } from "@/lib/format/money";

describe("formatMoney", () => {
  it("groups thousands and shows the currency", () => {
    expect(formatMoney("1234.5", "EUR")).toBe("1,234.50 EUR");
    expect(formatMoney("1234567.89", "USD")).toBe("1,234,567.89 USD");
    expect(formatMoney("-1234.50", "EUR")).toBe("-1,234.50 EUR");
    expect(formatMoney("999", "EUR")).toBe("999.00 EUR");
  });
  it("respects the currency's decimals", () => {
    expect(formatMoney("300000", "JPY")).toBe("300,000 JPY");
    expect(formatMoney("1.5", "KWD")).toBe("1.500 KWD");
    expect(formatMoney("1234.123456", "USDC")).toBe("1,234.123456 USDC");
  });
  it("never rounds digits away", () => {
    expect(formatMoney("0.005", "EUR")).toBe("0.005 EUR");
  });
});

describe("formatVolumes", () => {
  it("joins the amount of each currency, in the given order", () => {
    expect(formatVolumes({ EUR: "1234.5", JPY: "300" })).toBe("1,234.50 EUR · 300 JPY");
  });
  it("is a dash when there is no amount", () => {
    expect(formatVolumes({})).toBe("—");
  });
});
