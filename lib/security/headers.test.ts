import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, FIXED_SECURITY_HEADERS, HSTS, newNonce, perRequestSecurityHeaders } from "./headers";

const scriptSrc = (csp: string) => csp.split("; ").find((d) => d.startsWith("script-src "));

describe("security headers", () => {
  it("allows scripts only by this response's nonce, never inline or eval in a build", () => {
    const csp = contentSecurityPolicy("abc123==");
    expect(scriptSrc(csp)).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc123==' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(scriptSrc(contentSecurityPolicy("n", { dev: true }))).toBe(
      "script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'",
    );
  });

  it("a fresh 128-bit nonce each time", () => {
    const seen = new Set(Array.from({ length: 100 }, newNonce));
    expect(seen.size).toBe(100);
    for (const n of seen) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it("HSTS and upgrade-insecure-requests only with AXYS_DEPLOYMENT=production", () => {
    const prod = perRequestSecurityHeaders("n", { AXYS_DEPLOYMENT: "production", NODE_ENV: "production" });
    expect(prod["Strict-Transport-Security"]).toBe(HSTS);
    expect(prod["Content-Security-Policy"]).toMatch(/; upgrade-insecure-requests$/);
    for (const env of [{ NODE_ENV: "production" }, { AXYS_DEPLOYMENT: "staging", NODE_ENV: "production" }]) {
      const h = perRequestSecurityHeaders("n", env);
      expect(Object.keys(h)).toEqual(["Content-Security-Policy"]);
      expect(h["Content-Security-Policy"]).not.toContain("upgrade-insecure-requests");
      expect(h["Content-Security-Policy"]).not.toContain("unsafe-eval");
    }
    expect(perRequestSecurityHeaders("n", { NODE_ENV: "development" })["Content-Security-Policy"]).toContain(
      "'unsafe-eval'",
    );
  });

  it("fixed headers: nosniff, no framing, referrer and permissions policies", () => {
    const h = Object.fromEntries(FIXED_SECURITY_HEADERS.map(({ key, value }) => [key, value]));
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["Referrer-Policy"]).toBe("same-origin");
    for (const f of ["camera", "microphone", "geolocation", "payment", "usb"])
      expect(h["Permissions-Policy"]).toContain(`${f}=()`);
  });
});
