import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { safeRedirect } from "@/lib/auth/redirect";
import { ENVIRONMENT_COOKIE, environmentCookieOptions } from "@/lib/environments";
import { PRINCIPAL_HEADER } from "@/lib/log/headers";
import { newNonce, perRequestSecurityHeaders } from "@/lib/security/headers";
import { envFromLink, isPrefetch } from "@/lib/session/env-link";

// Public: sign-in (and its second step, which checks its own half-signed-in session), invitation links (they
// create the account), emailed password-reset and email-confirmation links, the development outbox (refused by
// the page itself in production), next-auth's own endpoints and the health probes.
const PUBLIC = /^\/(login(\/|$)|invite\/|reset\/|confirm-email\/|dev\/mail(\/|$)|api\/auth\/|api\/health\/)/;

/**
 * Runs for every request but static assets:
 * - sets the per-request Content-Security-Policy (its nonce is passed to Next in the request's CSP
 *   header, so Next's scripts carry it) and, in production, HSTS;
 * - sends signed-out page requests to sign-in, remembering where they were going. This is a
 *   convenience, not the control: every page, action and route checks the session itself.
 *   Server action calls pass through so the action answers UNAUTHENTICATED in its own format;
 * - applies a link's `?env=staging|production` (page loads with a session token, never a prefetch, never on a
 *   public path): sets the environment cookie, as the header's switch does, and redirects to the same URL without
 *   the parameter. Any other value switches nothing; the parameter is dropped all the same. A signed-out browser
 *   gets no cookie from a link: it is sent to sign-in with the parameter still in `callbackUrl`, so the link
 *   applies when it arrives signed in (e2e/navigation.spec.ts); a public path (`/login?env=...`) is left alone.
 */
export async function proxy(req: NextRequest) {
  const headers = perRequestSecurityHeaders(newNonce());
  // a NUL character in the path or query names nothing here, and PostgreSQL cannot compare with it: refused outright
  // (pages and routes look up URL ids directly; service input is refused the same way by parseInput)
  if (/%00/.test(req.url)) {
    const res = new NextResponse("Bad request: the address contains a NUL character.", { status: 400 });
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  }
  const isPublic = PUBLIC.test(req.nextUrl.pathname);
  const token = await getToken({ req });
  const signedIn = !isPublic && token !== null;
  const res =
    signInRedirect(req, isPublic, signedIn) ??
    (signedIn ? envLinkRedirect(req) : null) ??
    passOn(req, headers["Content-Security-Policy"]);
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  // for the access log only (scripts/server.mjs removes it before the response leaves)
  if (typeof token?.uid === "string")
    res.headers.set(PRINCIPAL_HEADER, `${token.uid} ${typeof token.tenantId === "string" ? token.tenantId : "-"}`);
  return res;
}

function signInRedirect(req: NextRequest, isPublic: boolean, signedIn: boolean): NextResponse | null {
  if (isPublic || signedIn || req.headers.has("next-action")) return null;
  const url = new URL("/login", req.url);
  const target = safeRedirect(req.nextUrl.pathname + req.nextUrl.search, req.nextUrl.origin);
  if (target !== "/") url.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(url);
}

function envLinkRedirect(req: NextRequest): NextResponse | null {
  if (req.method !== "GET" || req.headers.has("next-action") || isPrefetch(req.headers)) return null;
  const link = envFromLink(req.nextUrl);
  if (!link) return null;
  const res = NextResponse.redirect(link.cleanUrl, 303);
  if (link.environment) res.cookies.set(ENVIRONMENT_COOKIE, link.environment, environmentCookieOptions());
  return res;
}

function passOn(req: NextRequest, csp: string): NextResponse {
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = {
  // everything but static assets (they get the fixed headers from next.config.ts)
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
