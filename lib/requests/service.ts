import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { PRODUCTION_ONLY_REASON } from "@/lib/environments";
import { AppError, notFound } from "@/lib/errors";
import { decideRequestSchema, DEFAULT_DEPOSIT_TYPES, PAYLOAD_SCHEMAS, REQUEST_KINDS, type RequestKind, type RequestStatus } from "@/lib/requests/schemas";
import { parseInput } from "@/lib/validation";

export interface RequestDto {
  id: string; programId: string; kind: RequestKind; status: RequestStatus; payload: Record<string, unknown>;
  submittedBy: string; submittedAt: Date; reviewedBy: string | null; reviewedAt: Date | null; decisionNote: string | null; updatedAt: Date;
}
type Row = Awaited<ReturnType<typeof db.programRequest.findFirstOrThrow>>;
const toDto = (r: Row): RequestDto => ({ ...r, kind: r.kind as RequestKind, status: r.status as RequestStatus, payload: JSON.parse(r.payload) });
const OPEN: RequestStatus[] = ["submitted", "in_review", "changes_requested"];

function parseKind(kind: string): RequestKind {
  if (!(REQUEST_KINDS as readonly string[]).includes(kind)) throw new AppError("VALIDATION", `Unknown request kind ${kind}.`, "kind");
  return kind as RequestKind;
}

async function assertProgram(tenantId: string, programId: string) {
  if (!(await db.program.findFirst({ where: { id: programId, tenantId }, select: { id: true } }))) throw notFound("Program");
}

/** A new request for staff review (production configuration only). One open SMS sender ID request per Program. */
export async function submitRequest(ctx: Ctx, input: { programId: string; kind: string; payload: unknown }): Promise<RequestDto> {
  assertCan(ctx, "requests:write");
  const tenantId = tenantOf(ctx);
  if (ctx.environment !== "production") throw new AppError("FORBIDDEN", PRODUCTION_ONLY_REASON);
  const kind = parseKind(input.kind);
  await assertProgram(tenantId, input.programId);
  const payload = parseInput(PAYLOAD_SCHEMAS[kind], input.payload);
  return db.$transaction(async (tx) => {
    if (kind === "sms_sender_id" && (await tx.programRequest.findFirst({ where: { tenantId, programId: input.programId, kind, status: { in: OPEN } } }))) {
      throw new AppError("CONFLICT", "This Program already has an open sender ID application: edit or withdraw it.", "senderId");
    }
    const row = await tx.programRequest.create({ data: { tenantId, programId: input.programId, kind, payload: JSON.stringify(payload), submittedBy: ctx.actorLabel } });
    await recordAudit(tx, ctx, { action: `request.${kind}.submitted`, targetType: "program_request", targetId: row.id, after: payload });
    return toDto(row);
  });
}

/** Edits a request that is submitted or sent back for changes; blocked while staff review it. */
export async function updateRequest(ctx: Ctx, input: { requestId: string; payload: unknown }): Promise<RequestDto> {
  assertCan(ctx, "requests:write");
  const tenantId = tenantOf(ctx);
  return db.$transaction(async (tx) => {
    const r = await tx.programRequest.findFirst({ where: { id: String(input.requestId ?? ""), tenantId } });
    if (!r) throw notFound("Request");
    if (r.status === "in_review") throw new AppError("CONFLICT", "Axys staff are reviewing this request: it cannot be edited until they decide.");
    if (r.status !== "submitted" && r.status !== "changes_requested") throw new AppError("CONFLICT", `This request is ${r.status.replace("_", " ")}: submit a new one instead.`);
    const payload = parseInput(PAYLOAD_SCHEMAS[r.kind as RequestKind], input.payload);
    const { count } = await tx.programRequest.updateMany({ where: { id: r.id, tenantId, status: r.status }, data: { payload: JSON.stringify(payload), status: "submitted" } });
    if (count !== 1) throw new AppError("CONFLICT", "The request changed meanwhile; reload it.");
    await recordAudit(tx, ctx, { action: `request.${r.kind}.updated`, targetType: "program_request", targetId: r.id, before: JSON.parse(r.payload), after: payload });
    return toDto(await tx.programRequest.findUniqueOrThrow({ where: { id: r.id } }));
  });
}

export async function listProgramRequests(ctx: Ctx, programId: string, kind?: string): Promise<RequestDto[]> {
  assertCan(ctx, "requests:read");
  const tenantId = tenantOf(ctx);
  await assertProgram(tenantId, programId);
  const rows = await db.programRequest.findMany({ where: { tenantId, programId, ...(kind ? { kind: parseKind(kind) } : {}) }, orderBy: { submittedAt: "desc" } });
  return rows.map(toDto);
}

