import { z } from "zod";

export const SLOTS = [0, 1, 2, 3, 4, 5] as const;
export const CARD_TYPES = ["physical", "virtual"] as const;
export const NETWORKS = ["visa", "mastercard"] as const;
export const FINISHES = ["matte", "glossy", "metal", "digital"] as const;
/** What people read for the stored values (selects and lists show these, never the enum value). */
export const CARD_TYPE_LABELS: Record<(typeof CARD_TYPES)[number], string> = {
  physical: "Physical card",
  virtual: "Virtual card",
};
export const NETWORK_LABELS: Record<(typeof NETWORKS)[number], string> = { visa: "Visa", mastercard: "Mastercard" };
export const FINISH_LABELS: Record<(typeof FINISHES)[number], string> = {
  matte: "Matte",
  glossy: "Glossy",
  metal: "Metal",
  digital: "Digital only",
};
const labelOf = (labels: Record<string, string>, value: string) => labels[value] ?? value;
/** "Physical card, Visa, Matte" for a design's stored values. */
export const designKindLabel = (d: { cardType: string; network: string; finish: string }) =>
  `${labelOf(CARD_TYPE_LABELS, d.cardType)}, ${labelOf(NETWORK_LABELS, d.network)}, ${labelOf(FINISH_LABELS, d.finish)}`;
export const REJECTION_REASONS = {
  inappropriate_content: "Inappropriate or offensive content",
  trademark_misuse: "Trademark or network brand mark misuse",
  low_resolution: "Low resolution or blurry artwork",
  promotional_material: "Promotional material (prices, URLs, offers) on the card",
  network_rules: "Does not follow the card network's layout rules",
  other: "Other (see note)",
} as const;
export type RejectionReason = keyof typeof REJECTION_REASONS;

export const submitDesignSchema = z.object({
  programId: z.string().min(1).max(64),
  slot: z.coerce
    .number({ error: "Choose a slot from 0 to 5." })
    .int("Choose a slot from 0 to 5.")
    .min(0, "Slots are numbered 0 to 5.")
    .max(5, "Slots are numbered 0 to 5."),
  name: z.string({ error: "Name the design." }).trim().min(2, "Name the design (at least 2 characters).").max(80),
  cardType: z.enum(CARD_TYPES, { error: "Choose physical or virtual." }),
  network: z.enum(NETWORKS, { error: "Choose the card network." }),
  finish: z.enum(FINISHES, { error: "Choose a finish." }),
  notes: z.string().trim().max(500).optional(),
});
export type SubmitDesignInput = z.input<typeof submitDesignSchema>;

export const reviewDesignSchema = z.discriminatedUnion("decision", [
  z.object({ designId: z.string().min(1).max(64), decision: z.literal("approve") }),
  z.object({
    designId: z.string().min(1).max(64),
    decision: z.literal("reject"),
    reason: z.enum(Object.keys(REJECTION_REASONS) as [RejectionReason, ...RejectionReason[]], {
      error: "Choose a rejection reason.",
    }),
    note: z.string().trim().max(500).optional(),
  }),
]);
export type ReviewDesignInput = z.input<typeof reviewDesignSchema>;
