import { z } from "zod";

export const LEGAL_KINDS = ["terms_of_use", "sla", "dpa", "attestations"] as const;
export type LegalKind = (typeof LEGAL_KINDS)[number];

export const LEGAL_KIND_LABELS: Record<LegalKind, string> = {
  terms_of_use: "Terms of use",
  sla: "Service level agreement",
  dpa: "Data processing agreement",
  attestations: "Regulatory attestations",
};

export const LEGAL_KIND_DESCRIPTIONS: Record<LegalKind, string> = {
  terms_of_use: "The master service and acceptable use terms of the platform.",
  sla: "The 99.99% monthly uptime commitment, how it is measured, exclusions and service credits.",
  dpa: "How Axys processes personal data on the Tenant's behalf.",
  attestations: "Axys's licences, certifications and audit reports.",
};

export const legalKindSchema = z.enum(LEGAL_KINDS, { error: `Choose one of: ${LEGAL_KINDS.join(", ")}.` });

export const MAX_BODY_CHARS = 200_000;

/**
 * "2026-12-01" (midnight UTC) or a full ISO 8601 date-time with a zone; empty or missing = now
 * (resolved by the service). Anything else is refused rather than guessed.
 */
const effectiveAt = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z
    .union(
      [
        z.date(),
        z
          .string()
          .trim()
          .regex(
            /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/,
            "Give the effective date as YYYY-MM-DD (UTC) or an ISO 8601 date-time with a zone.",
          )
          .transform((s, c) => {
            const day = s.slice(0, 10);
            const midnight = new Date(`${day}T00:00:00Z`);
            const d = s.length === 10 ? midnight : new Date(s);
            // Date parsing rolls 2026-02-30 over to March: refuse calendar days that do not exist.
            if (
              Number.isNaN(d.getTime()) ||
              Number.isNaN(midnight.getTime()) ||
              midnight.toISOString().slice(0, 10) !== day
            ) {
              c.addIssue({ code: "custom", message: `${s} is not a valid date.` });
              return z.NEVER;
            }
            return d;
          }),
      ],
      { error: "Give the effective date as YYYY-MM-DD (UTC) or an ISO 8601 date-time with a zone." },
    )
    .optional(),
);

export const publishLegalDocumentSchema = z.object({
  kind: legalKindSchema,
  title: z
    .string({ error: "Give the document a title." })
    .trim()
    .min(1, "Give the document a title.")
    .max(200, "The title may have at most 200 characters."),
  body: z
    .string({ error: "The document body (Markdown) is empty." })
    .refine((s) => s.trim().length > 0, "The document body (Markdown) is empty.")
    .refine(
      (s) => s.length <= MAX_BODY_CHARS,
      `The document body may have at most ${MAX_BODY_CHARS.toLocaleString("en")} characters.`,
    ),
  changeSummary: z
    .string({ error: "Summarise what changed in this version." })
    .trim()
    .min(1, "Summarise what changed in this version.")
    .max(500, "The change summary may have at most 500 characters."),
  effectiveAt,
});
export type PublishLegalDocumentInput = z.input<typeof publishLegalDocumentSchema>;

/** A `?version=N` from a URL: a positive integer, else nothing. */
export function parseVersionParam(v: string | string[] | undefined): number | undefined | null {
  if (v === undefined) return undefined;
  const s = Array.isArray(v) ? v[0] : v;
  return /^[1-9]\d{0,8}$/.test(s) ? Number(s) : null;
}
