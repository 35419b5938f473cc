"use server";
import { portalOrigin, safeRedirect } from "@/lib/auth/redirect";
import { parseInput } from "@/lib/validation";
import { passkeyAssertionOptions } from "@/lib/two-factor/passkeys";
import { runPending } from "@/lib/two-factor/run-pending";
import { codeSignInSchema, passkeySignInSchema, totpCodeSchema } from "@/lib/two-factor/schemas";
import { confirmTotpEnrolment, startTotpEnrolment } from "@/lib/two-factor/service";
import { userCtx } from "@/lib/two-factor/attempts";
import { assertMayEnrol, completeEnrolment, signInWithCode, signInWithPasskey } from "@/lib/two-factor/sign-in-step";

// The actions of the second sign-in step (/login/two-factor): they run for the half-signed-in session only.

const next = (callbackUrl: string | undefined) => ({ next: safeRedirect(callbackUrl, portalOrigin()) });

export async function signInWithCodeAction(input: unknown) {
  return runPending(async (p, request) => {
    const v = parseInput(codeSignInSchema, input);
    await signInWithCode(p, { method: v.method, code: v.code }, request);
    return next(v.callbackUrl);
  });
}

export async function passkeySignInOptionsAction() {
  return runPending((p) => passkeyAssertionOptions(p.sessionId, p.id));
}

export async function signInWithPasskeyAction(input: unknown) {
  return runPending(async (p, request) => {
    const v = parseInput(passkeySignInSchema, input);
    await signInWithPasskey(p, v.response, request);
    return next(v.callbackUrl);
  });
}

/** Enrolment during sign-in (the account must have a second factor and has none): an authenticator app. */
export async function startPendingTotpEnrolmentAction() {
  return runPending(async (p, request) => {
    await assertMayEnrol(p);
    return startTotpEnrolment(userCtx(p, request, p.sessionId));
  });
}

export async function confirmPendingTotpEnrolmentAction(input: unknown) {
  return runPending(async (p, request) => {
    await assertMayEnrol(p);
    const v = parseInput(totpCodeSchema, input);
    const r = await confirmTotpEnrolment(userCtx(p, request, p.sessionId), v);
    await completeEnrolment(p, request);
    return r;
  });
}
