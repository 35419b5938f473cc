import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Ctx } from "@/lib/auth/context";
import { clientIpOf } from "@/lib/auth/request-info";
import { resolveSession, type SessionUser } from "@/lib/auth/sessions";
import { ENVIRONMENT_COOKIE, parseEnvironment } from "@/lib/environments";

/** The request's session user (with its tenant name), resolved once per request; null when signed out. */
const getSession = cache(async () => {
  const [h, c] = await Promise.all([headers(), cookies()]);
  const user = await userOfSessionCookie(c);
  return user ? { user, h, c } : null;
});

/**
 * The caller's context, resolved once per request: the JWT (from the session cookie only, never an
 * Authorization header) names the user and its server-side session; both are re-read in one query,
 * so sign-out, "sign out of all sessions", a disabled account or a changed role take effect at once.
 * null when signed out.
 */
export const getCtx = cache(async (): Promise<Ctx | null> => {
  const s = await getSession();
  if (!s) return null;
  const { user, h, c } = s;
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

/** The signed-in user's tenant name (null for staff or signed out), read with the session: no query of its own. */
export async function getSessionTenantName(): Promise<string | null> {
  return (await getSession())?.user.tenantName ?? null;
}

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
