import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { requireProgram, unsafeProgramNames } from "@/lib/programs/queries";
import { activeDepositTypes, type ActiveDepositType, type DepositTypePayload } from "@/lib/requests/deposit-types";
import {
  decideRequestSchema,
  PAYLOAD_SCHEMAS,
  REQUEST_KINDS,
  type RequestKind,
  type RequestStatus,
} from "@/lib/requests/schemas";
import { parseInput } from "@/lib/validation";

export interface RequestDto {
  id: string;
  programId: string;
  kind: RequestKind;
  status: RequestStatus;
  payload: Record<string, unknown>;
  submittedBy: string;
  submittedAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  decisionNote: string | null;
  updatedAt: Date;
}
type Row = Awaited<ReturnType<typeof db.programRequest.findFirstOrThrow>>;
/** The row as callers see it: its declared fields only (the tenant id stays inside; the API must not answer it). */
const toDto = ({ tenantId: _tenant, ...r }: Row): RequestDto => ({
  ...r,
  kind: r.kind as RequestKind,
  status: r.status as RequestStatus,
  payload: JSON.parse(r.payload),
});
const OPEN: RequestStatus[] = ["submitted", "in_review", "changes_requested"];
/** The states a Tenant may still edit or withdraw (not while staff review it, not once decided). */
const EDITABLE: RequestStatus[] = ["submitted", "changes_requested"];
type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

function parseKind(kind: string): RequestKind {
  if (!(REQUEST_KINDS as readonly string[]).includes(kind))
    throw new AppError("VALIDATION", `Unknown request kind ${kind}.`, "kind");
  return kind as RequestKind;
}

/**
 * Refuses a deposit address type request for a type the Program already has, or one that duplicates
 * another open request for the same type (`exceptId`: the request being edited).
 */
async function assertNoDepositConflict(
  tx: Tx,
  tenantId: string,
  programId: string,
  payload: DepositTypePayload,
  exceptId?: string,
) {
  const rows = await tx.programRequest.findMany({
    where: { tenantId, programId, kind: "deposit_address_type", status: { in: ["approved", ...OPEN] } },
    orderBy: { submittedAt: "asc" },
    select: { id: true, status: true, payload: true },
  });
  const parsed = rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as DepositTypePayload }));
  const active = activeDepositTypes(parsed.filter((r) => r.status === "approved").map((r) => r.payload));
  if (active.some((t) => t.type === payload.addressType)) {
    throw new AppError(
      "CONFLICT",
      `${payload.addressType} is already an active deposit address type of this Program: there is nothing to request.`,
      "addressType",
    );
  }
  const open = parsed.find(
    (r) => r.id !== exceptId && r.status !== "approved" && r.payload.addressType === payload.addressType,
  );
  if (open) {
    throw new AppError(
      "CONFLICT",
      `This Program already has an open request for ${payload.addressType} (${open.status.replace("_", " ")}): wait for the decision, or withdraw it and request again.`,
      "addressType",
    );
  }
}

/**
 * A new request for staff review (production configuration only). One open SMS sender ID request per
 * Program; a deposit address type that is neither active nor already requested.
 */
export async function submitRequest(
  ctx: Ctx,
  input: { programId: string; kind: string; payload: unknown },
): Promise<RequestDto> {
  assertCan(ctx, "requests:write");
  const tenantId = tenantOf(ctx);
  const kind = parseKind(input.kind);
  await requireProgram(db, ctx, input.programId);
  const payload = parseInput(PAYLOAD_SCHEMAS[kind], input.payload);
  return db.$transaction(async (tx) => {
    if (
      kind === "sms_sender_id" &&
      (await tx.programRequest.findFirst({
        where: { tenantId, programId: input.programId, kind, status: { in: OPEN } },
      }))
    ) {
      throw new AppError(
        "CONFLICT",
        "This Program already has an open sender ID application: edit or withdraw it.",
        "senderId",
      );
    }
    if (kind === "deposit_address_type")
      await assertNoDepositConflict(tx, tenantId, input.programId, payload as DepositTypePayload);
    const row = await tx.programRequest.create({
      data: {
        tenantId,
        programId: input.programId,
        kind,
        payload: JSON.stringify(payload),
        submittedBy: ctx.actorLabel,
      },
    });
    await recordAudit(tx, ctx, {
      action: `request.${kind}.submitted`,
      targetType: "program_request",
      targetId: row.id,
      after: payload,
    });
    return toDto(row);
  });
}

