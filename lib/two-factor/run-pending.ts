import "server-only";
import { failureOf, type ActionResult } from "@/lib/actions/run-action";
import type { RequestInfo } from "@/lib/auth/sessions";
import { getPendingSignIn, requestInfo } from "@/lib/two-factor/pending";
import type { PendingSignIn } from "@/lib/two-factor/sign-in-step";

/** What the 2FA step's actions answer when the half-signed-in session is gone (expired, ended, throttled). */
export const PENDING_ENDED = {
  ok: false,
  code: "SIGN_IN_AGAIN",
  message: "Your sign-in has expired. Sign in again.",
} as const;

/**
 * The action boundary of the second sign-in step: like runAction, but for the half-signed-in session only
 * (getCtx refuses it). No pending session: SIGN_IN_AGAIN, nothing runs. Errors map through failureOf.
 */
export async function runPending<T>(
  fn: (p: PendingSignIn, request: RequestInfo) => Promise<T>,
): Promise<ActionResult<T>> {
  const p = await getPendingSignIn();
  if (!p) return PENDING_ENDED;
  try {
    return { ok: true, data: await fn(p, await requestInfo()) };
  } catch (e) {
    return await failureOf(e, "two-factor sign-in action");
  }
}
