import { z } from "zod";
import { listQuery, op, timestamp, type ListQuery } from "@/lib/am-api/operation";
import { auditFilterSchema } from "@/lib/audit/schemas";
import { listAuditEvents } from "@/lib/audit/service";
import { parseInput } from "@/lib/validation";

export const auditEventSchema = z
  .object({
    id: z.string(),
    createdAt: timestamp,
    actorLabel: z.string().meta({ description: "A person's email, api:<API user name>, or cli:<operator>" }),
    action: z.string().meta({ example: "program.created" }),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    before: z.string().nullable().meta({ description: "JSON snapshot before the change (never a secret)" }),
    after: z.string().nullable().meta({ description: "JSON snapshot after the change (never a secret)" }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: "AuditEvent" });

const day = z.string().max(10).meta({ description: "A UTC day, e.g. 2026-11-22" });
const auditQuery = listQuery.extend({
  action: z.string().max(100).optional().meta({ description: "Actions starting with this, e.g. program." }),
  actor: z.string().max(200).optional().meta({ description: "Part of the actor label" }),
  from: day.optional(),
  to: day.optional().meta({ description: "Inclusive of that whole UTC day" }),
});
type AuditQuery = ListQuery & { action?: string; actor?: string; from?: string; to?: string };

export const auditOperations = [
  op<Record<string, never>, AuditQuery>({
    id: "listAuditEvents",
    permission: "audit:read",
    method: "GET",
    path: "/am/v1/audit-events",
    tag: "Audit log",
    summary: "List the Tenant's audit events, newest first",
    description: "Keyset-paged: starting_after is the id of the last event of the previous page.",
    query: auditQuery,
    response: auditEventSchema,
    list: true,
    errors: [400],
    mutates: false,
    handle: async (ctx, { query }) => {
      const { limit, starting_after, ...filters } = query;
      const f = parseInput(auditFilterSchema, { ...filters, cursor: starting_after });
      const { events, nextCursor } = await listAuditEvents(ctx, f, limit);
      return { data: events, has_more: nextCursor !== null, next_cursor: nextCursor };
    },
  }),
];
