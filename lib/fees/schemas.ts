import Decimal from "decimal.js";
import { z } from "zod";
import { CURRENCIES, CURRENCY_CODES } from "@/lib/core/currencies";

/**
 * Fee schedules. Every amount, rate and share is a decimal STRING, parsed and compared with
 * decimal.js (never a JS number): a float would turn 0.1 + 0.2 into 0.30000000000000004.
 *
 * - Fixed amounts and caps are in the Program's base currency, with at most its minor units of decimals.
 *   A platform minimum's `minFixed` is stated in a currency and holds only Programs in that currency
 *   (no FX conversion; lib/fees/minimums.ts has the rule for a currency without one).
 * - Rates are basis points (1 bps = 0.01 %), at most 2 decimals, at most 10000.
 * - The Tenant/Program split is two percentages with at most 2 decimals that sum to exactly 100.
 */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });
export type Dec = InstanceType<typeof Dec>;

export const FEE_TYPES = [
  "card_issuance",
  "card_replacement",
  "monthly_maintenance",
  "fx_cross_border",
  "atm_withdrawal",
  "topup_deposit",
  "crypto_conversion",
  "chargeback",
] as const;
export type FeeType = (typeof FEE_TYPES)[number];
export const FEE_TYPE_LABELS: Record<FeeType, string> = {
  card_issuance: "Card issuance",
  card_replacement: "Card replacement",
  monthly_maintenance: "Monthly maintenance",
  fx_cross_border: "FX / cross-border",
  atm_withdrawal: "ATM withdrawal",
  topup_deposit: "Top-up / deposit",
  crypto_conversion: "Crypto conversion",
  chargeback: "Chargeback",
};

export const FEE_TRIGGERS = ["per_event", "monthly", "on_issuance", "on_replacement", "on_chargeback"] as const;
export type FeeTrigger = (typeof FEE_TRIGGERS)[number];
export const FEE_TRIGGER_LABELS: Record<FeeTrigger, string> = {
  per_event: "Per event",
  monthly: "Monthly",
  on_issuance: "On issuance",
  on_replacement: "On replacement",
  on_chargeback: "On chargeback",
};
export const DEFAULT_TRIGGERS: Record<FeeType, FeeTrigger> = {
  card_issuance: "on_issuance",
  card_replacement: "on_replacement",
  monthly_maintenance: "monthly",
  fx_cross_border: "per_event",
  atm_withdrawal: "per_event",
  topup_deposit: "per_event",
  crypto_conversion: "per_event",
  chargeback: "on_chargeback",
};

export const BILLING_CYCLES = ["monthly", "weekly"] as const;
export const DIGITAL_ASSETS = ["USDC", "USDT"] as const;
export const SETTLEMENT_ASSETS = [...CURRENCY_CODES, ...DIGITAL_ASSETS];

export const MAX_RATE_BPS = "10000";
const MAX_WHOLE_DIGITS = 13;

export type ParsedDecimal = { ok: true; value: string } | { ok: false; message: string };

/**
 * Parses a non-negative decimal string with at most `maxDecimals` decimals, by pattern only
 * (no exponent notation, no sign, no thousands separators), and returns it normalized
 * to exactly `maxDecimals` decimals when `pad` is set.
 */
export function parseDecimal(
  input: unknown,
  opts: { maxDecimals: number; what: string; unit?: string; pad?: boolean },
): ParsedDecimal {
  if (typeof input !== "string") return { ok: false, message: `Enter ${opts.what} as a decimal number.` };
  const s = input.trim();
  if (/^-/.test(s)) return { ok: false, message: `${cap(opts.what)} cannot be negative.` };
  if (/[eE]/.test(s))
    return { ok: false, message: `Write ${opts.what} as plain digits (no exponent notation): e.g. 1.50.` };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m)
    return {
      ok: false,
      message: `Enter ${opts.what} as digits with an optional decimal point, e.g. ${opts.maxDecimals ? `1.${"5".padEnd(opts.maxDecimals, "0")}` : "150"}.`,
    };
  const [, whole, frac = ""] = m;
  if (whole.replace(/^0+(?=\d)/, "").length > MAX_WHOLE_DIGITS)
    return { ok: false, message: `${cap(opts.what)} is too large.` };
  if (frac.length > opts.maxDecimals) {
    return {
      ok: false,
      message:
        opts.maxDecimals === 0
          ? `${cap(opts.what)} takes no decimals${opts.unit ? ` (${opts.unit})` : ""}: ${s} has ${frac.length}.`
          : `${cap(opts.what)} takes at most ${opts.maxDecimals} decimals${opts.unit ? ` (${opts.unit})` : ""}: ${s} has ${frac.length}.`,
    };
  }
  const d = new Dec(s);
  return { ok: true, value: opts.pad ? d.toFixed(opts.maxDecimals) : d.toFixed() };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Minor units of a Program currency (2 for an unknown code, which the Program schema never allows). */
export const minorUnitsOf = (currency: string) => CURRENCIES[currency]?.minorUnits ?? 2;

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const bool = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

