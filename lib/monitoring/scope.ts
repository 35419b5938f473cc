import "server-only";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan, programBound } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { getPartnerExposure, type PartnerExposure } from "@/lib/partners/visibility";

export type Surface = "transactions" | "transaction_list" | "balances";

export interface MonitoringScope {
  tenantId: string;
  environment: string;
  /** the Programs the query covers (one when filtered or for a partner) */
  programIds: string[];
  programNames: Map<string, string>;
  /** one Program asked for (or a partner's): queries filter by it; otherwise the whole Tenant */
  program: string | null;
  /** set for partner users: what their Tenant exposed */
  partner: PartnerExposure | null;
}

/**
 * Resolves what a monitoring query may cover: the caller's Tenant and environment, all its Programs
 * or the one asked for, and for a partner user only its own Program and only an exposed surface.
 * Anything outside answers NOT_FOUND, like a missing object.
 */
export async function resolveMonitoringScope(ctx: Ctx, surface: Surface, program?: string): Promise<MonitoringScope> {
  assertCan(ctx, "monitoring:read");
  const tenantId = tenantOf(ctx);
  let partner: PartnerExposure | null = null;
  if (programBound(ctx)) {
    if (!ctx.programId || (program && program !== ctx.programId)) throw notFound("Program");
    partner = await getPartnerExposure(tenantId, ctx.programId);
    const allowed =
      surface === "balances"
        ? partner.balances
        : surface === "transactions"
          ? partner.transactions
          : partner.transactions && partner.granularity === "individual";
    if (!allowed) throw notFound("Page");
    program = ctx.programId;
  }
  const all = await tenantPrograms(tenantId, program);
  const programs = program ? all.filter((p) => p.id === program) : all;
  if (program && programs.length === 0) throw notFound("Program");
  return {
    tenantId,
    environment: ctx.environment,
    partner,
    program: program ?? null,
    programIds: programs.map((p) => p.id),
    programNames: new Map(programs.map((p) => [p.id, p.name])),
  };
}

const PROGRAM_CACHE_MS = 30_000;
const programCache = new Map<string, { at: number; programs: { id: string; name: string }[] }>();

/**
 * A Tenant's Programs (id, name), cached in-process for 30 s: monitoring pages ask on every request, and
 * one query less is a third of a list page's time. A Program id not in the cached list is looked up
 * afresh (a Program created since is found at once); a rename shows within 30 s. Programs are never
 * deleted or moved between Tenants, so a stale entry cannot widen a scope: every query filters by tenant.
 */
async function tenantPrograms(tenantId: string, mustHave?: string): Promise<{ id: string; name: string }[]> {
  const hit = programCache.get(tenantId);
  if (hit && Date.now() - hit.at < PROGRAM_CACHE_MS && (!mustHave || hit.programs.some((p) => p.id === mustHave)))
    return hit.programs;
  const programs = await db.program.findMany({
    where: { tenantId },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  if (programCache.size > 10_000) programCache.clear();
  programCache.set(tenantId, { at: Date.now(), programs });
  return programs;
}

/** The `where` of a scope over tables keyed by tenant, environment and program. */
export function scopeWhere(s: MonitoringScope): { tenantId: string; environment: string; programId?: string } {
  return { tenantId: s.tenantId, environment: s.environment, ...(s.program ? { programId: s.program } : {}) };
}
