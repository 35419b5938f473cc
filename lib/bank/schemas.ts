import { z } from "zod";
import {
  validateAbaRouting,
  validateBic,
  validateIban,
  validateSortCode,
  validateUkAccountNumber,
  validateUsAccountNumber,
  type BankCheck,
} from "@/lib/bank/validate";

export const BANK_SCHEMES = ["iban", "uk", "us"] as const;
export type BankScheme = (typeof BANK_SCHEMES)[number];

/** How each scheme names its account number and routing code (labels for the page and the CLI). */
export const SCHEME_INFO: Record<BankScheme, { label: string; account: string; routing: string | null }> = {
  iban: { label: "IBAN (SEPA and others)", account: "IBAN", routing: null },
  uk: { label: "UK account (sort code)", account: "Account number", routing: "Sort code" },
  us: { label: "US account (ABA routing)", account: "Account number", routing: "Routing number (ABA)" },
};

/** A string run through one of the pure checks of validate.ts: refused with its message, or replaced by its normalised form. */
const checked = (check: (s: string) => BankCheck, missing: string) =>
  z
    .string({ error: missing })
    .max(80, "At most 80 characters.")
    .transform((v, ctx) => {
      const r = check(v);
      if (r.ok) return r.normalized;
      ctx.addIssue({ code: "custom", message: r.message });
      return z.NEVER;
    });

const PLACEHOLDER = /\{[A-Za-z][A-Za-z0-9]*\}/g;
/** Literal characters: those every SEPA, Faster Payments and ACH reference accepts. */
const REFERENCE_LITERAL = /^[A-Za-z0-9 /\-?:().,'+]*$/;

const common = {
  programId: z.string({ error: "Choose a program." }).trim().min(1, "Choose a program.").max(64),
  accountHolder: z
    .string({ error: "Enter the account holder's name." })
    .trim()
    .min(2, "Enter the account holder's name as the bank holds it.")
    .max(70, "The account holder's name may have at most 70 characters."),
  bic: checked(validateBic, "Enter a BIC (SWIFT code)."),
  paymentReferenceFormat: z
    .string({ error: "Enter the payment reference format, e.g. AXYS-{cardholderId}." })
    .trim()
    .min(3, "The payment reference format has at least 3 characters, e.g. AXYS-{cardholderId}.")
    .max(60, "The payment reference format may have at most 60 characters.")
    .refine((v) => REFERENCE_LITERAL.test(v.replace(PLACEHOLDER, "")), {
      message: "Use letters, digits, spaces, / - ? : ( ) . , ' + and placeholders such as {cardholderId}.",
    }),
};

const noRouting = z.preprocess(
  (v) => (v === undefined || v === "" ? null : v),
  z.null({ error: "An IBAN already contains the bank code: leave the routing code empty." }),
);

/** Staff set a Program's inbound bank account: the account number and routing code are checked for the scheme. */
export const setBankCredentialsSchema = z.discriminatedUnion(
  "scheme",
  [
    z.object({
      scheme: z.literal("iban"),
      accountNumber: checked(validateIban, "Enter an IBAN."),
      routingCode: noRouting,
      ...common,
    }),
    z.object({
      scheme: z.literal("uk"),
      accountNumber: checked(validateUkAccountNumber, "Enter an account number."),
      routingCode: checked(validateSortCode, "Enter a sort code."),
      ...common,
    }),
    z.object({
      scheme: z.literal("us"),
      accountNumber: checked(validateUsAccountNumber, "Enter an account number."),
      routingCode: checked(validateAbaRouting, "Enter an ABA routing number."),
      ...common,
    }),
  ],
  { error: "Choose a scheme: iban, uk or us." },
);

export interface SetBankCredentialsInput {
  programId: string;
  scheme: BankScheme | string;
  accountHolder: string;
  accountNumber: string;
  routingCode?: string | null;
  bic: string;
  paymentReferenceFormat: string;
}
