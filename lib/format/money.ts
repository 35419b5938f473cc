import { CURRENCIES } from "@/lib/core/currencies";
import { groupThousands } from "@/lib/core/money";

/**
 * The portal's one money format: "1,234.50 EUR". Takes a decimal string (never a float), groups thousands and
 * pads the fraction to the currency's minor units; a longer fraction is shown as stored, never rounded away.
 * Assets that are not ISO currencies (USDC, USDT) keep the digits they were given.
 */
export function formatMoney(amount: string, currency: string): string {
  const units = CURRENCIES[currency]?.minorUnits;
  const neg = amount.startsWith("-");
  const [whole, frac = ""] = (neg ? amount.slice(1) : amount).split(".");
  const fraction = units === undefined ? frac : frac.padEnd(units, "0");
  return `${neg ? "-" : ""}${groupThousands(fraction ? `${whole}.${fraction}` : whole)} ${currency}`;
}

/** Amounts in several currencies, `{ EUR: "1.50", USD: "2" }`, as "1.50 EUR · 2.00 USD"; "—" when there are none. */
export function formatVolumes(volume: Record<string, string>): string {
  return (
    Object.entries(volume)
      .map(([currency, amount]) => formatMoney(amount, currency))
      .join(" · ") || "—"
  );
}
