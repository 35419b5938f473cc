import "server-only";
import type { NextAuthOptions } from "next-auth";
import { headers } from "next/headers";
import CredentialsProvider from "next-auth/providers/credentials";
import { authenticate } from "@/lib/auth/sign-in";
import { clientIpOf } from "@/lib/auth/request-info";
import { safeRedirect } from "@/lib/auth/redirect";
import { endSession, SESSION_MAX_AGE_S, startSession, type PendingStep, type RequestInfo } from "@/lib/auth/sessions";
import { isAppError } from "@/lib/errors";
import { errorInfo, log } from "@/lib/log/logger";

/** The IP and user agent of the request being handled (next-auth's callbacks and events do not get it). */
async function requestInfo(): Promise<RequestInfo> {
  try {
    const h = await headers();
    return { ip: clientIpOf(h), userAgent: h.get("user-agent") };
  } catch {
    return { ip: null, userAgent: null };
  }
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const headers = new Headers(
          Object.entries(req?.headers ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
        );
        try {
          const u = await authenticate({
            email: credentials?.email ?? "",
            password: credentials?.password ?? "",
            ip: clientIpOf(headers),
            userAgent: headers.get("user-agent"),
          });
          return {
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            tenantId: u.tenantId,
            programId: u.programId,
            pendingStep: u.pendingStep,
          };
        } catch (e) {
          // next-auth passes the thrown message to the client as `error`; only AppError text is user-facing.
          if (isAppError(e)) throw new Error(e.message);
          log.error({ err: errorInfo(e) }, "sign-in failed");
          throw new Error("Sign-in is unavailable right now. Try again shortly.");
        }
      },
    }),
  ],
  callbacks: {
    /** Where next-auth sends the browser after sign-in and sign-out (`callbackUrl`): this portal only. */
    redirect({ url, baseUrl }) {
      const origin = new URL(baseUrl).origin;
      return origin + safeRedirect(url, origin);
    },
    async jwt({ token, user }) {
      if (user) {
        const u = user as unknown as {
          id: string;
          role: string;
          tenantId: string | null;
          programId: string | null;
          pendingStep?: PendingStep | null;
        };
        // sign-in: the server-side session record; getCtx refuses the JWT once it is revoked or expired, and
        // while it waits for a second factor (pendingStep: only /login/two-factor accepts it)
        token.sid = await startSession(u.id, await requestInfo(), new Date(), { pendingStep: u.pendingStep ?? null });
        token.uid = u.id;
        token.role = u.role;
        token.tenantId = u.tenantId;
        token.programId = u.programId;
      }
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        user: {
          ...session.user,
          id: token.uid as string,
          role: token.role as string,
          tenantId: token.tenantId as string | null,
        },
      };
    },
  },
  events: {
    // every sign-out goes through next-auth's POST /api/auth/signout: revoke the session there, on the server
    async signOut({ token }) {
      if (token) await endSession(token, await requestInfo());
    },
  },
};