export interface FeeItem {
  feeType: FeeType;
  enabled: boolean;
  fixedAmount?: string;
  rateBps?: string;
  capAmount?: string;
  trigger: FeeTrigger;
  tenantSharePct: string;
  programSharePct: string;
}

/** One fee type's row. `currency` is the Program's base currency (fixed amounts and caps are in it). */
function feeItemSchema(currency: string) {
  const units = minorUnitsOf(currency);
  const raw = z.preprocess(blankToUndefined, z.string().optional());
  return z
    .object({
      feeType: z.enum(FEE_TYPES, { error: "Unknown fee type." }),
      enabled: bool,
      fixedAmount: raw,
      rateBps: raw,
      capAmount: raw,
      trigger: z.enum(FEE_TRIGGERS, { error: "Choose when the fee is billed." }),
      tenantSharePct: z.preprocess(blankToUndefined, z.string({ error: "Enter the Tenant's share in %." })),
      programSharePct: z.preprocess(blankToUndefined, z.string({ error: "Enter the Program's share in %." })),
    })
    .transform((v, ctx): FeeItem => {
      const label = FEE_TYPE_LABELS[v.feeType];
      const out: FeeItem = {
        feeType: v.feeType,
        enabled: v.enabled,
        trigger: v.trigger,
        tenantSharePct: "",
        programSharePct: "",
      };
      const take = (
        key: "fixedAmount" | "rateBps" | "capAmount" | "tenantSharePct" | "programSharePct",
        opts: Parameters<typeof parseDecimal>[1],
      ) => {
        if (v[key] === undefined) return undefined;
        const p = parseDecimal(v[key], opts);
        if (!p.ok) {
          ctx.addIssue({ code: "custom", path: [key], message: `${label}: ${p.message}` });
          return undefined;
        }
        return p.value;
      };
      const fixedAmount = take("fixedAmount", {
        maxDecimals: units,
        what: "the fixed amount",
        unit: currency,
        pad: true,
      });
      const rateBps = take("rateBps", { maxDecimals: 2, what: "the rate", unit: "basis points" });
      const capAmount = take("capAmount", { maxDecimals: units, what: "the cap", unit: currency, pad: true });
      const tenant = take("tenantSharePct", { maxDecimals: 2, what: "the Tenant share", unit: "%" });
      const program = take("programSharePct", { maxDecimals: 2, what: "the Program share", unit: "%" });
      if (fixedAmount !== undefined) out.fixedAmount = fixedAmount;
      if (rateBps !== undefined) {
        if (new Dec(rateBps).gt(MAX_RATE_BPS))
          ctx.addIssue({
            code: "custom",
            path: ["rateBps"],
            message: `${label}: a rate is at most ${MAX_RATE_BPS} bps (100 %).`,
          });
        out.rateBps = rateBps;
      }
      if (capAmount !== undefined) {
        if (v.rateBps === undefined)
          ctx.addIssue({
            code: "custom",
            path: ["capAmount"],
            message: `${label}: a cap limits the percentage part; set a rate or clear the cap.`,
          });
        out.capAmount = capAmount;
      }
      if (v.enabled && v.fixedAmount === undefined && v.rateBps === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["fixedAmount"],
          message: `${label}: enter a fixed amount, a rate, or both (or disable the fee).`,
        });
      }
      if (tenant !== undefined && program !== undefined) {
        for (const [key, value] of [
          ["tenantSharePct", tenant],
          ["programSharePct", program],
        ] as const) {
          if (new Dec(value).gt(100))
            ctx.addIssue({ code: "custom", path: [key], message: `${label}: a share is at most 100 %.` });
        }
        const sum = new Dec(tenant).plus(program);
        if (!sum.eq(100)) {
          ctx.addIssue({
            code: "custom",
            path: ["programSharePct"],
            message: `${label}: the Tenant and Program shares must add up to exactly 100 %; ${tenant} + ${program} = ${sum.toFixed()}.`,
          });
        }
      }
      out.tenantSharePct = tenant ?? "";
      out.programSharePct = program ?? "";
      return out;
    });
}

/** The eight rows alone: what the browser's preview parses while the rest of the form may still be incomplete. */
export const feeItemsSchema = (currency: string) =>
  z.array(feeItemSchema(currency)).length(FEE_TYPES.length, `List each of the ${FEE_TYPES.length} fee types once.`);

