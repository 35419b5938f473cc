import type { Environment } from "@/lib/environments";
import { AppError } from "@/lib/errors";
import { programBound, type Role } from "@/lib/auth/permissions";

/** Who is calling, resolved once per request from the session (or the CLI's flags). Services take it first. */
export interface Ctx {
  userId: string | null;
  actorLabel: string;
  role: Role;
  tenantId: string | null;
  /** partner_viewer: the one Program it may see */
  programId: string | null;
  environment: Environment;
  ip: string | null;
  userAgent: string | null;
  /** The server-side session of a signed-in browser (lib/auth/sessions.ts); absent for the CLI and jobs. */
  sessionId?: string | null;
}

/** The tenant every query of a tenant-scoped service is filtered by. Callers without a tenant find nothing. */
export function tenantOf(ctx: Ctx): string {
  if (!ctx.tenantId) throw new AppError("NOT_FOUND", "Not found.");
  return ctx.tenantId;
}

/** A Prisma `where` fragment scoping Programs to what the caller may see. */
export function programScope(ctx: Ctx): { tenantId: string; id?: string } {
  const tenantId = tenantOf(ctx);
  if (!programBound(ctx)) return { tenantId };
  if (!ctx.programId) throw new AppError("NOT_FOUND", "Not found.");
  return { tenantId, id: ctx.programId };
}

export function operatorCtx(opts: { tenantId?: string | null; environment?: Environment; actor?: string }): Ctx {
  return {
    userId: null,
    actorLabel: `cli:${opts.actor ?? process.env.USER ?? "operator"}`,
    role: "axys_operator",
    tenantId: opts.tenantId ?? null,
    programId: null,
    environment: opts.environment ?? "production",
    ip: null,
    userAgent: "axys-cli",
  };
}
