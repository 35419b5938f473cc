import { z } from "zod";
import { CURRENCIES } from "@/lib/core/currencies";
import { filterDay } from "@/lib/list-params";

export const TRANSACTION_TYPES = [
  "purchase",
  "refund",
  "atm_withdrawal",
  "top_up",
  "transfer",
  "fee",
  "chargeback",
  "crypto_conversion",
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export const TRANSACTION_STATUSES = ["pending", "completed", "declined", "reversed"] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

export const TYPE_LABELS: Record<TransactionType, string> = {
  purchase: "Purchase",
  refund: "Refund",
  atm_withdrawal: "ATM withdrawal",
  top_up: "Top-up",
  transfer: "Transfer",
  fee: "Fee",
  chargeback: "Chargeback",
  crypto_conversion: "Crypto conversion",
};
export const STATUS_LABELS: Record<TransactionStatus, string> = {
  pending: "Pending",
  completed: "Completed",
  declined: "Declined",
  reversed: "Reversed",
};

/** Digital assets a balance may be held in, with their decimals. Fiat balances use ISO 4217 minor units. */
export const DIGITAL_ASSETS: Record<string, number> = { USDC: 6, USDT: 6, BTC: 8, ETH: 18, SOL: 9 };
export const assetDecimals = (asset: string): number | undefined =>
  CURRENCIES[asset]?.minorUnits ?? DIGITAL_ASSETS[asset];

const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => c in CURRENCIES, { message: "Unknown or unsupported ISO 4217 currency." });
const instant = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime()) || (typeof v === "string" && !/^\d{4}-\d{2}-\d{2}T/.test(v))) {
    ctx.addIssue({ code: "custom", message: "Use an ISO 8601 time like 2026-11-30T14:05:00Z." });
    return z.NEVER;
  }
  return d;
});
const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);

/**
 * One transaction as the card platform reports it. `amount` is a decimal string in the currency's
 * major unit ("12.50"); it becomes integer minor units by string arithmetic, never a float.
 */
export const transactionInputSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "A transaction id is 1-64 letters, digits, _ or -."),
  programId: z.string().trim().min(1, "Give the transaction's program id."),
  environment: z.enum(["staging", "production"]).default("production"),
  type: z.enum(TRANSACTION_TYPES, { error: `type must be one of: ${TRANSACTION_TYPES.join(", ")}.` }),
  status: z.enum(TRANSACTION_STATUSES, { error: `status must be one of: ${TRANSACTION_STATUSES.join(", ")}.` }),
  // at most 12 whole digits: 10^15 minor units a row, so the daily sums stay far inside 64 bits
  amount: z
    .string()
    .trim()
    .regex(
      /^\d{1,12}(\.\d{1,3})?$/,
      'amount is a positive decimal string like "12.50" (no sign, no exponent, at most 12 whole digits).',
    ),
  currency: currencySchema,
  cardLast4: z
    .string()
    .regex(/^\d{4}$/, "cardLast4 is exactly the last four digits of the card (never a full card number)."),
  cardholderRef: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "cardholderRef is 1-64 letters, digits, _ or -."),
  merchantName: text(120).optional().nullable(),
  merchantCategory: z
    .string()
    .regex(/^\d{4}$/, "merchantCategory is a four-digit MCC.")
    .optional()
    .nullable(),
  merchantCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, "merchantCountry is an ISO 3166 alpha-2 code.")
    .optional()
    .nullable(),
  reference: text(140).default(""),
  createdAt: instant,
});
export type TransactionInput = z.input<typeof transactionInputSchema>;

export const balanceInputSchema = z
  .object({
    programId: z.string().trim().min(1, "Give the balance's program id."),
    environment: z.enum(["staging", "production"]).default("production"),
    asset: z
      .string()
      .trim()
      .toUpperCase()
      .refine((a) => assetDecimals(a) !== undefined, {
        message: `asset is an ISO 4217 currency or one of ${Object.keys(DIGITAL_ASSETS).join(", ")}.`,
      }),
    amount: z
      .string()
      .trim()
      .regex(/^-?\d{1,20}(\.\d{1,18})?$/, 'amount is a decimal string like "1520.75".'),
    asOf: instant,
  })
  .superRefine((v, ctx) => {
    const decimals = assetDecimals(v.asset) ?? 0;
    const frac = v.amount.split(".")[1] ?? "";
    if (frac.length > decimals)
      ctx.addIssue({
        code: "custom",
        path: ["amount"],
        message: `${v.asset} has ${decimals} decimal places: ${v.amount} has ${frac.length}.`,
      });
  });
export type BalanceInput = z.input<typeof balanceInputSchema>;

const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), s.optional());
const major = z
  .string()
  .trim()
  .regex(/^\d{1,13}(\.\d{1,3})?$/, "Enter an amount like 25 or 25.00.");

