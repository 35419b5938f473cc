import { z } from "zod";
import { CURRENCIES, CURRENCY_CODES } from "@/lib/core/currencies";
import { parseAmountToMinor } from "@/lib/core/money";
import { FEE_TEMPLATE_KEYS } from "@/lib/programs/fee-templates";

/** "on"/"off", "true"/"false", a checkbox's presence or a boolean. */
export const onOff = z.preprocess(
  (v) => {
    if (typeof v === "boolean") return v;
    if (v === undefined || v === null || v === "") return false;
    const s = String(v).toLowerCase();
    if (["on", "true", "yes", "1"].includes(s)) return true;
    if (["off", "false", "no", "0"].includes(s)) return false;
    return v;
  },
  z.boolean({ error: "Use on or off." }),
);

export const programNameSchema = z
  .string({ error: "Enter a program name." })
  .trim()
  .min(2, "The name needs at least 2 characters.")
  .max(80, "The name may have at most 80 characters.")
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} &'().,\-]*$/u,
    "Use letters, digits, spaces and & ' ( ) . , - only, starting with a letter or digit.",
  );

const currencySchema = z
  .string({ error: "Choose a base currency." })
  .trim()
  .toUpperCase()
  .superRefine((c, ctx) => {
    if (c in CURRENCIES) return;
    ctx.addIssue({
      code: "custom",
      message: /^[A-Z]{3}$/.test(c)
        ? `${c} is not a supported ISO 4217 currency. Choose one of: ${CURRENCY_CODES.join(", ")}.`
        : "Choose a base currency (a 3-letter ISO 4217 code such as EUR).",
    });
  });

const limitFields = {
  baseCurrency: currencySchema,
  transactionLimit: z
    .string({ error: "Enter a transaction-limit ceiling." })
    .trim()
    .min(1, "Enter a transaction-limit ceiling."),
};

/** Turns the decimal limit into minor units of the chosen currency, or a field error on transactionLimit. */
function withLimitMinor<T extends { baseCurrency: string; transactionLimit: string }>(v: T, ctx: z.RefinementCtx) {
  const parsed = parseAmountToMinor(v.transactionLimit, v.baseCurrency);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", path: ["transactionLimit"], message: parsed.message });
    return z.NEVER;
  }
  return { ...v, transactionLimitMinor: parsed.minor };
}

export const createProgramSchema = z
  .object({
    name: programNameSchema,
    ...limitFields,
    threeDsEnabled: onOff,
    feeTemplate: z.enum(FEE_TEMPLATE_KEYS, { error: "Choose a fee structure." }),
  })
  .transform(withLimitMinor);
export type CreateProgramInput = z.input<typeof createProgramSchema>;

export const updateProgramConfigSchema = z.object({
  programId: z.string().min(1).max(64),
  transactionLimit: limitFields.transactionLimit,
  threeDsEnabled: onOff,
});
/** The fee structure is not here: it is the starting template of the fee schedule, chosen at creation; fees change on the Fees tab. */
export type UpdateProgramConfigInput = z.input<typeof updateProgramConfigSchema>;

export const PROGRAM_SORTS = ["created", "name", "currency"] as const;
export const listProgramsSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  sort: z.enum(PROGRAM_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
});
export type ListProgramsInput = z.input<typeof listProgramsSchema>;
