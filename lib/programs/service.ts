import "server-only";
import { randomBytes } from "node:crypto";
import { cache } from "react";
import { recordAudit } from "@/lib/audit/service";
import { programScope, tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan, can } from "@/lib/auth/permissions";
import { formatMinor, parseAmountToMinor } from "@/lib/core/money";
import {
  containsInsensitive,
  db,
  includesFolded,
  likeLiteral,
  preparedStatement,
  SEARCH_SCAN_LIMIT,
  sqlDate,
} from "@/lib/db";
import { AppError, isUniqueViolation, notFound } from "@/lib/errors";
import { createTemplateFeeSchedule } from "@/lib/fees/service";
import { FEE_TEMPLATES, type FeeTemplate } from "@/lib/programs/fee-templates";
import {
  createProgramSchema,
  listProgramsSchema,
  updateProgramConfigSchema,
  type CreateProgramInput,
  type ListProgramsInput,
  type UpdateProgramConfigInput,
} from "@/lib/programs/schemas";
import { parseInput } from "@/lib/validation";

export interface ProgramDto {
  id: string;
  name: string;
  baseCurrency: string;
  /** decimal string in major units, e.g. "5000.00" */
  transactionLimit: string;
  transactionLimitMinor: string;
  threeDsEnabled: boolean;
  /** null for a reader without fees:read (a partner): the fee structure is the Tenant's commercial terms */
  feeTemplate: FeeTemplate | null;
  createdAt: Date;
  updatedAt: Date;
}

type ProgramRow = {
  id: string;
  name: string;
  baseCurrency: string;
  transactionLimitMinor: bigint;
  threeDsEnabled: boolean;
  feeTemplate: string;
  createdAt: Date;
  updatedAt: Date;
};

