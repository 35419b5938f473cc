import "server-only";
import { failureOf, SESSION_ENDED, type ActionFailure } from "@/lib/actions/run-action";
import type { Ctx } from "@/lib/auth/context";
import { can, type Action } from "@/lib/auth/permissions";
import { getCtx } from "@/lib/auth/session";
import { environmentSchema, type Environment } from "@/lib/environments";
import { AppError, httpStatusOf } from "@/lib/errors";

/** What a route handler gets: the request, the caller's context and the route's params, already awaited. */
export type RouteArgs<P> = { req: Request; ctx: Ctx; params: P };
type Format = "text" | "json";

const NOT_FOUND: ActionFailure = { ok: false, code: "NOT_FOUND", message: "Not found." };
/** A signed-out download says what to do; a fetch caller gets the server actions' answer (the browser goes to sign-in). */
const SIGNED_OUT: Record<Format, ActionFailure> = {
  text: { ...SESSION_ENDED, message: "Sign in first." },
  json: SESSION_ENDED,
};

/**
 * The one wrapper of every route handler (app/**\/route.ts, but next-auth's own): no session answers 401 and
 * runs nothing; `permission`, when set, is checked next and a denial answers 404 (like a missing object);
 * an AppError answers its message with its status from HTTP_STATUS (lib/errors.ts); anything else is logged
 * with a request id and answers 500 with that id only. `format` is how a refusal is written: plain text
 * (downloads; the default) or JSON in the ActionResult failure shape `{ ok: false, code, message, fieldErrors? }`.
 */
export function withCtx<P = Record<string, never>>(
  handler: (args: RouteArgs<P>) => Promise<Response>,
  opts: { permission?: Action; format?: Format } = {},
): (req: Request, route: { params: Promise<P> }) => Promise<Response> {
  const format = opts.format ?? "text";
  return async (req, route) => {
    try {
      // the session is read from the database: an unreachable one answers the generic 500, not a thrown error
      const ctx = await getCtx();
      if (!ctx) return refusal(format, SIGNED_OUT[format]);
      if (opts.permission && !can(ctx.role, opts.permission)) return refusal(format, NOT_FOUND);
      return await handler({ req, ctx, params: await route.params });
    } catch (e) {
      return refusal(format, await failureOf(e, `route ${req.method} ${new URL(req.url).pathname}`));
    }
  };
}

function refusal(format: Format, f: ActionFailure): Response {
  const status = httpStatusOf(f.code);
  const headers = { "cache-control": "no-store" };
  return format === "json"
    ? Response.json(f, { status, headers })
    : new Response(f.message, { status, headers: { ...headers, "content-type": "text/plain; charset=utf-8" } });
}

/** A route's environment segment; any other value is a missing page. */
export function environmentParam(value: string): Environment {
  const parsed = environmentSchema.safeParse(value);
  if (!parsed.success) throw new AppError("NOT_FOUND", "Not found.");
  return parsed.data;
}
