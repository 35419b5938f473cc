import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import {
  createApiUserSchema,
  PATTERN_INFO,
  type ApiUserPattern,
  type CreateApiUserInput,
} from "@/lib/api-users/schemas";
import { containsInsensitive, db, includesFolded, likeLiteral, SEARCH_SCAN_LIMIT } from "@/lib/db";
import { AppError, isUniqueViolation, notFound } from "@/lib/errors";
import { requireProgram } from "@/lib/programs/queries";
import { parseInput } from "@/lib/validation";

export interface ApiUserDto {
  id: string;
  name: string;
  pattern: ApiUserPattern;
  level: "tenant" | "program";
  programId: string | null;
  programName: string | null;
  disabledAt: Date | null;
  createdAt: Date;
}

type Row = {
  id: string;
  name: string;
  pattern: string;
  programId: string | null;
  disabledAt: Date | null;
  createdAt: Date;
  program: { name: string } | null;
};

function toDto(u: Row): ApiUserDto {
  const pattern = u.pattern as ApiUserPattern;
  return {
    id: u.id,
    name: u.name,
    pattern,
    level: PATTERN_INFO[pattern].level,
    programId: u.programId,
    programName: u.program?.name ?? null,
    disabledAt: u.disabledAt,
    createdAt: u.createdAt,
  };
}

const include = { program: { select: { name: true } } } as const;

export async function createApiUser(ctx: Ctx, input: CreateApiUserInput): Promise<ApiUserDto> {
  assertCan(ctx, "apiusers:write");
  const tenantId = tenantOf(ctx);
  const data = parseInput(createApiUserSchema, input);
  try {
    return await db.$transaction(async (tx) => {
      if (data.programId) await requireProgram(tx, ctx, data.programId, "programId");
      const u = await tx.apiUser.create({
        data: {
          tenantId,
          name: data.name,
          pattern: data.pattern,
          programId: data.programId ?? null,
          createdById: ctx.userId,
        },
        include,
      });
      const dto = toDto(u);
      await recordAudit(tx, ctx, {
        action: "api_user.created",
        targetType: "api_user",
        targetId: u.id,
        after: { name: dto.name, pattern: dto.pattern, programId: dto.programId },
      });
      return dto;
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError("CONFLICT", `An API user named "${data.name}" already exists.`, "name", {
        name: `An API user named "${data.name}" already exists.`,
      });
    throw e;
  }
}

/** The Tenant's API users; with `programId`, only that Program's (the Program tab's view; another Tenant's: not found). */
export async function listApiUsers(ctx: Ctx, filter: { programId?: string } = {}): Promise<ApiUserDto[]> {
  assertCan(ctx, "apiusers:read");
  if (filter.programId) await requireProgram(db, ctx, filter.programId);
  const rows = await db.apiUser.findMany({
    where: { tenantId: tenantOf(ctx), ...(filter.programId ? { programId: filter.programId } : {}) },
    include,
    orderBy: [{ disabledAt: "asc" }, { name: "asc" }],
  });
  return rows.map(toDto);
}

/** The Tenant's API users whose name contains `q` (any case) or whose id starts with it, at most `limit` (command palette). */
export async function searchApiUsers(ctx: Ctx, q: string, limit: number): Promise<ApiUserDto[]> {
  assertCan(ctx, "apiusers:read");
  const literal = likeLiteral(q);
  const rows = await db.apiUser.findMany({
    where: {
      tenantId: tenantOf(ctx),
      ...(literal
        ? { OR: [{ name: containsInsensitive(literal) }, { id: { startsWith: literal.toLowerCase() } }] }
        : {}),
    },
    include,
    orderBy: [{ disabledAt: "asc" }, { name: "asc" }],
    take: literal ? limit : SEARCH_SCAN_LIMIT,
  });
  return rows
    .filter((u) => includesFolded(u.name, q) || u.id.startsWith(q.toLowerCase()))
    .slice(0, limit)
    .map(toDto);
}

export async function getApiUser(ctx: Ctx, apiUserId: string): Promise<ApiUserDto> {
  assertCan(ctx, "apiusers:read");
  const u = await db.apiUser.findFirst({ where: { id: apiUserId, tenantId: tenantOf(ctx) }, include });
  if (!u) throw notFound("API user");
  return toDto(u);
}

/** Disables an API user: its keys stop verifying at once (and its certificates should be revoked separately). */
export async function disableApiUser(ctx: Ctx, apiUserId: string, now = new Date()): Promise<ApiUserDto> {
  assertCan(ctx, "apiusers:write");
  const tenantId = tenantOf(ctx);
  return db.$transaction(async (tx) => {
    const u = await tx.apiUser.findFirst({ where: { id: apiUserId, tenantId }, include });
    if (!u) throw notFound("API user");
    if (u.disabledAt) throw new AppError("CONFLICT", "This API user is already disabled.");
    await tx.apiUser.updateMany({ where: { id: u.id, tenantId }, data: { disabledAt: now } });
    await recordAudit(tx, ctx, {
      action: "api_user.disabled",
      targetType: "api_user",
      targetId: u.id,
      before: { disabled: false },
      after: { disabled: true },
    });
    return toDto({ ...u, disabledAt: now });
  });
}
