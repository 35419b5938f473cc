import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";

/**
 * Sends signed-out page requests to sign-in, remembering where they were going. This is a
 * convenience, not the control: every page, action and route checks the session itself.
 * Server action calls pass through so the action answers UNAUTHENTICATED in its own format.
 */
export async function proxy(req: NextRequest) {
  if (req.headers.has("next-action")) return NextResponse.next();
  const token = await getToken({ req });
  if (token) return NextResponse.next();
  const url = new URL("/login", req.url);
  const target = req.nextUrl.pathname + req.nextUrl.search;
  if (target !== "/") url.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(url);
}

export const config = {
  // everything but sign-in, invitation links (public: they create the account), next-auth's endpoints and static assets
  matcher: ["/((?!login|invite/|api/auth|_next/static|_next/image|favicon.ico).*)"],
};
