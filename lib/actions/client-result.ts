import { PATH_ONLY_ORIGIN, safeRedirect } from "@/lib/auth/redirect";
import { toast } from "sonner";

/** The part of a server action's result (ActionResult) the browser needs to react to a refusal. */
type Outcome = { ok: boolean; code?: string; message?: string } | null | undefined;
type Nav = Pick<Location, "pathname" | "search" | "assign">;

/** The code runAction answers when the session has ended (nothing ran). */
export const SESSION_ENDED = "UNAUTHENTICATED";

/** The sign-in page that brings the user back to `currentPath` afterwards (same-origin paths only). */
export function signInUrl(currentPath: string): string {
  const back = safeRedirect(currentPath, PATH_ONLY_ORIGIN);
  return `/login?callbackUrl=${encodeURIComponent(back)}`;
}

/**
 * The one place the browser handles a signed-out server action: on UNAUTHENTICATED it navigates to
 * sign-in (returning to this page) and answers true, so the caller shows nothing else.
 * Every client component that handles an action result calls this (or showActionError) first.
 */
export function redirectIfSignedOut(r: Outcome, nav: Nav = window.location): boolean {
  if (!r || r.ok || r.code !== SESSION_ENDED) return false;
  nav.assign(signInUrl(nav.pathname + nav.search));
  return true;
}

/** A refused action: sign-in when the session ended, otherwise its message as an error toast. */
export function showActionError(r: Outcome, nav?: Nav): void {
  if (redirectIfSignedOut(r, nav)) return;
  toast.error(r?.message ?? "Something went wrong. Try again.");
}