/** Edits a request that is submitted or sent back for changes (production only); blocked while staff review it. */
export async function updateRequest(ctx: Ctx, input: { requestId: string; payload: unknown }): Promise<RequestDto> {
  assertCan(ctx, "requests:write");
  const tenantId = tenantOf(ctx);
  return db.$transaction(async (tx) => {
    const r = await tx.programRequest.findFirst({ where: { id: String(input.requestId ?? ""), tenantId } });
    if (!r) throw notFound("Request");
    if (r.status === "in_review")
      throw new AppError("CONFLICT", "Axys staff are reviewing this request: it cannot be edited until they decide.");
    if (!EDITABLE.includes(r.status as RequestStatus))
      throw new AppError("CONFLICT", `This request is ${r.status.replace("_", " ")}: submit a new one instead.`);
    const payload = parseInput(PAYLOAD_SCHEMAS[r.kind as RequestKind], input.payload);
    if (r.kind === "deposit_address_type")
      await assertNoDepositConflict(tx, tenantId, r.programId, payload as DepositTypePayload, r.id);
    const { count } = await tx.programRequest.updateMany({
      where: { id: r.id, tenantId, status: r.status },
      data: { payload: JSON.stringify(payload), status: "submitted" },
    });
    if (count !== 1) throw new AppError("CONFLICT", "The request changed meanwhile; reload it.");
    await recordAudit(tx, ctx, {
      action: `request.${r.kind}.updated`,
      targetType: "program_request",
      targetId: r.id,
      before: JSON.parse(r.payload),
      after: payload,
    });
    return toDto(await tx.programRequest.findUniqueOrThrow({ where: { id: r.id } }));
  });
}

/**
 * The Tenant takes back a request it no longer wants (production only): from submitted or changes
 * requested, not while staff review it. Audited; nobody is notified (the Tenant did it, staff's queue
 * simply no longer lists it). `programId` and `kind`, when given, narrow what the id may name (the API's
 * per-Program, per-kind paths): a request of another Program or kind is not found.
 */
export async function withdrawRequest(
  ctx: Ctx,
  input: { id: string; programId?: string; kind?: RequestKind },
): Promise<RequestDto> {
  assertCan(ctx, "requests:write");
  const tenantId = tenantOf(ctx);
  const narrow = {
    ...(input?.programId !== undefined ? { programId: String(input.programId) } : {}),
    ...(input?.kind !== undefined ? { kind: parseKind(input.kind) } : {}),
  };
  return db.$transaction(async (tx) => {
    const r = await tx.programRequest.findFirst({ where: { id: String(input?.id ?? ""), tenantId, ...narrow } });
    if (!r) throw notFound("Request");
    if (r.status === "in_review")
      throw new AppError(
        "CONFLICT",
        "Axys staff are reviewing this request: it cannot be withdrawn until they decide.",
      );
    if (!EDITABLE.includes(r.status as RequestStatus))
      throw new AppError(
        "CONFLICT",
        `This request is ${r.status.replace("_", " ")}: only a submitted request or one sent back for changes can be withdrawn.`,
      );
    const { count } = await tx.programRequest.updateMany({
      where: { id: r.id, tenantId, status: r.status },
      data: { status: "withdrawn" },
    });
    if (count !== 1) throw new AppError("CONFLICT", "The request changed meanwhile; reload it.");
    await recordAudit(tx, ctx, {
      action: `request.${r.kind}.withdrawn`,
      targetType: "program_request",
      targetId: r.id,
      before: { status: r.status },
      after: { status: "withdrawn" },
    });
    return toDto(await tx.programRequest.findUniqueOrThrow({ where: { id: r.id } }));
  });
}

export async function listProgramRequests(ctx: Ctx, programId: string, kind?: string): Promise<RequestDto[]> {
  assertCan(ctx, "requests:read");
  const tenantId = tenantOf(ctx);
  await requireProgram(db, ctx, programId);
  const rows = await db.programRequest.findMany({
    where: { tenantId, programId, ...(kind ? { kind: parseKind(kind) } : {}) },
    orderBy: { submittedAt: "desc" },
  });
  return rows.map(toDto);
}

/** The Program's deposit address types: the defaults, with approved substitutes swapped in and approved additions appended. */
export async function getDepositAddressTypes(ctx: Ctx, programId: string): Promise<ActiveDepositType[]> {
  const approved = (await listProgramRequests(ctx, programId, "deposit_address_type"))
    .filter((r) => r.status === "approved")
    .reverse();
  return activeDepositTypes(approved.map((r) => r.payload as unknown as DepositTypePayload));
}

export interface QueueRequest extends RequestDto {
  tenantName: string;
  programName: string;
}

/** Staff queue of open requests across Tenants, oldest first. */
export async function listRequestQueue(
  ctx: Ctx,
  status: string[] = ["submitted", "in_review"],
): Promise<QueueRequest[]> {
  assertCan(ctx, "requests:review");
  const rows = await db.programRequest.findMany({
    where: { status: { in: status } },
    orderBy: { submittedAt: "asc" },
    take: 200,
  });
  const [tenants, programs] = await Promise.all([
    db.tenant.findMany({ where: { id: { in: rows.map((r) => r.tenantId) } }, select: { id: true, name: true } }),
    unsafeProgramNames(rows.map((r) => r.programId)),
  ]);
  return rows.map((r) => ({
    ...toDto(r),
    tenantName: tenants.find((t) => t.id === r.tenantId)?.name ?? "",
    programName: programs.get(r.programId) ?? "",
  }));
}

