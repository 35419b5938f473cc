import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

export const PASSWORD = "e2e-password-123";

export interface DemoTenant {
  tenant: { id: string; slug: string; name: string };
  programs: { id: string; name: string }[];
  users: { email: string; role: string; programId: string | null }[];
}

/** Runs the admin CLI against the e2e database, as Axys staff would. */
export function axys(args: string[], input?: string): { code: number | null; json: unknown; stderr: string } {
  const r = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "lib/cli/main.ts", ...args, "--json"], {
    input,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, AXYS_WEBHOOK_ALLOW_LOOPBACK: "1" },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, json: r.stdout.trim() ? JSON.parse(r.stdout) : null, stderr: r.stderr };
}

export interface QueuedMail {
  id: string;
  kind: string;
  subject: string;
  status: string;
  /** the plain-text body; null once the worker sent it (bodies are erased after sending) */
  text: string | null;
}

/** The newest email queued to `to` (of `kind`, if given) in the e2e database's outbox, or null. */
export function lastMail(to: string, kind?: string): QueuedMail | null {
  const r = spawnSync(
    "node_modules/.bin/tsx",
    ["--conditions=react-server", "e2e/support/last-mail.ts", to, ...(kind ? [kind] : [])],
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL }, timeout: 60_000 },
  );
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`last-mail failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as QueuedMail | null;
}

/** The first link in a mail's text that starts with the portal's `path` (e.g. "/invite/"), as a path. */
export function linkIn(mail: QueuedMail | null, path: string): string {
  const m = mail?.text?.match(new RegExp(`https?://[^\\s]+(${path.replace(/[/]/g, "\\/")}[^\\s]*)`));
  if (!m) throw new Error(`no ${path} link in ${JSON.stringify(mail)}`);
  return m[1];
}

/** Fills the invitation acceptance form already open on `page` (name, password twice) and waits for the account. */
export async function acceptInvitation(page: Page, email: string, name: string) {
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Choose a password").fill(PASSWORD);
  await page.getByLabel("Repeat the password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(`Your account ${email} is ready.`)).toBeVisible();
}

/** Signs in through next-auth's credentials endpoint (not the form), sharing cookies with `page`. */
export async function signInViaApi(page: Page, email: string, password = PASSWORD) {
  const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
  const res = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
  });
  expect(res.ok()).toBeTruthy();
  const session = await (await page.request.get("/api/auth/session")).json();
  expect(session?.user?.email, `sign-in as ${email} failed`).toBe(email);
}

export const emailOf = (t: DemoTenant, role: string) => t.users.find((u) => u.role === role)!.email;

/** A Content-Security-Policy violation seen in the browser during a test. */
export interface CspViolation {
  via: "event" | "console";
  directive?: string;
  blocked?: string;
  sample?: string;
  url: string;
  text?: string;
}

/**
 * Collects CSP violations from every page of `context`: the `securitypolicyviolation` event (reported
 * through a binding, which CSP cannot block) and Chromium's "Refused to ..." console errors.
 */
async function watchCsp(context: BrowserContext, violations: CspViolation[]) {
  await context.exposeBinding("__axysCspViolation", ({ page }, v: Omit<CspViolation, "via" | "url">) => {
    violations.push({ via: "event", ...v, url: page.url() });
  });
  await context.addInitScript(() => {
    document.addEventListener(
      "securitypolicyviolation",
      (e) => {
        const report = (window as unknown as { __axysCspViolation: (v: object) => void }).__axysCspViolation;
        report({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
      },
      { capture: true },
    );
  });
  context.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text()))
      violations.push({ via: "console", url: m.page()?.url() ?? "", text: m.text() });
  });
}

/**
 * Every test gets a fresh tenant (admin, viewer, partner, two programs), so tests are independent.
 * Creating it is a CLI child process (seconds on a loaded machine): the fixture has its own timeout, so that
 * set-up does not eat into the test's 45 s, which is for the journey under test.
 */
export const test = base.extend<{ tenant: DemoTenant; cspViolations: CspViolation[] }>({
  /**
   * Every test runs under the portal's Content-Security-Policy and fails if the browser reports a
   * violation, in the default context and in any context the test opens with browser.newContext()
   * (wrapped for the test's duration). A test that provokes a violation on purpose empties the list.
   */
  cspViolations: [
    async ({ context, browser }, use) => {
      const violations: CspViolation[] = [];
      await watchCsp(context, violations);
      const newContext = browser.newContext;
      browser.newContext = (async (...args: Parameters<Browser["newContext"]>) => {
        const c = await newContext.apply(browser, args);
        await watchCsp(c, violations);
        return c;
      }) as Browser["newContext"];
      try {
        await use(violations);
      } finally {
        browser.newContext = newContext;
      }
      expect(violations, "Content-Security-Policy violations in the browser").toEqual([]);
    },
    { auto: true },
  ],

  tenant: [
    async ({}, use) => {
      const slug = `e2e-${randomBytes(4).toString("hex")}`;
      const r = axys(["demo", "tenant", "--slug", slug, "--name", `Tenant ${slug}`, "--password-stdin"], PASSWORD);
      expect(r.code, `${JSON.stringify(r.json)}\n${r.stderr}`).toBe(0);
      await use(r.json as DemoTenant);
    },
    { timeout: 60_000 },
  ],
});
export { expect };
