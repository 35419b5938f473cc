import "server-only";
import { getServerSession } from "next-auth";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Ctx } from "@/lib/auth/context";
import { authOptions } from "@/lib/auth/options";
import type { Role } from "@/lib/auth/permissions";
import { clientIpOf } from "@/lib/auth/request-info";
import { db } from "@/lib/db";
import { ENVIRONMENT_COOKIE, parseEnvironment } from "@/lib/environments";

/**
 * The caller's context, resolved once per request: the JWT names the user, and the user row is
 * re-read so a disabled account or a changed role takes effect at once. null when signed out.
 */
export const getCtx = cache(async (): Promise<Ctx | null> => {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, tenantId: true, programId: true, disabledAt: true } });
  if (!user || user.disabledAt) return null;
  const [h, c] = await Promise.all([headers(), cookies()]);
  return {
    userId: user.id,
    actorLabel: user.email,
    role: user.role as Role,
    tenantId: user.tenantId,
    programId: user.programId,
    environment: parseEnvironment(c.get(ENVIRONMENT_COOKIE)?.value),
    ip: clientIpOf(h),
    userAgent: h.get("user-agent"),
  };
});

/** For pages: the context, or a redirect to sign-in. */
export async function requireCtx(): Promise<Ctx> {
  const ctx = await getCtx();
  if (!ctx) redirect("/login");
  return ctx;
}
