import { z } from "zod";

/** 2026-02-31 parses (as March 3): a calendar day is one that comes back unchanged. */
const isCalendarDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-22.")
  .refine(isCalendarDay, "Not a calendar date.")
  .transform((s) => new Date(`${s}T00:00:00.000Z`));
const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), s.optional());

/** Audit log filters, from the page's query string. `to` is inclusive of that whole UTC day. */
export const auditFilterSchema = z
  .object({
    action: optional(z.string().trim().max(100)),
    actor: optional(z.string().trim().max(200)),
    from: optional(day),
    to: optional(day.transform((d) => new Date(d.getTime() + 86_400_000))),
    cursor: optional(z.string().max(64, "This page link is not valid any more: start from the first page.")),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.from >= v.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date." });
  });
/** The audit log's query-string keys, for the shared list parser (lib/list-params.ts). */
export const AUDIT_FILTER_KEYS = ["action", "actor", "from", "to", "cursor"] as const;
export type AuditFilter = z.output<typeof auditFilterSchema>;
