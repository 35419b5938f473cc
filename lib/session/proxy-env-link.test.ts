import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { ENVIRONMENT_COOKIE } from "@/lib/environments";
import { proxy } from "@/proxy";

const SECRET = "proxy-test-secret-0123456789abcdef";
let session: string;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  session = await encode({ token: { sub: "u1", email: "a@example.test" }, secret: SECRET });
});

const get = (path: string, opts: { signedIn?: boolean; headers?: Record<string, string> } = {}) =>
  proxy(
    new NextRequest(`http://portal.test${path}`, {
      headers: { ...(opts.signedIn ? { cookie: `next-auth.session-token=${session}` } : {}), ...opts.headers },
    }),
  );

describe("proxy: ?env= links", () => {
  it("signed in: sets the environment cookie and redirects to the URL without the parameter", async () => {
    const res = await get("/certificates/tenant?env=staging&apiUser=a", { signedIn: true });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://portal.test/certificates/tenant?apiUser=a");
    expect(res.cookies.get(ENVIRONMENT_COOKIE)?.value).toBe("staging");
  });

  it("signed in, a prefetch: switches nothing", async () => {
    const res = await get("/programs?env=staging", { signedIn: true, headers: { "next-router-prefetch": "1" } });
    expect(res.cookies.get(ENVIRONMENT_COOKIE)).toBeUndefined();
    expect(res.headers.get("location")).toBeNull();
  });

  it("a public path sets nothing, signed out or in: /login?env= is the sign-in page as it is", async () => {
    for (const signedIn of [false, true]) {
      const res = await get("/login?env=staging", { signedIn });
      expect(res.cookies.get(ENVIRONMENT_COOKIE), `signedIn=${signedIn}`).toBeUndefined();
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(res.headers.get("location")).toBeNull();
    }
  });

  it("signed out: sign-in first, remembering the link; no cookie", async () => {
    const res = await get("/programs?env=staging");
    expect(res.cookies.get(ENVIRONMENT_COOKIE)).toBeUndefined();
    expect(new URL(res.headers.get("location")!).pathname).toBe("/login");
    expect(new URL(res.headers.get("location")!).searchParams.get("callbackUrl")).toBe("/programs?env=staging");
  });

  it("a forged session token counts as signed out", async () => {
    const forged = await encode({ token: { sub: "u1" }, secret: "another-secret-0123456789abcdef" });
    const res = await proxy(
      new NextRequest("http://portal.test/programs?env=staging", {
        headers: { cookie: `next-auth.session-token=${forged}` },
      }),
    );
    expect(res.cookies.get(ENVIRONMENT_COOKIE)).toBeUndefined();
    expect(new URL(res.headers.get("location")!).pathname).toBe("/login");
  });
});

describe("proxy: hostile addresses", () => {
  it("refuses a NUL character anywhere in the path or query with 400, signed in or not", async () => {
    for (const path of ["/programs/prg%00x", "/programs?q=%00", "/login%00"])
      for (const signedIn of [false, true]) expect((await get(path, { signedIn })).status, path).toBe(400);
    expect((await get("/programs?q=%2500", { signedIn: true })).status).not.toBe(400);
  });
});
