import { describe, expect, it } from "vitest";
import { envFromLink, isPrefetch } from "@/lib/session/env-link";

describe("envFromLink", () => {
  it("takes staging or production and gives the same URL without the parameter", () => {
    const r = envFromLink(new URL("https://portal.test/certificates/p1?env=staging&apiUser=a"));
    expect(r?.environment).toBe("staging");
    expect(r?.cleanUrl.toString()).toBe("https://portal.test/certificates/p1?apiUser=a");
    expect(envFromLink(new URL("https://portal.test/x?env=production"))?.cleanUrl.toString()).toBe(
      "https://portal.test/x",
    );
  });

  it("switches to nothing for any other value, a different case, or a repeated parameter, but still drops it", () => {
    for (const q of ["env=Production", "env=dev", "env=", "env=staging&env=production", "env=production%20"]) {
      const r = envFromLink(new URL(`https://portal.test/x?${q}`));
      expect(r?.environment, q).toBeNull();
      expect(r?.cleanUrl.toString()).toBe("https://portal.test/x");
    }
  });

  it("is null without the parameter", () => {
    expect(envFromLink(new URL("https://portal.test/x?environment=staging"))).toBeNull();
  });
});

describe("isPrefetch", () => {
  it("recognises Next's router prefetch and the browsers' prefetch headers", () => {
    expect(isPrefetch(new Headers({ "next-router-prefetch": "1" }))).toBe(true);
    expect(isPrefetch(new Headers({ purpose: "prefetch" }))).toBe(true);
    expect(isPrefetch(new Headers({ "sec-purpose": "prefetch;prerender" }))).toBe(true);
    expect(isPrefetch(new Headers({ rsc: "1" }))).toBe(false);
  });
});
