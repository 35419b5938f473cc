import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { clientIpOf } from "@/lib/auth/request-info";
import type { RequestInfo } from "@/lib/auth/sessions";
import { resolvePendingSession, type PendingSignIn } from "@/lib/two-factor/sign-in-step";

/**
 * The half-signed-in session of this request (right password, second step owed), from the session cookie only;
 * null otherwise. Used by the /login/two-factor pages and their actions, never by getCtx.
 */
export const getPendingSignIn = cache(async (): Promise<PendingSignIn | null> => {
  const c = await cookies();
  const token = await getToken({
    req: { cookies: c, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
  });
  return token ? resolvePendingSession(token) : null;
});

export async function requestInfo(): Promise<RequestInfo> {
  const h = await headers();
  return { ip: clientIpOf(h), userAgent: h.get("user-agent") };
}
