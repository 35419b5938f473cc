import { CURRENCIES, MAX_LIMIT_MAJOR } from "@/lib/core/currencies";

export type ParsedAmount = { ok: true; minor: bigint } | { ok: false; message: string };

/**
 * Parses a decimal amount string ("5000.00") into integer minor units of `currency`,
 * by string arithmetic only (never a float). Refuses more decimals than the currency has.
 */
export function parseAmountToMinor(input: string, currency: string): ParsedAmount {
  const c = CURRENCIES[currency];
  if (!c) return { ok: false, message: "Choose a currency first." };
  const s = input.trim().replace(/[_,\s]/g, "");
  const m = /^(\d{1,13})(?:\.(\d+))?$/.exec(s);
  if (!m)
    return { ok: false, message: `Enter an amount like ${example(c.minorUnits)} (digits, optional decimal point).` };
  const [, whole, frac = ""] = m;
  if (frac.length > c.minorUnits) {
    return {
      ok: false,
      message:
        c.minorUnits === 0
          ? `${currency} has no minor unit: enter a whole amount.`
          : `${currency} has ${c.minorUnits} decimal places: ${input.trim()} has ${frac.length}.`,
    };
  }
  const scale = 10n ** BigInt(c.minorUnits);
  const minor = BigInt(whole) * scale + BigInt(frac.padEnd(c.minorUnits, "0") || "0");
  if (minor <= 0n) return { ok: false, message: "The limit must be greater than zero." };
  if (minor > MAX_LIMIT_MAJOR * scale)
    return { ok: false, message: `The limit may be at most ${MAX_LIMIT_MAJOR.toLocaleString("en")} ${currency}.` };
  return { ok: true, minor };
}

/** Formats integer minor units as a plain decimal string ("5000.00"). */
export function formatMinor(minor: bigint, currency: string): string {
  const units = CURRENCIES[currency]?.minorUnits ?? 2;
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(units + 1, "0");
  const whole = units ? digits.slice(0, -units) : digits;
  const frac = units ? `.${digits.slice(-units)}` : "";
  return `${neg ? "-" : ""}${whole}${frac}`;
}

/** Formats for display with thousands separators and the currency code ("5,000.00 EUR"). */
export function displayMinor(minor: bigint, currency: string): string {
  return `${groupThousands(formatMinor(minor, currency))} ${currency}`;
}

/** Thousands separators for a decimal string ("1234567.50" -> "1,234,567.50"), by string operations only. */
export function groupThousands(decimal: string): string {
  const [whole, frac] = decimal.split(".");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac !== undefined ? `.${frac}` : ""}`;
}

function example(units: number): string {
  return units ? `5000.${"0".repeat(units)}` : "5000";
}
