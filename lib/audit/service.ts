import "server-only";
import type { Ctx } from "@/lib/auth/context";
import { tenantOf } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { containsInsensitive, db, type Tx } from "@/lib/db";
import type { AuditFilter } from "@/lib/audit/schemas";

export interface AuditInput {
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
  /** Overrides ctx.tenantId, e.g. for an operator creating a tenant. */
  tenantId?: string | null;
}

const json = (v: unknown) =>
  v === undefined ? null : JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));

/** Writes one audit event. Call it inside the transaction of the change it records. */
export async function recordAudit(tx: Tx, ctx: Ctx, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      tenantId: input.tenantId === undefined ? ctx.tenantId : input.tenantId,
      actorId: ctx.userId,
      actorLabel: ctx.actorLabel,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      before: json(input.before),
      after: json(input.after),
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 400) ?? null,
    },
  });
}

export interface AuditEventDto {
  id: string;
  createdAt: Date;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  userAgent: string | null;
}

function whereOf(tenantId: string, f: AuditFilter) {
  return {
    tenantId,
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.actor ? { actorLabel: containsInsensitive(f.actor) } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

const select = {
  id: true,
  createdAt: true,
  actorLabel: true,
  action: true,
  targetType: true,
  targetId: true,
  before: true,
  after: true,
  ip: true,
  userAgent: true,
} as const;

/** Newest first, keyset-paginated by (createdAt, id): `cursor` is the id of the last row of the previous page. */
export async function listAuditEvents(
  ctx: Ctx,
  f: AuditFilter,
  limit = 50,
): Promise<{ events: AuditEventDto[]; nextCursor: string | null }> {
  assertCan(ctx, "audit:read");
  const tenantId = tenantOf(ctx);
  // A cursor must be one of this tenant's events, so foreign ids are not probeable through paging.
  if (f.cursor && !(await db.auditEvent.findFirst({ where: { id: f.cursor, tenantId }, select: { id: true } }))) {
    return { events: [], nextCursor: null };
  }
  const rows = await db.auditEvent.findMany({
    where: whereOf(tenantId, f),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
    select,
  });
  const events = rows.slice(0, limit);
  return { events, nextCursor: rows.length > limit ? events[events.length - 1].id : null };
}

/** Streams every matching event, oldest batches fetched lazily, for CSV export. */
export async function* iterateAuditEvents(ctx: Ctx, f: AuditFilter, batch = 500): AsyncGenerator<AuditEventDto> {
  let cursor: string | undefined = f.cursor;
  for (;;) {
    const page = await listAuditEvents(ctx, { ...f, cursor }, batch);
    yield* page.events;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

export async function listAuditActions(ctx: Ctx): Promise<string[]> {
  assertCan(ctx, "audit:read");
  const rows = await db.auditEvent.findMany({
    where: { tenantId: tenantOf(ctx) },
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((r) => r.action);
}
