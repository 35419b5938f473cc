"use client";
import { showActionError } from "@/lib/actions/client-result";

type Refusal = { ok: false; code: string; message: string; fieldErrors?: Record<string, string> };

/**
 * A refused two-factor action: a half-signed-in session that is gone goes back to sign-in; a field error (a
 * wrong code) is shown inline; anything else as the usual toast (or sign-in when the session ended).
 */
export function handleRefusal(r: Refusal, setError: (m: string) => void): void {
  if (r.code === "SIGN_IN_AGAIN") {
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load: the session is gone
    window.location.assign("/login");
    return;
  }
  if (r.fieldErrors || r.code === "RATE_LIMITED" || r.code === "VALIDATION") {
    setError(Object.values(r.fieldErrors ?? {})[0] ?? r.message);
    return;
  }
  showActionError(r);
}
