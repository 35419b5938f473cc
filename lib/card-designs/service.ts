import "server-only";
import { createHash } from "node:crypto";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan, can } from "@/lib/auth/permissions";
import { checkArtwork } from "@/lib/card-designs/artwork";
import { defaultArtworkStore, type ArtworkStore } from "@/lib/card-designs/artwork-store";
import {
  REJECTION_REASONS,
  reviewDesignSchema,
  SLOTS,
  submitDesignSchema,
  type RejectionReason,
  type ReviewDesignInput,
  type SubmitDesignInput,
} from "@/lib/card-designs/schemas";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation, notFound } from "@/lib/errors";
import { requireProgram, unsafeProgramNames } from "@/lib/programs/queries";
import { parseInput } from "@/lib/validation";

export interface DesignDto {
  id: string;
  programId: string;
  slot: number;
  version: number;
  status: "pending" | "approved" | "rejected";
  name: string;
  cardType: string;
  network: string;
  finish: string;
  notes: string | null;
  width: number;
  height: number;
  bytes: number;
  checks: { rule: string; ok: boolean; detail: string }[];
  submittedBy: string;
  submittedAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  rejectionReason: string | null;
  rejectionLabel: string | null;
  rejectionNote: string | null;
}

const select = {
  id: true,
  programId: true,
  slot: true,
  version: true,
  status: true,
  name: true,
  cardType: true,
  network: true,
  finish: true,
  notes: true,
  width: true,
  height: true,
  bytes: true,
  checks: true,
  submittedBy: true,
  submittedAt: true,
  reviewedBy: true,
  reviewedAt: true,
  rejectionReason: true,
  rejectionNote: true,
  tenantId: true,
} as const;
type Row = { [K in keyof typeof select]: unknown } & { status: string; checks: string; rejectionReason: string | null };

/** The row as callers see it: its declared fields only (the tenant id stays inside; the API must not answer it). */
function toDto(r: Row): DesignDto {
  const { tenantId: _tenant, ...declared } = r as Row & { tenantId?: string };
  const x = declared as unknown as DesignDto & { checks: string };
  return {
    ...x,
    checks: JSON.parse(x.checks),
    rejectionLabel: r.rejectionReason
      ? (REJECTION_REASONS[r.rejectionReason as RejectionReason] ?? r.rejectionReason)
      : null,
  } as DesignDto;
}

export interface SlotDto {
  slot: number;
  latest: DesignDto | null;
  active: DesignDto | null;
  versions: number;
  history: DesignDto[];
}

/** The six slots of a Program: each one's latest version (what is in review) and its active (approved) design. */
export async function listDesignSlots(ctx: Ctx, programId: string): Promise<SlotDto[]> {
  assertCan(ctx, "designs:read");
  const tenantId = tenantOf(ctx);
  await requireProgram(db, ctx, programId);
  const rows = (
    await db.cardDesign.findMany({ where: { tenantId, programId }, select, orderBy: { version: "desc" } })
  ).map((r) => toDto(r as Row));
  return SLOTS.map((slot) => {
    const mine = rows.filter((r) => r.slot === slot);
    return {
      slot,
      latest: mine[0] ?? null,
      active: mine.find((r) => r.status === "approved") ?? null,
      versions: mine.length,
      history: mine,
    };
  });
}

export async function listDesignHistory(ctx: Ctx, programId: string, slot: number): Promise<DesignDto[]> {
  assertCan(ctx, "designs:read");
  const tenantId = tenantOf(ctx);
  await requireProgram(db, ctx, programId);
  return (
    await db.cardDesign.findMany({
      where: { tenantId, programId, slot: Number(slot) },
      select,
      orderBy: { version: "desc" },
    })
  ).map((r) => toDto(r as Row));
}

/**
 * Submits artwork for a slot as a new version in Pending (production only). The artwork is checked by
 * content and stored re-encoded (in `store`, keyed by tenant, program and content hash). An approved
 * version stays active until a newer one is approved; a slot with a version already pending must wait for its review.
 */
