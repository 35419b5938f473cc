import { AUDIT_FILTER_KEYS, auditFilterSchema } from "@/lib/audit/schemas";
import { iterateAuditEvents } from "@/lib/audit/service";
import { assertCan } from "@/lib/auth/permissions";
import { getCtx } from "@/lib/auth/session";
import { csvStream } from "@/lib/csv";
import { isAppError } from "@/lib/errors";
import { firstError, parseListParams } from "@/lib/list-params";

/** CSV export of the audit log with the page's filters, streamed in batches. */
export async function GET(req: Request) {
  const ctx = await getCtx();
  if (!ctx) return new Response("Sign in first.", { status: 401 });
  try {
    assertCan(ctx, "audit:read");
  } catch (e) {
    if (isAppError(e)) return new Response("Not found.", { status: 404 });
    throw e;
  }
  const parsed = parseListParams(auditFilterSchema, AUDIT_FILTER_KEYS, new URL(req.url).searchParams);
  if (!parsed.ok) return new Response(firstError(parsed.errors), { status: 400 });
  const body = csvStream(
    ["time", "actor", "action", "target_type", "target_id", "ip", "user_agent", "before", "after"],
    iterateAuditEvents(ctx, { ...parsed.filter, cursor: undefined }),
    (e) => [e.createdAt, e.actorLabel, e.action, e.targetType, e.targetId, e.ip, e.userAgent, e.before, e.after],
  );
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