function toDto(p: ProgramRow): ProgramDto {
  return {
    id: p.id,
    name: p.name,
    baseCurrency: p.baseCurrency,
    transactionLimit: formatMinor(p.transactionLimitMinor, p.baseCurrency),
    transactionLimitMinor: p.transactionLimitMinor.toString(),
    threeDsEnabled: p.threeDsEnabled,
    feeTemplate: (p.feeTemplate in FEE_TEMPLATES ? p.feeTemplate : "standard_debit") as FeeTemplate,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

/** What the reader may see of a Program: the fee structure only with fees:read. */
function forReader(ctx: Ctx, p: ProgramDto): ProgramDto {
  return can(ctx.role, "fees:read") ? p : { ...p, feeTemplate: null };
}

/** Program ids are public identifiers (certificate OU): "prg_" + 16 base32 characters (80 random bits). */
export function newProgramId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const bytes = randomBytes(16);
  return "prg_" + Array.from(bytes, (b) => alphabet[b % 32]).join("");
}

const nameTaken = (name: string) =>
  new AppError("CONFLICT", `A program named "${name}" already exists in this tenant. Choose another name.`, "name", {
    name: `A program named "${name}" already exists in this tenant.`,
  });

export async function createProgram(ctx: Ctx, input: CreateProgramInput): Promise<ProgramDto> {
  assertCan(ctx, "programs:create");
  const tenantId = tenantOf(ctx);
  const data = parseInput(createProgramSchema, input);
  try {
    const program = await db.$transaction(async (tx) => {
      const created = await tx.program.create({
        data: {
          id: newProgramId(),
          tenantId,
          name: data.name,
          baseCurrency: data.baseCurrency,
          transactionLimitMinor: data.transactionLimitMinor,
          threeDsEnabled: data.threeDsEnabled,
          feeTemplate: data.feeTemplate,
          createdById: ctx.userId,
        },
      });
      const dto = toDto(created);
      await recordAudit(tx, ctx, {
        action: "program.created",
        targetType: "program",
        targetId: created.id,
        after: auditView(dto),
      });
      // the chosen fee template is version 1 of the fee schedule, or the Program does not exist
      await createTemplateFeeSchedule(tx, ctx, created, data.feeTemplate);
      return dto;
    });
    return program;
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(data.name);
    throw e;
  }
}

/**
 * The default list (newest first, no search) of a scope: the API's and the portal's most frequent read, as one
 * prepared statement (lib/db.ts preparedStatement). The scope is programScope's: the Tenant, and a partner's Program.
 */
const programsOfScope = preparedStatement<Record<keyof ProgramRow, unknown>>(
  "axys_programs_of_scope",
  `SELECT "id", "name", "baseCurrency", "transactionLimitMinor", "threeDsEnabled", "feeTemplate", "createdAt", "updatedAt"
   FROM "Program" WHERE "tenantId" = ? AND (CAST(? AS TEXT) IS NULL OR "id" = ?)
   ORDER BY "createdAt" DESC, "id" ASC LIMIT 500`,
);
const programRowOf = (r: Record<keyof ProgramRow, unknown>): ProgramRow => ({
  id: String(r.id),
  name: String(r.name),
  baseCurrency: String(r.baseCurrency),
  transactionLimitMinor: BigInt(r.transactionLimitMinor as bigint),
  threeDsEnabled: Boolean(Number(r.threeDsEnabled)),
  feeTemplate: String(r.feeTemplate),
  createdAt: sqlDate(r.createdAt),
  updatedAt: sqlDate(r.updatedAt),
});

export async function listPrograms(
  ctx: Ctx,
  input: ListProgramsInput | Record<string, unknown> = {},
): Promise<ProgramDto[]> {
  assertCan(ctx, "programs:read");
  // a page's query as it came: an unknown sort or direction falls back to the default (the schema's catch)
  const { q, sort = "created", dir } = parseInput(listProgramsSchema, input);
  const field = sort === "created" ? "createdAt" : sort === "currency" ? "baseCurrency" : "name";
  if (!q && sort === "created" && (dir ?? "desc") === "desc") {
    const scope = programScope(ctx);
    const rows = await programsOfScope(scope.tenantId, scope.id ?? null, scope.id ?? null);
    return rows.map((r) => forReader(ctx, toDto(programRowOf(r))));
  }
  const rows = await db.program.findMany({
    where: {
      AND: [
        programScope(ctx),
        q ? { OR: [{ name: containsInsensitive(q) }, { id: { contains: q.toLowerCase() } }] } : {},
      ],
    },
    orderBy: [{ [field]: dir ?? (sort === "created" ? "desc" : "asc") }, { id: "asc" }],
    take: 500,
  });
  return rows.map((r) => forReader(ctx, toDto(r)));
}

/**
 * Programs of the reader's scope whose name contains `q` (any case) or whose id starts with it, by name, at most
 * `limit`: the command palette's part (lib/search/service.ts). A partner finds only its own Program.
 */
export async function searchPrograms(ctx: Ctx, q: string, limit: number): Promise<{ id: string; name: string }[]> {
  assertCan(ctx, "programs:read");
  const literal = likeLiteral(q);
  const rows = await db.program.findMany({
    where: {
      AND: [
        programScope(ctx),
        literal ? { OR: [{ name: containsInsensitive(literal) }, { id: { startsWith: literal.toLowerCase() } }] } : {},
      ],
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: literal ? limit : SEARCH_SCAN_LIMIT,
    select: { id: true, name: true },
  });
  return rows.filter((p) => includesFolded(p.name, q) || p.id.startsWith(q.toLowerCase())).slice(0, limit);
}

/**
 * One read per page render however many of its parts ask (a Program's page, its tabs, its checklist): React's
 * per-request cache, keyed by the request's context object. Outside a render (actions, routes, CLI) it reads each time.
 */
const programInScope = cache((ctx: Ctx, programId: string) =>
  // AND, not a spread: a partner's scope carries its own id, which the requested id must not override.
  db.program.findFirst({ where: { AND: [programScope(ctx), { id: programId }] } }),
);

/** A program of the caller's scope; another tenant's (or another program's, for partners) is not found. */
export async function getProgram(ctx: Ctx, programId: string): Promise<ProgramDto> {
  assertCan(ctx, "programs:read");
  const row = await programInScope(ctx, programId);
  if (!row) throw notFound("Program");
  return forReader(ctx, toDto(row));
}

/** Changes a Program's configuration. Production only: staging programs run on the platform defaults. */
export async function updateProgramConfig(ctx: Ctx, input: UpdateProgramConfigInput): Promise<ProgramDto> {
  assertCan(ctx, "programs:configure");
  const tenantId = tenantOf(ctx);
  const data = parseInput(updateProgramConfigSchema, input);
  return db.$transaction(async (tx) => {
    const current = await tx.program.findFirst({ where: { id: data.programId, tenantId } });
    if (!current) throw notFound("Program");
    const limit = parseAmountToMinor(data.transactionLimit, current.baseCurrency);
    if (!limit.ok)
      throw new AppError("VALIDATION", limit.message, "transactionLimit", { transactionLimit: limit.message });
    const before = toDto(current);
    const { count } = await tx.program.updateMany({
      where: { id: current.id, tenantId },
      data: { transactionLimitMinor: limit.minor, threeDsEnabled: data.threeDsEnabled },
    });
    if (count !== 1) throw notFound("Program");
    const after = toDto((await tx.program.findFirst({ where: { id: current.id, tenantId } }))!);
    await recordAudit(tx, ctx, {
      action: "program.configured",
      targetType: "program",
      targetId: current.id,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

function auditView(p: ProgramDto) {
  return {
    name: p.name,
    baseCurrency: p.baseCurrency,
    transactionLimit: p.transactionLimit,
    threeDsEnabled: p.threeDsEnabled,
    feeTemplate: p.feeTemplate,
  };
}
