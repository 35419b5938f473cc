import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Ctx } from "@/lib/auth/context";
import { clientIpOf } from "@/lib/auth/request-info";
import { resolveSession, type SessionUser } from "@/lib/auth/sessions";
import { ENVIRONMENT_COOKIE, parseEnvironment } from "@/lib/environments";

/**
 * The caller's context, resolved once per request: the JWT (from the session cookie only, never an
 * Authorization header) names the user and its server-side session; both are re-read in one query,
 * so sign-out, "sign out of all sessions", a disabled account or a changed role take effect at once.
 * null when signed out.
 */
export const getCtx = cache(async (): Promise<Ctx | null> => {
  const [h, c] = await Promise.all([headers(), cookies()]);
  const user = await userOfSessionCookie(c);
  if (!user) return null;
  return {
    userId: user.id,
    actorLabel: user.email,
    role: user.role,
    tenantId: user.tenantId,
    programId: user.programId,
    environment: parseEnvironment(c.get(ENVIRONMENT_COOKIE)?.value),
    ip: clientIpOf(h),
    userAgent: h.get("user-agent"),
    sessionId: user.sessionId,
  };
});

type CookieStore = { getAll(): { name: string; value: string }[] };

/**
 * The live session's user named by the next-auth session cookie, or null (no or invalid JWT, or a
 * session that is revoked, expired, or whose user is disabled). Reads the cookie only: a JWT sent as
 * `Authorization: Bearer` (which next-auth's getToken would also accept) is ignored.
 */
export async function userOfSessionCookie(cookieStore: CookieStore, now = new Date()): Promise<SessionUser | null> {
  const token = await getToken({
    req: { cookies: cookieStore, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
  });
  return token ? resolveSession(token, now) : null;
}

/** For pages: the context, or a redirect to sign-in. */
export async function requireCtx(): Promise<Ctx> {
  const ctx = await getCtx();
  if (!ctx) redirect("/login");
  return ctx;
}