export async function submitDesign(
  ctx: Ctx,
  input: SubmitDesignInput,
  file: Buffer,
  store: ArtworkStore = defaultArtworkStore,
): Promise<DesignDto> {
  assertCan(ctx, "designs:write");
  const tenantId = tenantOf(ctx);
  const data = parseInput(submitDesignSchema, input);
  await requireProgram(db, ctx, data.programId);
  const art = await checkArtwork(file);
  if (!art.ok) throw new AppError("VALIDATION", art.message, "artwork", { artwork: art.message });
  const sha256 = createHash("sha256").update(art.png).digest("hex");
  // Content-addressed, so a retry after a refused or failed transaction rewrites the same object.
  const artwork = await store.put(`card-designs/${tenantId}/${data.programId}/${sha256}.png`, art.png);
  try {
    return await db.$transaction(async (tx) => {
      const latest = await tx.cardDesign.findFirst({
        where: { tenantId, programId: data.programId, slot: data.slot },
        orderBy: { version: "desc" },
        select: { version: true, status: true },
      });
      if (latest?.status === "pending")
        throw new AppError(
          "CONFLICT",
          `Slot ${data.slot} already has version ${latest.version} waiting for review.`,
          "slot",
        );
      const row = await tx.cardDesign.create({
        data: {
          tenantId,
          programId: data.programId,
          slot: data.slot,
          version: (latest?.version ?? 0) + 1,
          name: data.name,
          cardType: data.cardType,
          network: data.network,
          finish: data.finish,
          notes: data.notes || null,
          artwork: new Uint8Array(artwork),
          artworkSha256: sha256,
          width: art.width,
          height: art.height,
          bytes: art.png.length,
          checks: JSON.stringify(art.checks),
          submittedById: ctx.userId,
          submittedBy: ctx.actorLabel,
        },
        select,
      });
      await recordAudit(tx, ctx, {
        action: "card_design.submitted",
        targetType: "card_design",
        targetId: row.id,
        after: { programId: data.programId, slot: data.slot, version: row.version, name: data.name },
      });
      return toDto(row as Row);
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError(
        "CONFLICT",
        "Another version was submitted for this slot at the same moment; reload and try again.",
        "slot",
      );
    throw e;
  }
}

/** The artwork PNG of a design (read from `store`): the tenant's own, or any design for Axys staff reviewing it. */
export async function getDesignArtwork(
  ctx: Ctx,
  designId: string,
  store: ArtworkStore = defaultArtworkStore,
): Promise<Buffer> {
  // a reviewer (staff, the CLI operator) reads any Tenant's design; everyone else only their own Tenant's
  const where = can(ctx, "designs:review")
    ? { id: designId }
    : (assertCan(ctx, "designs:read"), { id: designId, tenantId: tenantOf(ctx) });
  const row = await db.cardDesign.findFirst({ where, select: { artwork: true } });
  if (!row) throw notFound("Design");
  return store.get(new Uint8Array(row.artwork));
}

export interface QueueItem extends DesignDto {
  tenantName: string;
  programName: string;
}

/** The staff review queue across Tenants, oldest first (pending only by default). Never includes secrets. */
export async function listReviewQueue(
  ctx: Ctx,
  filter: { tenant?: string; status?: string } = {},
): Promise<QueueItem[]> {
  assertCan(ctx, "designs:review");
  const rows = await db.cardDesign.findMany({
    where: { status: filter.status ?? "pending", ...(filter.tenant ? { tenantId: filter.tenant } : {}) },
    select,
    orderBy: { submittedAt: "asc" },
    take: 200,
  });
  const [tenants, programs] = await Promise.all([
    db.tenant.findMany({ where: { id: { in: rows.map((r) => r.tenantId) } }, select: { id: true, name: true } }),
    unsafeProgramNames(rows.map((r) => r.programId)),
  ]);
  return rows.map((r) => ({
    ...toDto(r as Row),
    tenantName: tenants.find((t) => t.id === r.tenantId)?.name ?? "",
    programName: programs.get(r.programId) ?? "",
  }));
}

export async function getDesignForReview(ctx: Ctx, designId: string): Promise<QueueItem> {
  assertCan(ctx, "designs:review");
  const r = await db.cardDesign.findUnique({ where: { id: designId }, select });
  if (!r) throw notFound("Design");
  const [t, p] = await Promise.all([
    db.tenant.findUnique({ where: { id: r.tenantId }, select: { name: true } }),
    unsafeProgramNames([r.programId]),
  ]);
  return { ...toDto(r as Row), tenantName: t?.name ?? "", programName: p.get(r.programId) ?? "" };
}

/** Staff decision on a pending version: approve, or reject with a reason from the fixed list (and a note). */
export async function reviewDesign(ctx: Ctx, input: ReviewDesignInput, now = new Date()): Promise<DesignDto> {
  assertCan(ctx, "designs:review");
  const data = parseInput(reviewDesignSchema, input);
  return db.$transaction(async (tx) => {
    const d = await tx.cardDesign.findUnique({ where: { id: data.designId }, select });
    if (!d) throw notFound("Design");
    if (d.status !== "pending")
      throw new AppError("CONFLICT", `Version ${d.version} of slot ${d.slot} is already ${d.status}.`);
    const change =
      data.decision === "approve"
        ? { status: "approved", reviewedBy: ctx.actorLabel, reviewedAt: now }
        : {
            status: "rejected",
            reviewedBy: ctx.actorLabel,
            reviewedAt: now,
            rejectionReason: data.reason,
            rejectionNote: data.note || null,
          };
    const { count } = await tx.cardDesign.updateMany({ where: { id: d.id, status: "pending" }, data: change });
    if (count !== 1) throw new AppError("CONFLICT", "Someone else reviewed this version meanwhile.");
    await recordAudit(tx, ctx, {
      tenantId: d.tenantId,
      action: `card_design.${change.status}`,
      targetType: "card_design",
      targetId: d.id,
      before: { status: "pending" },
      after: { status: change.status, ...(data.decision === "reject" ? { reason: data.reason, note: data.note } : {}) },
    });
    await tx.notification.create({
      data: {
        tenantId: d.tenantId,
        kind: `card_design.${change.status}`,
        link: `/programs/${d.programId}/designs`,
        title: `Card design "${d.name}" (slot ${d.slot}, v${d.version}) ${change.status}`,
        body:
          data.decision === "approve"
            ? "It is now the active design of its slot."
            : `Reason: ${REJECTION_REASONS[data.reason]}${data.note ? ` (${data.note})` : ""}. Resubmit a corrected version.`,
      },
    });
    return toDto({ ...(d as Row), ...change } as Row);
  });
}

/** The latest version of each of the Tenant's design slots that is not approved (pending review or rejected), at most 20. */
export async function listUnsettledDesigns(ctx: Ctx): Promise<DesignDto[]> {
  assertCan(ctx, "designs:read");
  const rows = (
    await db.cardDesign.findMany({
      where: { tenantId: tenantOf(ctx) },
      select,
      orderBy: { version: "desc" },
      take: 500,
    })
  ).map((r) => toDto(r as Row));
  const latest = new Map<string, DesignDto>();
  for (const r of rows) if (!latest.has(`${r.programId}/${r.slot}`)) latest.set(`${r.programId}/${r.slot}`, r);
  return [...latest.values()].filter((d) => d.status !== "approved").slice(0, 20);
}
