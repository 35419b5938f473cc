import "server-only";
import { randomUUID } from "node:crypto";
import type { Ctx } from "@/lib/auth/context";
import { getCtx } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { REQUEST_ID_HEADER } from "@/lib/log/headers";
import { errorInfo, log } from "@/lib/log/logger";
import { headers } from "next/headers";

/** What every server action returns to its form: never a thrown error, never an internal message. */
export type ActionResult<T = unknown> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string> };
export type ActionFailure = Extract<ActionResult, { ok: false }>;

/** What a signed-out caller gets (nothing ran); the browser sends it to sign-in (lib/actions/client-result.ts). */
export const SESSION_ENDED: ActionFailure = {
  ok: false,
  code: "UNAUTHENTICATED",
  message: "Your session has ended. Sign in again.",
};

/**
 * The one mapping of a thrown error to what a caller may read: an AppError's code, message and field errors;
 * anything else is logged with the request id (`where` says which entry point) and answers INTERNAL with that id only:
 * the X-Request-Id of the response and the access log's reqId, so a user's report leads to the log lines.
 */
export async function failureOf(e: unknown, where: string): Promise<ActionFailure> {
  if (isAppError(e))
    return {
      ok: false,
      code: e.code,
      message: e.message,
      fieldErrors: e.fields ?? (e.field ? { [e.field]: e.message } : undefined),
    };
  const requestId = await requestIdOf();
  log.error({ reqId: requestId, where, err: errorInfo(e) }, `${where} failed`);
  return {
    ok: false,
    code: "INTERNAL",
    message: `Something went wrong on our side (request ${requestId}). Nothing was changed.`,
  };
}

/** The request id scripts/server.mjs gave this request; a fresh one outside a request (tests, scripts). */
async function requestIdOf(): Promise<string> {
  try {
    return (await headers()).get(REQUEST_ID_HEADER) ?? randomUUID();
  } catch {
    return randomUUID();
  }
}

/**
 * The one action client: authenticates (no session = UNAUTHENTICATED, nothing runs), hands the
 * service the caller's context, and maps errors. Only AppError messages reach the user.
 * Actions are written with defineAction (lib/actions/define-action.ts), which parses their input first.
 */
export async function runAction<T>(fn: (ctx: Ctx) => Promise<T>): Promise<ActionResult<T>> {
  try {
    // inside the try: resolving the session reads the database, which may be unreachable (a restart, a failover);
    // the form then shows the generic error with its request id instead of the action throwing
    const ctx = await getCtx();
    if (!ctx) return SESSION_ENDED;
    return { ok: true, data: await fn(ctx) };
  } catch (e) {
    return await failureOf(e, "server action");
  }
}
