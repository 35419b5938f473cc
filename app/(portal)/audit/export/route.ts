import { withCtx } from "@/lib/actions/with-ctx";
import { AUDIT_FILTER_KEYS, auditFilterSchema } from "@/lib/audit/schemas";
import { iterateAuditEvents } from "@/lib/audit/service";
import { csvDownload, csvStream } from "@/lib/csv";
import { AppError } from "@/lib/errors";
import { firstError, parseListParams } from "@/lib/list-params";

/** CSV export of the audit log with the page's filters, streamed in batches. */
export const GET = withCtx(
  async ({ req, ctx }) => {
    const parsed = parseListParams(auditFilterSchema, AUDIT_FILTER_KEYS, new URL(req.url).searchParams);
    if (!parsed.ok) throw new AppError("VALIDATION", firstError(parsed.errors));
    const body = csvStream(
      ["time", "actor", "action", "target_type", "target_id", "ip", "user_agent", "before", "after"],
      iterateAuditEvents(ctx, { ...parsed.filter, cursor: undefined }),
      (e) => [e.createdAt, e.actorLabel, e.action, e.targetType, e.targetId, e.ip, e.userAgent, e.before, e.after],
    );
    return csvDownload(body, "audit-log");
  },
  { permission: "audit:read" },
);
