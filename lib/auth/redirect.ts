/**
 * Base for callers that accept only a path of this portal and have no origin at hand (the browser's
 * own location, a path built by the server): any target that leaves it is refused.
 */
export const PATH_ONLY_ORIGIN = "http://portal.invalid";

/**
 * The one check for a redirect target that came from input (callbackUrl, sign-out, links): the
 * target is parsed the way a browser would, against `origin`, and accepted only when it stays on that
 * origin. Returns the normalised path + query + fragment, else `fallback`.
 *
 * Parsing (not prefix checks) is the control: `/\evil.example`, `/<TAB>/evil.example` and
 * `https:evil.example`-style tricks resolve to another origin or get normalised, and a result whose
 * path begins with `//` (e.g. from `/.//evil.example`) is refused, since the browser would read it
 * as protocol-relative.
 */
export function safeRedirect(target: string | null | undefined, origin: string, fallback = "/"): string {
  if (typeof target !== "string" || target === "") return fallback;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(target, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin || url.username || url.password) return fallback;
  const path = url.pathname + url.search + url.hash;
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}

/** The portal's public origin (NEXTAUTH_URL), against which server-side redirect targets are checked. */
export function portalOrigin(): string {
  try {
    return new URL(process.env.NEXTAUTH_URL ?? "").origin;
  } catch {
    return `http://localhost:${process.env.PORT ?? 3000}`;
  }
}
