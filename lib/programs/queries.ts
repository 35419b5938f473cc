import "server-only";
import { programScope, type Ctx } from "@/lib/auth/context";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** What another feature may know of a Program it works on. */
export interface ProgramRef {
  id: string;
  name: string;
  baseCurrency: string;
}

const refSelect = { id: true, name: true, baseCurrency: true } as const;

/**
 * The Program `programId` of the caller's scope (its Tenant; for a partner its own Program), or NOT_FOUND:
 * another Tenant's Program answers exactly like a missing one ("Program not found.", on `field` when the id came
 * from a form field or a CLI flag). Every feature asks this instead of querying Programs itself; pass `tx` inside
 * a transaction. Checks no permission: the calling service has asserted its own.
 */
export async function requireProgram(
  client: Tx | typeof db,
  ctx: Ctx,
  programId: unknown,
  field?: string,
): Promise<ProgramRef> {
  // AND, not a spread: a partner's scope carries its own id, which the requested id must not override.
  const p = await client.program.findFirst({
    where: { AND: [programScope(ctx), { id: String(programId ?? "") }] },
    select: refSelect,
  });
  if (!p) throw new AppError("NOT_FOUND", "Program not found.", field);
  return p;
}

/** Like `requireProgram` for many ids at once (a batch names its Programs): the first missing one answers NOT_FOUND. */
export async function requirePrograms(
  client: Tx | typeof db,
  ctx: Ctx,
  programIds: readonly string[],
  field?: string,
): Promise<ProgramRef[]> {
  const unique = [...new Set(programIds)];
  const found = await client.program.findMany({
    where: { AND: [programScope(ctx), { id: { in: unique } }] },
    select: refSelect,
  });
  const missing = unique.find((id) => !found.some((f) => f.id === id));
  if (missing !== undefined) throw new AppError("NOT_FOUND", `Program ${missing} not found.`, field);
  return found;
}

/** The caller's Programs (id and name, by name) for pickers and per-Program summaries of other features. */
export async function listProgramRefs(client: Tx | typeof db, ctx: Ctx): Promise<ProgramRef[]> {
  return client.program.findMany({ where: programScope(ctx), select: refSelect, orderBy: { name: "asc" } });
}

/**
 * Program names by id across Tenants, for the staff review screens (the caller has asserted its review
 * permission): unscoped, hence the name. An unknown id is simply absent.
 */
export async function unsafeProgramNames(programIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.program.findMany({
    where: { id: { in: [...new Set(programIds)] } },
    select: { id: true, name: true },
  });
  return new Map(rows.map((p) => [p.id, p.name]));
}
