import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clientIpOf } from "@/lib/auth/request-info";
import { authenticate, THROTTLE } from "@/lib/auth/sign-in";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { parseTrustedProxies, setClientIpHeader } from "@/lib/net/client-ip";

process.env.AXYS_CLIENT_IP_FROM_SOCKET = "1"; // what scripts/server.mjs sets in its own process
afterEach(() => {
  process.env.AXYS_CLIENT_IP_FROM_SOCKET = "1";
});

describe("clientIpOf", () => {
  it("reads only the header the portal's server set, never X-Forwarded-For or X-Real-IP", () => {
    expect(
      clientIpOf(
        new Headers({
          "x-axys-client-ip": "198.51.100.4",
          "x-forwarded-for": "203.0.113.1",
          "x-real-ip": "203.0.113.2",
        }),
      ),
    ).toBe("198.51.100.4");
    expect(clientIpOf(new Headers({ "x-forwarded-for": "203.0.113.1", "x-real-ip": "203.0.113.2" }))).toBe("unknown");
  });

  it("believes nothing when the app is not served by scripts/server.mjs (the header could be the caller's)", () => {
    delete process.env.AXYS_CLIENT_IP_FROM_SOCKET;
    expect(clientIpOf(new Headers({ "x-axys-client-ip": "198.51.100.4" }))).toBe("unknown");
  });
});

/**
 * The sign-in path as served: the portal server's header step on a real loopback socket, then what
 * next-auth's authorize does (lib/auth/options.ts): authenticate with clientIpOf of the request headers.
 */
// the minutes left in the 15-minute window, counted from the first failure (fewer when the machine is slow)
const THROTTLED = /^RATE_LIMITED: Too many failed sign-in attempts\. Try again in 1[345] minutes\.$/;
const WRONG = "UNAUTHENTICATED: Wrong email or password.";
const kind = (answer: string) => (answer === WRONG ? "wrong" : THROTTLED.test(answer) ? "throttled" : answer);

describe("the sign-in throttle behind the portal's server", () => {
  let server: http.Server;
  let port = 0;
  let trusted = parseTrustedProxies("");
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      setClientIpHeader(req, trusted);
      const headers = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
      const email = new URL(req.url ?? "/", "http://x").searchParams.get("email") ?? "";
      authenticate({
        email,
        password: "not-the-password-1",
        ip: clientIpOf(headers),
        userAgent: headers.get("user-agent"),
      }).then(
        () => res.end("signed in"),
        (e) => res.end(isAppError(e) ? `${e.code}: ${e.message}` : "error"),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const signIn = (from: string, email: string, forwardedFor: string) =>
    new Promise<string>((resolve, reject) => {
      http
        .get(
          {
            host: "127.0.0.1",
            port,
            path: `/?email=${encodeURIComponent(email)}`,
            localAddress: from,
            agent: false,
            headers: { "x-forwarded-for": forwardedFor, "x-axys-client-ip": forwardedFor },
          },
          (res) => {
            let body = "";
            res.on("data", (c) => (body += c)).on("end", () => resolve(body));
          },
        )
        .on("error", reject);
    });

  it(
    `throttles an untrusted caller at ${THROTTLE.perIp} failures however it varies X-Forwarded-For, and records its socket address`,
    { timeout: 90_000 },
    async () => {
      const answers: string[] = [];
      for (let i = 1; i <= 30; i++)
        answers.push(await signIn("127.0.0.2", `victim-${i}@example.test`, `203.0.113.${i}`));
      expect(answers.map(kind)).toEqual([
        ...Array(THROTTLE.perIp).fill("wrong"),
        ...Array(30 - THROTTLE.perIp).fill("throttled"),
      ]);
      expect(
        await db.signInAttempt.groupBy({ by: ["ip"], where: { email: { startsWith: "victim-" } }, _count: true }),
      ).toEqual([{ ip: "127.0.0.2", _count: THROTTLE.perIp }]);
      expect(await db.auditEvent.count({ where: { action: "auth.sign_in_failed", ip: "127.0.0.2" } })).toBe(
        THROTTLE.perIp,
      );
    },
  );

  it("behind a trusted proxy, keys on the client the proxy names (and not on the proxy)", async () => {
    trusted = parseTrustedProxies("127.0.0.3/32");
    // the proxy forwards for the throttled 127.0.0.2: refused; for another client: checked normally
    expect(kind(await signIn("127.0.0.3", "proxied-1@example.test", "203.0.113.250, 127.0.0.2"))).toBe("throttled");
    expect(kind(await signIn("127.0.0.3", "proxied-2@example.test", "127.0.0.2, 198.51.100.77"))).toBe("wrong");
    expect(
      await db.signInAttempt.findMany({ where: { email: "proxied-2@example.test" }, select: { ip: true } }),
    ).toEqual([{ ip: "198.51.100.77" }]);
    // the untrusted caller still cannot name anyone
    expect(kind(await signIn("127.0.0.2", "proxied-3@example.test", "198.51.100.78"))).toBe("throttled");
  });
});
