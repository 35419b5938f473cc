import http from "node:http";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";

// Sign-ins over plain HTTP from chosen loopback source addresses, through the real server (scripts/server.mjs)
// and next-auth. The browser tests connect from 127.0.0.1; 127.0.0.2 is an untrusted caller here and 127.0.0.3
// the trusted proxy (AXYS_TRUSTED_PROXIES in playwright.config.ts).
const PORT = Number(process.env.E2E_PORT ?? 3200);
const WRONG = "Wrong email or password.";
// the minutes left in the 15-minute window, counted from the first failure (fewer when the machine is slow)
const THROTTLED = /^Too many failed sign-in attempts\. Try again in 1[345] minutes\.$/;
const kind = (answer: string) => (answer === WRONG ? "wrong" : THROTTLED.test(answer) ? "throttled" : answer);

function send(from: string, method: "GET" | "POST", path: string, headers: http.OutgoingHttpHeaders, body?: string) {
  return new Promise<{ status: number; cookies: string[]; text: string }>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: PORT, method, path, localAddress: from, agent: false, headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res
          .on("data", (c) => (text += c))
          .on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              cookies: (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]),
              text,
            }),
          );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** One password sign-in as next-auth's client does it; the error message it answers, or "signed in". */
async function signIn(from: string, email: string, forwardedFor: string): Promise<string> {
  const csrf = await send(from, "GET", "/api/auth/csrf", {});
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email, password: "not-the-password-1", json: "true" }).toString();
  const res = await send(
    from,
    "POST",
    "/api/auth/callback/credentials",
    {
      cookie: csrf.cookies.join("; "),
      "content-type": "application/x-www-form-urlencoded",
      "content-length": Buffer.byteLength(form),
      "x-forwarded-for": forwardedFor,
      "x-axys-client-ip": forwardedFor,
    },
    form,
  );
  const { url } = JSON.parse(res.text) as { url: string };
  return new URL(url).searchParams.get("error") ?? "signed in";
}

test("a caller cannot choose its IP: forged X-Forwarded-For is throttled at 20 failures; a trusted proxy's header is honoured", async () => {
  test.slow(); // 30+ password checks
  const run = randomBytes(4).toString("hex");
  const answers: string[] = [];
  // 30 accounts (below the per-account limit each), 30 forged addresses, one real untrusted peer
  for (let i = 1; i <= 30; i++)
    answers.push(await signIn("127.0.0.2", `ip-${run}-${i}@example.test`, `203.0.113.${i}`));
  expect(answers.map(kind)).toEqual([...Array(20).fill("wrong"), ...Array(10).fill("throttled")]);

  // the trusted proxy forwarding for the throttled caller: refused; for another client: checked normally
  expect(kind(await signIn("127.0.0.3", `ip-${run}-proxied-1@example.test`, "198.51.100.1, 127.0.0.2"))).toBe(
    "throttled",
  );
  expect(kind(await signIn("127.0.0.3", `ip-${run}-proxied-2@example.test`, "127.0.0.2, 198.51.100.2"))).toBe("wrong");
});
