import "server-only";
import { randomUUID } from "node:crypto";
import type { Ctx } from "@/lib/auth/context";
import { getCtx } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";

/** What every server action returns to its form: never a thrown error, never an internal message. */
export type ActionResult<T = unknown> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string> };

/**
 * The one action client: authenticates (no session = UNAUTHENTICATED, nothing runs), hands the
 * service the caller's context, and maps errors. Only AppError messages reach the user.
 */
export async function runAction<T>(fn: (ctx: Ctx) => Promise<T>): Promise<ActionResult<T>> {
  const ctx = await getCtx();
  if (!ctx) return { ok: false, code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again." };
  try {
    return { ok: true, data: await fn(ctx) };
  } catch (e) {
    if (isAppError(e)) {
      const fieldErrors = e.fields ?? (e.field ? { [e.field]: e.message } : undefined);
      return { ok: false, code: e.code, message: e.message, fieldErrors };
    }
    const requestId = randomUUID();
    console.error(`[${requestId}] server action failed`, e);
    return { ok: false, code: "INTERNAL", message: `Something went wrong on our side (request ${requestId}). Nothing was changed.` };
  }
}
