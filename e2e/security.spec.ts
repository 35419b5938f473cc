import { emailOf, expect, PASSWORD, signInViaApi, test } from "./fixtures";

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string | undefined): Record<string, string[]> {
  expect(csp, "Content-Security-Policy header").toBeTruthy();
  return Object.fromEntries(
    csp!
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

const nonceOf = (csp: string) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];

test.describe("security headers", () => {
  test("every kind of response carries the policy; scripts need this response's nonce", async ({ page, tenant }) => {
    const signedOut = await page.request.get("/login");
    const h = signedOut.headers();
    const d = directives(h["content-security-policy"]);
    const nonce = nonceOf(h["content-security-policy"]);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(d["script-src"]).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(d["object-src"]).toEqual(["'none'"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
    expect(d["base-uri"]).toEqual(["'self'"]);
    expect(d["form-action"]).toEqual(["'self'"]);
    expect(d["default-src"]).toEqual(["'self'"]);
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["referrer-policy"]).toBe("same-origin");
    expect(h["permissions-policy"]).toContain("camera=()");
    expect(h["strict-transport-security"]).toBeUndefined(); // only with AXYS_DEPLOYMENT=production (HTTPS)

    // Next's own script tags carry the nonce; none is without it
    const html = await signedOut.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);

    // a new nonce for every response
    const again = (await page.request.get("/login")).headers()["content-security-policy"];
    expect(nonceOf(again)).not.toBe(nonce);

    // the signed-out redirect, next-auth's endpoints, an invitation link, a portal page, a 404
    const redirect = await page.request.get("/programs", { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expect(redirect.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    for (const path of ["/api/auth/session", "/invite/not-a-token"]) {
      expect((await page.request.get(path)).headers()["content-security-policy"], path).toContain(
        "frame-ancestors 'none'",
      );
    }
    await signInViaApi(page, emailOf(tenant, "tenant_admin"));
    for (const path of ["/programs", "/no-such-page"]) {
      const r = await page.request.get(path);
      expect(r.status(), path).toBe(path === "/programs" ? 200 : 404);
      const csp = r.headers()["content-security-policy"];
      expect(csp, path).toContain("frame-ancestors 'none'");
      const n = nonceOf(csp);
      for (const s of [...(await r.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]))
        expect(s, path).toContain(`nonce="${n}"`);
    }
    // and the pages work in the browser under it (the auto fixture fails the test on any violation)
    await page.goto("/no-such-page");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await page.getByRole("link", { name: "Go to the start page" }).click();
    await expect(page.getByRole("heading", { name: "Home", level: 1 })).toBeVisible();
  });

  test("an injected inline script is blocked, and the fixture reports it", async ({ page, cspViolations }) => {
    // what a reflected XSS would do: an inline script without this response's nonce in the HTML
    await page.route("**/login", async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace("</body>", "<script>document.title='pwned'</script></body>");
      await route.fulfill({ response: res, body });
    });
    await page.goto("/login");
    await expect(page.getByLabel("Email")).toBeVisible();
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
    expect(await page.title()).not.toBe("pwned");
    expect(
      cspViolations.some((v) => v.via === "event" && v.directive === "script-src-elem" && v.blocked === "inline"),
    ).toBe(true);
    cspViolations.length = 0; // provoked on purpose: don't fail this test at teardown
  });
});

test.describe("no open redirect after sign-in", () => {
  for (const hostile of [
    "/\\evil.example",
    "/%09/evil.example",
    "//evil.example",
    "https://evil.example/",
    "/.//evil.example",
    "javascript:alert(1)",
  ]) {
    test(`callbackUrl=${hostile} lands on the portal`, async ({ page, tenant, baseURL }) => {
      await page.route(
        (url) => url.hostname.endsWith("evil.example"),
        (route) => route.abort(),
      );
      await page.goto(`/login?callbackUrl=${hostile.replace("\\", "%5C").replace(/^https:\/\//, "https%3A%2F%2F")}`);
      await page.getByLabel("Email").fill(emailOf(tenant, "tenant_admin"));
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(`${baseURL}/`); // the dashboard
      await expect(page.getByRole("heading", { name: "Home", level: 1 })).toBeVisible();
    });
  }

  test("a same-portal callbackUrl is kept", async ({ page, tenant, baseURL }) => {
    await page.goto(`/login?callbackUrl=${encodeURIComponent("/webhooks?x=1")}`);
    await page.getByLabel("Email").fill(emailOf(tenant, "tenant_admin"));
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${baseURL}/webhooks?x=1`);
  });

  test("sign-out refuses an off-site callbackUrl", async ({ page, tenant, baseURL }) => {
    await signInViaApi(page, emailOf(tenant, "tenant_admin"));
    const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
    const res = await page.request.post("/api/auth/signout", {
      form: { csrfToken, callbackUrl: "https://evil.example/", json: "true" },
    });
    expect(await res.json()).toEqual({ url: `${baseURL}/` });
  });
});

test("a portal page for a missing object answers 404, not a 200 that streams the not-found page", async ({
  page,
  tenant,
}) => {
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  for (const path of [
    "/programs/prg_doesnotexist",
    "/programs/prg_doesnotexist/designs",
    "/webhooks/nope",
    "/api-users/nope",
    "/monitoring/transactions/nope",
  ]) {
    const r = await page.request.get(path);
    expect(r.status(), path).toBe(404);
    expect(await r.text(), path).not.toContain('aria-label="Loading"');
  }
  expect((await page.request.get(`/programs/${tenant.programs[0].id}`)).status()).toBe(200);
});

test("health probes answer without a session, with each check and no cookie", async ({ request }) => {
  const live = await request.get("/api/health/live", { maxRedirects: 0 });
  expect([live.status(), (await live.json()).status]).toEqual([200, "ok"]);
  const ready = await request.get("/api/health/ready", { maxRedirects: 0 });
  const body = await ready.json();
  expect([ready.status(), body.status, Object.keys(body.checks).sort()]).toEqual([
    200,
    "ok",
    ["caKeys", "database", "worker"],
  ]);
  expect(body.checks.database.detail).toMatch(/^\d+ migrations applied$/);
  expect(ready.headers()["cache-control"]).toBe("no-store");
  expect(ready.headers()["set-cookie"]).toBeUndefined();
  // every response carries its request id; the metrics listener (its own port, bearer token) counted the probes
  expect(ready.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const scrape = () =>
    request.get(`http://127.0.0.1:${process.env.E2E_METRICS_PORT}/metrics`, {
      headers: { Authorization: "Bearer e2e-metrics-token" },
    });
  await expect
    .poll(
      async () =>
        (await (await scrape()).text()).match(
          /^axys_http_requests_total\{route="\/api\/health\/ready",method="GET",status="200"\} (\d+)/m,
        )?.[1] ?? "0",
    )
    .not.toBe("0");
  const text = await (await scrape()).text();
  expect(text).toMatch(/^axys_webhook_queue_depth \d+$/m);
  expect((await request.get(`http://127.0.0.1:${process.env.E2E_METRICS_PORT}/metrics`)).status()).toBe(401);
});