/** The Program's deposit address types: the defaults, with approved substitutes swapped in and approved additions appended. */
export async function getDepositAddressTypes(ctx: Ctx, programId: string): Promise<{ type: string; source: "default" | "approved" }[]> {
  const approved = (await listProgramRequests(ctx, programId, "deposit_address_type")).filter((r) => r.status === "approved").reverse();
  let types: { type: string; source: "default" | "approved" }[] = DEFAULT_DEPOSIT_TYPES.map((type) => ({ type, source: "default" }));
  for (const r of approved) {
    const p = r.payload as { addressType: string; mode: string; replaces?: string };
    if (p.mode === "substitute") types = types.filter((t) => t.type !== p.replaces);
    if (!types.some((t) => t.type === p.addressType)) types.push({ type: p.addressType, source: "approved" });
  }
  return types;
}

export interface QueueRequest extends RequestDto { tenantName: string; programName: string }

/** Staff queue of open requests across Tenants, oldest first. */
export async function listRequestQueue(ctx: Ctx, status: string[] = ["submitted", "in_review"]): Promise<QueueRequest[]> {
  assertCan(ctx, "requests:review");
  const rows = await db.programRequest.findMany({ where: { status: { in: status } }, orderBy: { submittedAt: "asc" }, take: 200 });
  const [tenants, programs] = await Promise.all([
    db.tenant.findMany({ where: { id: { in: rows.map((r) => r.tenantId) } }, select: { id: true, name: true } }),
    db.program.findMany({ where: { id: { in: rows.map((r) => r.programId) } }, select: { id: true, name: true } }),
  ]);
  return rows.map((r) => ({ ...toDto(r), tenantName: tenants.find((t) => t.id === r.tenantId)?.name ?? "", programName: programs.find((p) => p.id === r.programId)?.name ?? "" }));
}

/** Staff take a request into review: the tenant cannot edit it meanwhile. */
export async function startReview(ctx: Ctx, requestId: string): Promise<RequestDto> {
  assertCan(ctx, "requests:review");
  return transition(ctx, requestId, ["submitted"], { status: "in_review" }, "in_review");
}

/** Staff decision: approve, reject (with reason) or request changes (with what to change). */
export async function decideRequest(ctx: Ctx, input: { requestId: string; decision: string; note?: string }, now = new Date()): Promise<RequestDto> {
  assertCan(ctx, "requests:review");
  const data = parseInput(decideRequestSchema, input);
  const status = data.decision === "approve" ? "approved" : data.decision === "reject" ? "rejected" : "changes_requested";
  return transition(ctx, data.requestId, ["submitted", "in_review"], { status, reviewedBy: ctx.actorLabel, reviewedAt: now, decisionNote: data.decision === "approve" ? null : data.note }, status);
}

async function transition(ctx: Ctx, requestId: string, from: string[], data: { status: string; reviewedBy?: string; reviewedAt?: Date; decisionNote?: string | null }, label: string) {
  return db.$transaction(async (tx) => {
    const r = await tx.programRequest.findUnique({ where: { id: String(requestId ?? "") } });
    if (!r) throw notFound("Request");
    if (!from.includes(r.status)) throw new AppError("CONFLICT", `This request is ${r.status.replace("_", " ")}.`);
    const { count } = await tx.programRequest.updateMany({ where: { id: r.id, status: r.status }, data });
    if (count !== 1) throw new AppError("CONFLICT", "Someone else changed this request meanwhile.");
    await recordAudit(tx, ctx, { tenantId: r.tenantId, action: `request.${r.kind}.${label}`, targetType: "program_request", targetId: r.id, before: { status: r.status }, after: { status: data.status, note: data.decisionNote ?? undefined } });
    if (data.status !== "in_review") {
      const what = r.kind === "sms_sender_id" ? `SMS sender ID "${(JSON.parse(r.payload) as { senderId: string }).senderId}"` : `Deposit address type ${(JSON.parse(r.payload) as { addressType: string }).addressType}`;
      await tx.notification.create({
        data: { tenantId: r.tenantId, kind: `request.${data.status}`, link: `/programs/${r.programId}/${r.kind === "sms_sender_id" ? "sms-sender" : "deposit-addresses"}`, title: `${what}: ${data.status.replace("_", " ")}`, body: data.decisionNote ?? "Approved by Axys." },
      });
    }
    return toDto(await tx.programRequest.findUniqueOrThrow({ where: { id: r.id } }));
  });
}

export async function getRequestForReview(ctx: Ctx, requestId: string): Promise<QueueRequest> {
  assertCan(ctx, "requests:review");
  const r = await db.programRequest.findUnique({ where: { id: String(requestId ?? "") } });
  if (!r) throw notFound("Request");
  const [t, p] = await Promise.all([db.tenant.findUnique({ where: { id: r.tenantId }, select: { name: true } }), db.program.findUnique({ where: { id: r.programId }, select: { name: true } })]);
  return { ...toDto(r), tenantName: t?.name ?? "", programName: p?.name ?? "" };
}