export const TRANSACTION_SORTS = ["date_desc", "date_asc", "amount_desc", "amount_asc"] as const;
export type TransactionSort = (typeof TRANSACTION_SORTS)[number];
export const SORT_LABELS: Record<TransactionSort, string> = {
  date_desc: "Newest first",
  date_asc: "Oldest first",
  amount_desc: "Largest amount first",
  amount_asc: "Smallest amount first",
};
export const PAGE_SIZES = [25, 50, 100] as const;
/**
 * Rows a page of the transaction list shows unless asked for more: 25 keeps the page near 130 kB (50 rows made it
 * 224 kB, every row rendered twice: HTML and the RSC payload) and its p95 under 150 ms at 5 sessions (bench:portal).
 */
export const DEFAULT_PAGE_SIZE = 25;

/**
 * A keyset position: the sort it belongs to, the last row's sort key (createdAt in epoch ms, or the amount in
 * thousandths of the major unit) and its id. A cursor of another sort is refused rather than misread.
 */
export const CURSOR_PATTERN = /^(date_desc|date_asc|amount_desc|amount_asc)~(\d{1,19})~([A-Za-z0-9_-]{1,64})$/;
export const DAY_MS = 86_400_000;
const STALE_CURSOR = "This page link is not valid any more: start from the first page.";

/** Filters of the transaction list and its export, from the page's query string. `to` includes that whole UTC day. */
export const transactionFilterSchema = z
  .object({
    program: optional(z.string().trim().max(64)),
    from: optional(filterDay("start")),
    to: optional(filterDay("end")),
    status: optional(z.enum(TRANSACTION_STATUSES, { error: "Choose a listed status." })),
    type: optional(z.enum(TRANSACTION_TYPES, { error: "Choose a listed type." })),
    min: optional(major),
    max: optional(major),
    q: optional(z.string().trim().max(100, "Search at most 100 characters.")),
    sort: z.preprocess(
      (v) => (v === "" || v == null ? "date_desc" : v),
      z.enum(TRANSACTION_SORTS, { error: `Sort by ${TRANSACTION_SORTS.join(", ")}.` }),
    ),
    size: z.preprocess(
      (v) => (v === "" || v == null ? String(DEFAULT_PAGE_SIZE) : String(v)),
      z
        .enum(PAGE_SIZES.map(String) as ["25", "50", "100"], { error: `Show ${PAGE_SIZES.join(", ")} rows a page.` })
        .transform(Number),
    ),
    cursor: optional(z.string().regex(CURSOR_PATTERN, STALE_CURSOR)),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.from > v.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date." });
    // zod runs this even when a field failed (its raw value is here then): compare only amounts that parsed
    if (isDecimal(v.min) && isDecimal(v.max) && compareDecimal(v.min, v.max) > 0)
      ctx.addIssue({ code: "custom", path: ["max"], message: "The maximum is below the minimum." });
    if (typeof v.cursor === "string" && !v.cursor.startsWith(`${v.sort}~`))
      ctx.addIssue({ code: "custom", path: ["cursor"], message: STALE_CURSOR });
  });
/** The query-string keys of the transaction list (and its export, which ignores sort paging: `size` and `cursor`). */
export const TRANSACTION_FILTER_KEYS = [
  "program",
  "from",
  "to",
  "status",
  "type",
  "min",
  "max",
  "q",
  "sort",
  "size",
  "cursor",
] as const;
export type TransactionFilter = z.output<typeof transactionFilterSchema>;

/** Overview filters: a Program (or all) and a date range (default: the last 30 days). */
export const overviewFilterSchema = z
  .object({
    program: optional(z.string().trim().max(64)),
    from: optional(filterDay("start")),
    to: optional(filterDay("end")),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.from > v.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date." });
    if (v.from && v.to && (Date.parse(v.to) - Date.parse(v.from)) / DAY_MS > 366)
      ctx.addIssue({ code: "custom", path: ["from"], message: "Choose a range of at most 366 days." });
  });
export type OverviewFilter = z.output<typeof overviewFilterSchema>;
export const OVERVIEW_FILTER_KEYS = ["program", "from", "to"] as const;

/** The balances page's one filter. */
export const balanceFilterSchema = z.object({ program: optional(z.string().trim().max(64, "Not a program id.")) });
export const BALANCE_FILTER_KEYS = ["program"] as const;

const isDecimal = (v: unknown): v is string => typeof v === "string" && /^\d+(\.\d+)?$/.test(v);

/** Compares two non-negative decimal strings without floats. */
export function compareDecimal(a: string, b: string): number {
  const [aw, af = ""] = a.split(".");
  const [bw, bf = ""] = b.split(".");
  const len = Math.max(af.length, bf.length);
  const x = BigInt(aw + af.padEnd(len, "0"));
  const y = BigInt(bw + bf.padEnd(len, "0"));
  return x < y ? -1 : x > y ? 1 : 0;
}

export const partnerVisibilitySchema = z.object({
  programId: z.string().trim().min(1),
  exposeTransactions: z.boolean(),
  includeMerchant: z.boolean(),
  exposeBalances: z.boolean(),
  granularity: z.enum(["individual", "daily"], {
    error: "Granularity is individual transactions or daily aggregates.",
  }),
});
export type PartnerVisibilityInput = z.input<typeof partnerVisibilitySchema>;
