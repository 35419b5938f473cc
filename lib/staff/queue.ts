import "server-only";
import type { Ctx } from "@/lib/auth/context";
import { assertCan, can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { z } from "zod";
import { unsafeProgramNames } from "@/lib/programs/queries";
import { parseInput } from "@/lib/validation";

/** The request types in the staff queue; a new type adds a label here and a source in `listStaffQueue`. */
export const QUEUE_TYPES = {
  card_design: "Card design",
  sms_sender_id: "SMS sender ID",
  deposit_address_type: "Deposit address type",
} as const;
export type QueueType = keyof typeof QUEUE_TYPES;

/** Queue status filters, mapped onto each type's own states ("pending" = waiting for an Axys decision). */
const STATUSES = {
  pending: { design: ["pending"], request: ["submitted", "in_review"] },
  approved: { design: ["approved"], request: ["approved"] },
  rejected: { design: ["rejected"], request: ["rejected"] },
} as const;
export type QueueStatus = keyof typeof STATUSES;
export const QUEUE_STATUSES = Object.keys(STATUSES) as QueueStatus[];

const optional = <T extends z.ZodType>(t: T) =>
  z.preprocess((v) => (v === "" || v == null ? undefined : v), t.optional());
/** A value of a fixed set, or an issue naming the unknown value and the allowed ones. */
const oneOf = <K extends string>(set: object, what: string) =>
  z.string().transform((v, ctx) => {
    if (Object.hasOwn(set, v)) return v as K;
    ctx.addIssue({ code: "custom", message: `Unknown ${what} ${v}; use ${Object.keys(set).join(", ")}.` });
    return z.NEVER;
  });
/** The queue's filters, from the page's query string or the caller: an unknown status or type is an error, never ignored. */
export const queueFilterSchema = z.object({
  status: z.preprocess((v) => (v === "" || v == null ? "pending" : v), oneOf<QueueStatus>(STATUSES, "status")),
  tenant: optional(z.string().max(64, "Not a tenant id.")),
  type: optional(oneOf<QueueType>(QUEUE_TYPES, "request type")),
});
export const QUEUE_FILTER_KEYS = ["status", "tenant", "type"] as const;
export interface QueueFilter {
  status?: string;
  tenant?: string;
  type?: string;
}
export interface QueueRow {
  type: QueueType;
  id: string;
  title: string;
  detail: string | null;
  tenantId: string;
  tenantName: string;
  programId: string;
  programName: string;
  submittedAt: Date;
  status: string;
  href: string;
  thumbnail: string | null;
}

const LIMIT = 200;

/**
 * The staff review queue across Tenants and request types (card designs, SMS sender IDs, deposit
 * address types), oldest first, filtered by status, tenant id and type. Unscoped by design, so staff
 * only ("staff:console"); rows carry names and titles, never a Tenant's secrets. Each type is listed only
 * to a reader who may review it (designs:review, requests:review).
 */
export async function listStaffQueue(
  ctx: Ctx,
  filter: QueueFilter = {},
): Promise<{ rows: QueueRow[]; truncated: boolean }> {
  assertCan(ctx, "staff:console");
  const f = parseInput(queueFilterSchema, filter);
  const tenantWhere = f.tenant ? { tenantId: f.tenant } : {};
  // each request type is the reviewing feature's: card designs need designs:review, program requests requests:review
  const requestKinds = can(ctx.role, "requests:review")
    ? (["sms_sender_id", "deposit_address_type"] as const).filter((k) => !f.type || f.type === k)
    : [];
  const [designs, requests] = await Promise.all([
    (!f.type || f.type === "card_design") && can(ctx.role, "designs:review")
      ? db.cardDesign.findMany({
          where: { status: { in: [...STATUSES[f.status].design] }, ...tenantWhere },
          select: {
            id: true,
            tenantId: true,
            programId: true,
            name: true,
            slot: true,
            version: true,
            status: true,
            submittedAt: true,
          },
          orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
          take: LIMIT + 1,
        })
      : [],
    requestKinds.length
      ? db.programRequest.findMany({
          where: { status: { in: [...STATUSES[f.status].request] }, kind: { in: requestKinds }, ...tenantWhere },
          select: {
            id: true,
            tenantId: true,
            programId: true,
            kind: true,
            payload: true,
            status: true,
            submittedAt: true,
          },
          orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
          take: LIMIT + 1,
        })
      : [],
  ]);
  const merged: Omit<QueueRow, "tenantName" | "programName">[] = [
    ...designs.map((d) => ({
      type: "card_design" as const,
      id: d.id,
      title: `${QUEUE_TYPES.card_design}: ${d.name}`,
      detail: `slot ${d.slot}, version ${d.version}`,
      tenantId: d.tenantId,
      programId: d.programId,
      submittedAt: d.submittedAt,
      status: d.status,
      href: `/staff/designs/${d.id}`,
      thumbnail: `/designs/artwork/${d.id}`,
    })),
    ...requests.map((r) => {
      const type = r.kind as "sms_sender_id" | "deposit_address_type";
      const p = JSON.parse(r.payload) as { senderId?: string; addressType?: string; mode?: string; replaces?: string };
      return {
        type,
        id: r.id,
        title: `${QUEUE_TYPES[type]}: ${type === "sms_sender_id" ? p.senderId : p.addressType}`,
        detail:
          type === "deposit_address_type"
            ? p.mode === "substitute"
              ? `instead of ${p.replaces}`
              : "additional"
            : null,
        tenantId: r.tenantId,
        programId: r.programId,
        submittedAt: r.submittedAt,
        status: r.status,
        href: `/staff/requests/${r.id}`,
        thumbnail: null,
      };
    }),
  ].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rows = merged.slice(0, LIMIT);
  const [tenants, programs] = await Promise.all([
    db.tenant.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.tenantId))] } },
      select: { id: true, name: true },
    }),
    unsafeProgramNames(rows.map((r) => r.programId)),
  ]);
  const tenantName = new Map(tenants.map((t) => [t.id, t.name]));
  return {
    rows: rows.map((r) => ({
      ...r,
      tenantName: tenantName.get(r.tenantId) ?? "",
      programName: programs.get(r.programId) ?? "",
    })),
    truncated: merged.length > LIMIT,
  };
}

/** The Tenants to offer in the queue's tenant filter (id and name only), staff only. */
export async function listQueueTenants(ctx: Ctx): Promise<{ id: string; name: string }[]> {
  assertCan(ctx, "staff:console");
  return db.tenant.findMany({ select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] });
}
