import { z } from "zod";
import { filterDay } from "@/lib/list-params";

const day = (which: "start" | "end") => filterDay(which).transform((s) => new Date(`${s}T00:00:00.000Z`));
const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), s.optional());

/** Audit log filters, from the page's query string. `to` is inclusive of that whole UTC day. */
export const auditFilterSchema = z
  .object({
    action: optional(z.string().trim().max(100)),
    actor: optional(z.string().trim().max(200)),
    from: optional(day("start")),
    to: optional(day("end").transform((d) => new Date(d.getTime() + 86_400_000))),
    cursor: optional(z.string().max(64, "This page link is not valid any more: start from the first page.")),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.from >= v.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date." });
  });
/** The audit log's query-string keys, for the shared list parser (lib/list-params.ts). */
export const AUDIT_FILTER_KEYS = ["action", "actor", "from", "to", "cursor"] as const;
export type AuditFilter = z.output<typeof auditFilterSchema>;
