import { z } from "zod";

export const REQUEST_KINDS = ["sms_sender_id", "deposit_address_type"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_STATUSES = [
  "submitted",
  "in_review",
  "approved",
  "rejected",
  "changes_requested",
  "withdrawn",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Generic words carriers refuse as alphanumeric sender IDs (they impersonate services or look like system messages). */
export const SENDER_ID_DENYLIST = [
  "INFO",
  "SMS",
  "BANK",
  "TEST",
  "ALERT",
  "ALERTS",
  "VERIFY",
  "NOTICE",
  "OTP",
  "ADMIN",
  "SUPPORT",
  "PAYMENT",
  "CARD",
  "SECURITY",
  "NOREPLY",
  "SERVICE",
  "MESSAGE",
];

export const senderIdSchema = z
  .string({ error: "Enter the sender ID." })
  .transform((s) => s.trim())
  .superRefine((s, ctx) => {
    const add = (message: string) => ctx.addIssue({ code: "custom", message });
    if (s.length < 3 || s.length > 11) return add(`A sender ID has 3 to 11 characters; "${s}" has ${[...s].length}.`);
    if (!/^[A-Za-z0-9 ]+$/.test(s))
      return add(
        "Use only letters A-Z, digits and spaces (no accents, symbols or emoji): carriers drop other characters.",
      );
    if (!/[A-Za-z]/.test(s))
      return add("A sender ID needs at least one letter: all-digit IDs are treated as phone numbers.");
    if (/ {2}/.test(s)) return add("Use single spaces between words.");
    if (SENDER_ID_DENYLIST.includes(s.replace(/ /g, "").toUpperCase()))
      return add(`"${s}" is a generic word carriers refuse; use your brand name.`);
  });

export const smsSenderPayloadSchema = z.object({
  senderId: senderIdSchema,
  countries: z.preprocess(
    (v) => (typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : v),
    z
      .array(
        z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z]{2}$/, "Countries are ISO 3166 two-letter codes, e.g. GB, DE, FR."),
      )
      .min(1, "Name at least one country.")
      .max(50),
  ),
  useDescription: z
    .string({ error: "Describe what the messages are for." })
    .trim()
    .min(10, "Describe what the messages are for (at least 10 characters).")
    .max(500),
});

export const DEFAULT_DEPOSIT_TYPES = ["EVM", "BTC", "SOL"] as const;
export const REQUESTABLE_DEPOSIT_TYPES = [
  "TRON",
  "STELLAR",
  "ARBITRUM",
  "OPTIMISM",
  "BASE",
  "POLYGON",
  "AVALANCHE_C",
  "LITECOIN",
  "XRP",
  "TON",
] as const;
/** The names people know the networks by (selects show these; the value stays the code). */
export const DEPOSIT_TYPE_LABELS: Record<
  (typeof DEFAULT_DEPOSIT_TYPES)[number] | (typeof REQUESTABLE_DEPOSIT_TYPES)[number],
  string
> = {
  EVM: "EVM (Ethereum and compatible)",
  BTC: "Bitcoin",
  SOL: "Solana",
  TRON: "Tron",
  STELLAR: "Stellar",
  ARBITRUM: "Arbitrum",
  OPTIMISM: "Optimism",
  BASE: "Base",
  POLYGON: "Polygon",
  AVALANCHE_C: "Avalanche C-Chain",
  LITECOIN: "Litecoin",
  XRP: "XRP Ledger",
  TON: "TON",
};

export const depositTypePayloadSchema = z
  .object({
    addressType: z.enum(REQUESTABLE_DEPOSIT_TYPES, {
      error: `Choose one of: ${REQUESTABLE_DEPOSIT_TYPES.join(", ")}.`,
    }),
    mode: z.enum(["additional", "substitute"], { error: "Choose additional or substitute." }),
    replaces: z.preprocess((v) => (v === "" ? undefined : v), z.enum(DEFAULT_DEPOSIT_TYPES).optional()),
    justification: z
      .string({ error: "Explain why the Program needs it." })
      .trim()
      .min(10, "Explain why the Program needs it (at least 10 characters).")
      .max(500),
  })
  .superRefine((v, ctx) => {
    if (v.mode === "substitute" && !v.replaces)
      ctx.addIssue({ code: "custom", path: ["replaces"], message: "Say which default type it substitutes." });
    if (v.mode === "additional" && v.replaces)
      ctx.addIssue({ code: "custom", path: ["replaces"], message: "An additional type replaces nothing." });
  });

export const PAYLOAD_SCHEMAS = {
  sms_sender_id: smsSenderPayloadSchema,
  deposit_address_type: depositTypePayloadSchema,
} as const;

export const decideRequestSchema = z.discriminatedUnion("decision", [
  z.object({ requestId: z.string().min(1).max(64), decision: z.literal("approve") }),
  z.object({
    requestId: z.string().min(1).max(64),
    decision: z.enum(["reject", "request_changes"]),
    note: z.string({ error: "Give the reason." }).trim().min(3, "Give the reason.").max(500),
  }),
]);

/** The request forms: the routing fields, and every other field is the payload (the service checks it against the kind's schema). */
export const requestFormSchema = z
  .object({ requestId: z.string().optional(), programId: z.string().optional(), kind: z.string().optional() })
  .catchall(z.string())
  .transform(({ requestId, programId, kind, ...payload }) => ({
    requestId: requestId ?? "",
    programId: programId ?? "",
    kind: kind ?? "",
    payload,
  }));

/** A reviewer's decision as the console sends it: `seenUpdatedAt` is the version of the request the reviewer looked at. */
export const decideRequestInputSchema = decideRequestSchema.and(z.object({ seenUpdatedAt: z.string().optional() }));
