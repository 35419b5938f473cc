/**
 * The portal's HTTP security headers, in one place: next.config.ts sends the fixed ones on every
 * response (static assets too), proxy.ts adds the per-request Content-Security-Policy and, in
 * production, Strict-Transport-Security. See docs/security.md.
 */

/** Headers whose value never changes: safe to set at build time for every path. */
export const FIXED_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Older browsers ignore CSP frame-ancestors; this is their fallback for the same control.
  { key: "X-Frame-Options", value: "DENY" },
  // Stricter than strict-origin-when-cross-origin: other sites get no Referer (URLs carry ids).
  { key: "Referrer-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value:
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), display-capture=(), accelerometer=(), gyroscope=(), magnetometer=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

export const HSTS = "max-age=63072000; includeSubDomains";

/** A fresh, unguessable nonce for one response (128 bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export interface CspOptions {
  /** next dev evaluates code for its overlay and fast refresh; never in a build. */
  dev?: boolean;
  /** Served over HTTPS (AXYS_DEPLOYMENT=production): upgrade any stray http: subresource. */
  https?: boolean;
}

/**
 * Scripts run only when they carry this response's nonce (Next puts it on its own script tags when
 * it finds it in the request's CSP header) or are loaded by such a script ('strict-dynamic'); no
 * 'unsafe-inline' and no eval for scripts. Styles allow inline: React renders style attributes and
 * the toast library injects a <style> element, neither of which can carry a nonce.
 */
export function contentSecurityPolicy(nonce: string, opts: CspOptions = {}): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** The per-request headers proxy.ts sets: CSP with a new nonce, HSTS in production. */
export function perRequestSecurityHeaders(
  nonce: string,
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const production = env.AXYS_DEPLOYMENT === "production";
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(nonce, { dev: env.NODE_ENV === "development", https: production }),
  };
  if (production) headers["Strict-Transport-Security"] = HSTS;
  return headers;
}
