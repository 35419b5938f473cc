import { z } from "zod";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-22.")
  .transform((s) => new Date(`${s}T00:00:00.000Z`));
const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), s.optional());

/** Audit log filters, from the page's query string. `to` is inclusive of that whole UTC day. */
export const auditFilterSchema = z.object({
  action: optional(z.string().trim().max(100)),
  actor: optional(z.string().trim().max(200)),
  from: optional(day),
  to: optional(day.transform((d) => new Date(d.getTime() + 86_400_000))),
  cursor: optional(z.string().max(64)),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;
