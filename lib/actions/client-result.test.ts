import { describe, expect, it, vi } from "vitest";

const toastError = vi.fn();
vi.mock("sonner", () => ({ toast: { error: (m: string) => toastError(m) } }));
const { redirectIfSignedOut, showActionError, signInUrl } = await import("@/lib/actions/client-result");

const nav = (pathname: string, search = "") => ({ pathname, search, assign: vi.fn() });

describe("signed-out server actions go to sign-in", () => {
  it("navigates to /login with the current path and query as callbackUrl", () => {
    const n = nav("/programs/prg_1/fees", "?env=staging&x=a%20b"); // location.search is percent-encoded
    expect(
      redirectIfSignedOut({ ok: false, code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again." }, n),
    ).toBe(true);
    expect(n.assign).toHaveBeenCalledExactlyOnceWith(
      "/login?callbackUrl=%2Fprograms%2Fprg_1%2Ffees%3Fenv%3Dstaging%26x%3Da%2520b",
    );
    expect(new URL(n.assign.mock.calls[0][0], "http://localhost").searchParams.get("callbackUrl")).toBe(
      "/programs/prg_1/fees?env=staging&x=a%20b",
    );
  });

  it("leaves every other result to the caller", () => {
    const n = nav("/certificates/tenant");
    for (const r of [
      null,
      undefined,
      { ok: true },
      { ok: false, code: "FORBIDDEN", message: "no" },
      { ok: false, code: "VALIDATION", message: "bad" },
    ]) {
      expect(redirectIfSignedOut(r, n)).toBe(false);
    }
    expect(n.assign).not.toHaveBeenCalled();
  });

  it("never builds an off-site callback", () => {
    expect(signInUrl("//evil.example/x")).toBe("/login?callbackUrl=%2F");
    expect(signInUrl("https://evil.example/")).toBe("/login?callbackUrl=%2F");
    expect(signInUrl("/")).toBe("/login?callbackUrl=%2F");
    expect(signInUrl("/\\evil.example")).toBe("/login?callbackUrl=%2F");
    expect(signInUrl("/.//evil.example")).toBe("/login?callbackUrl=%2F");
  });

  it("showActionError signs in instead of toasting when the session ended, and toasts other errors", () => {
    const n = nav("/webhooks/wh_1");
    showActionError({ ok: false, code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again." }, n);
    expect(n.assign).toHaveBeenCalledOnce();
    expect(toastError).not.toHaveBeenCalled();
    showActionError({ ok: false, code: "CONFLICT", message: "Already revoked." }, n);
    expect(toastError).toHaveBeenCalledExactlyOnceWith("Already revoked.");
    expect(n.assign).toHaveBeenCalledOnce();
  });
});