/** "2026-05-01", "2026-05-01T09:30" (both read as UTC) or a full ISO timestamp; blank = now. */
function parseWhen(v: unknown): unknown {
  if (v === undefined || v === null || v === "") return undefined;
  if (v instanceof Date) return v;
  if (typeof v !== "string") return v;
  const s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return new Date(`${s}T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s)) return new Date(`${s}${s.length === 16 ? ":00" : ""}Z`);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return new Date(s);
  return "invalid";
}

export function feeScheduleSchema(currency: string) {
  return z
    .object({
      programId: z.string().min(1).max(64),
      effectiveAt: z.preprocess(
        parseWhen,
        z.date({ error: "Enter the effective date as YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)." }).optional(),
      ),
      billingCycle: z.enum(BILLING_CYCLES, { error: "Choose a monthly or weekly billing cycle." }),
      billingDay: z.preprocess(
        (v) => (typeof v === "string" && /^\d{1,2}$/.test(v.trim()) ? Number.parseInt(v.trim(), 10) : v),
        z.number({ error: "Enter the billing day." }).int(),
      ),
      settlementAsset: z.enum(SETTLEMENT_ASSETS as [string, ...string[]], {
        error: `Settle in an ISO 4217 currency or ${DIGITAL_ASSETS.join(" / ")}.`,
      }),
      items: feeItemsSchema(currency),
    })
    .superRefine((v, ctx) => {
      if (Number.isNaN(v.effectiveAt?.getTime()))
        ctx.addIssue({ code: "custom", path: ["effectiveAt"], message: "That effective date does not exist." });
      const max = v.billingCycle === "monthly" ? 28 : 7;
      if (v.billingDay < 1 || v.billingDay > max) {
        ctx.addIssue({
          code: "custom",
          path: ["billingDay"],
          message:
            v.billingCycle === "monthly"
              ? "A monthly billing day is 1 to 28 (every month has it)."
              : "A weekly billing day is 1 (Monday) to 7 (Sunday).",
        });
      }
      const seen = new Set(v.items.map((i) => i.feeType));
      if (seen.size !== FEE_TYPES.length)
        ctx.addIssue({
          code: "custom",
          path: ["items"],
          message: `List each of the ${FEE_TYPES.length} fee types once.`,
        });
    });
}
export type FeeScheduleInput = z.output<ReturnType<typeof feeScheduleSchema>>;

/**
 * A platform minimum for one fee type in one currency. The fixed minimum takes at most the currency's
 * minor units; the rate (currency-independent) may be left out to keep the fee type's current one.
 */
export const platformMinimumSchema = z
  .object({
    feeType: z.enum(FEE_TYPES, { error: `Fee type is one of: ${FEE_TYPES.join(", ")}.` }),
    currency: z
      .string({ error: "Name the currency the minimum fixed amount is in (ISO 4217, e.g. EUR)." })
      .trim()
      .toUpperCase()
      .refine((c) => CURRENCY_CODES.includes(c), {
        error: `The currency is an ISO 4217 code a Program may use: ${CURRENCY_CODES.join(", ")}.`,
      }),
    minFixed: z.string({ error: "Enter the minimum fixed amount (0 for none)." }),
    minRateBps: z.preprocess(blankToUndefined, z.string().optional()).transform((s, ctx) => {
      if (s === undefined) return undefined;
      const p = parseDecimal(s, { maxDecimals: 2, what: "the minimum rate", unit: "basis points" });
      if (!p.ok) {
        ctx.addIssue({ code: "custom", message: p.message });
        return z.NEVER;
      }
      if (new Dec(p.value).gt(MAX_RATE_BPS)) {
        ctx.addIssue({ code: "custom", message: `A rate is at most ${MAX_RATE_BPS} bps.` });
        return z.NEVER;
      }
      return p.value;
    }),
    reason: z
      .string({ error: "Say why the minimum exists (tenants see it)." })
      .trim()
      .min(3, "Say why the minimum exists (tenants see it).")
      .max(200),
  })
  .transform((v, ctx) => {
    const p = parseDecimal(v.minFixed, {
      maxDecimals: minorUnitsOf(v.currency),
      what: "the minimum fixed amount",
      unit: v.currency,
    });
    if (!p.ok) {
      ctx.addIssue({ code: "custom", path: ["minFixed"], message: p.message });
      return z.NEVER;
    }
    return { ...v, minFixed: p.value };
  });

export const previewSchema = (currency: string) =>
  z.object({
    amount: z.string({ error: "Enter an example transaction amount." }).transform((s, ctx) => {
      const p = parseDecimal(s, { maxDecimals: minorUnitsOf(currency), what: "the amount", unit: currency, pad: true });
      if (!p.ok) {
        ctx.addIssue({ code: "custom", message: p.message });
        return z.NEVER;
      }
      return p.value;
    }),
    currency: z.preprocess(blankToUndefined, z.string().optional()),
    feeTypes: z.array(z.enum(FEE_TYPES)).optional(),
  });

/** A fee preview; every amount a decimal string in the Program's currency. */
export interface FeePreviewLine {
  feeType: FeeType;
  label: string;
  trigger: FeeTrigger;
  fixedPart: string;
  percentagePart: string;
  capped: boolean;
  total: string;
  tenantShare: string;
  programShare: string;
}
export interface FeePreview {
  amount: string;
  currency: string;
  /** the version in force that was previewed, or null for unsaved items */
  scheduleVersion: number | null;
  lines: FeePreviewLine[];
  totals: { total: string; tenantShare: string; programShare: string };
}