/** Staff take a request into review: the tenant cannot edit it meanwhile. */
export async function startReview(ctx: Ctx, requestId: string): Promise<RequestDto> {
  assertCan(ctx, "requests:review");
  return transition(ctx, requestId, ["submitted"], { status: "in_review" }, "in_review");
}

/**
 * Staff decision: approve, reject (with reason) or request changes (with what to change). Staff may
 * decide straight from `submitted` (one click for a clear case) or after starting a review. Because a
 * submitted request can still be edited by the Tenant, `seenUpdatedAt` (the version the reviewer looked
 * at, sent by the console) makes the decision refuse a request that changed since.
 */
export async function decideRequest(
  ctx: Ctx,
  input: { requestId: string; decision: string; note?: string; seenUpdatedAt?: string },
  now = new Date(),
): Promise<RequestDto> {
  assertCan(ctx, "requests:review");
  const data = parseInput(decideRequestSchema, input);
  const status =
    data.decision === "approve" ? "approved" : data.decision === "reject" ? "rejected" : "changes_requested";
  const seen = input.seenUpdatedAt ? new Date(input.seenUpdatedAt) : undefined;
  if (seen && Number.isNaN(seen.getTime()))
    throw new AppError("VALIDATION", "seenUpdatedAt is not a timestamp.", "seenUpdatedAt");
  return transition(
    ctx,
    data.requestId,
    ["submitted", "in_review"],
    {
      status,
      reviewedBy: ctx.actorLabel,
      reviewedAt: now,
      decisionNote: data.decision === "approve" ? null : data.note,
    },
    status,
    seen,
  );
}

async function transition(
  ctx: Ctx,
  requestId: string,
  from: string[],
  data: { status: string; reviewedBy?: string; reviewedAt?: Date; decisionNote?: string | null },
  label: string,
  seenUpdatedAt?: Date,
) {
  return db.$transaction(async (tx) => {
    const r = await tx.programRequest.findUnique({ where: { id: String(requestId ?? "") } });
    if (!r) throw notFound("Request");
    if (!from.includes(r.status)) throw new AppError("CONFLICT", `This request is ${r.status.replace("_", " ")}.`);
    // only a submitted request can change under the reviewer (edits are blocked in review)
    if (seenUpdatedAt && r.status === "submitted" && r.updatedAt.getTime() !== seenUpdatedAt.getTime()) {
      throw new AppError(
        "CONFLICT",
        "The Tenant changed this request after you opened it: reload the page and review the new version.",
      );
    }
    // updatedAt in the where: an edit committed after the read (it keeps the status) must not be decided unseen
    const { count } = await tx.programRequest.updateMany({
      where: { id: r.id, status: r.status, updatedAt: r.updatedAt },
      data,
    });
    if (count !== 1) throw new AppError("CONFLICT", "Someone else changed this request meanwhile.");
    await recordAudit(tx, ctx, {
      tenantId: r.tenantId,
      action: `request.${r.kind}.${label}`,
      targetType: "program_request",
      targetId: r.id,
      before: { status: r.status },
      after: { status: data.status, note: data.decisionNote ?? undefined },
    });
    if (data.status !== "in_review") {
      const what =
        r.kind === "sms_sender_id"
          ? `SMS sender ID "${(JSON.parse(r.payload) as { senderId: string }).senderId}"`
          : `Deposit address type ${(JSON.parse(r.payload) as { addressType: string }).addressType}`;
      await tx.notification.create({
        data: {
          tenantId: r.tenantId,
          kind: `request.${data.status}`,
          link: `/programs/${r.programId}/${r.kind === "sms_sender_id" ? "sms-sender" : "deposit-addresses"}`,
          title: `${what}: ${data.status.replace("_", " ")}`,
          body: data.decisionNote ?? "Approved by Axys.",
        },
      });
    }
    return toDto(await tx.programRequest.findUniqueOrThrow({ where: { id: r.id } }));
  });
}

export async function getRequestForReview(ctx: Ctx, requestId: string): Promise<QueueRequest> {
  assertCan(ctx, "requests:review");
  const r = await db.programRequest.findUnique({ where: { id: String(requestId ?? "") } });
  if (!r) throw notFound("Request");
  const [t, p] = await Promise.all([
    db.tenant.findUnique({ where: { id: r.tenantId }, select: { name: true } }),
    unsafeProgramNames([r.programId]),
  ]);
  return { ...toDto(r), tenantName: t?.name ?? "", programName: p.get(r.programId) ?? "" };
}

/** The Tenant's requests awaiting a decision or a change (submitted, in review, sent back), newest first, at most 20. */
export async function listOpenRequests(ctx: Ctx): Promise<RequestDto[]> {
  assertCan(ctx, "requests:read");
  const rows = await db.programRequest.findMany({
    where: { tenantId: tenantOf(ctx), status: { in: OPEN } },
    orderBy: { submittedAt: "desc" },
    take: 20,
  });
  return rows.map(toDto);
}
