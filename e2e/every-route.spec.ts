import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import sharp from "sharp";
import type { Page } from "@playwright/test";
import { appRoutes, EXPECTED, OUTSIDE_PORTAL, routeOf } from "./portal-routes";
import { axys, emailOf, expect, PASSWORD, signInViaApi, test, type DemoTenant } from "./fixtures";

/**
 * Every page, as each role: follows the portal's own links from the home page (one page per route pattern),
 * and on each page at 390 px checks that nothing scrolls sideways, axe finds no serious or critical
 * accessibility violation, and the browser logged no error. The sweep must reach every route the role is
 * expected to (portal-routes.ts), and every page of app/ must be expected of some role.
 */
const RECEIVER_PORT = Number(process.env.E2E_RECEIVER_PORT);
const SKIP = /^\/(api|login|invite)(\/|$)|\/export|\.csv$|\/download/;

/** Waits until the page stops navigating by itself (a client redirect right after load would wipe the checks). */
async function settle(page: Page) {
  for (let i = 0; i < 3; i++) {
    const before = page.url();
    await page.waitForLoadState("load");
    await page.waitForTimeout(250);
    if (page.url() === before) return;
  }
}

interface Finding {
  route: string;
  url: string;
  problem: string;
}

/** The checks on one loaded page: no sideways scroll at its width, no serious or critical axe violation. */
async function check(page: Page, route: string, pathname: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const width: { scroll: number; inner: number; culprits?: string } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  if (width.scroll > width.inner) {
    // name the widest culprits, so the failure says where to look
    width.culprits = await page.evaluate(() =>
      [...document.querySelectorAll("main *, header *")]
        .filter(
          (el) =>
            el.getBoundingClientRect().right > window.innerWidth + 1 && !el.parentElement?.closest(".overflow-x-auto"),
        )
        .slice(-3)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join(".")}`)
        .join(" | "),
    );
  }
  if (width.scroll > width.inner)
    findings.push({
      route,
      url: pathname,
      problem: `scrolls sideways: ${width.scroll} px > ${width.inner} px: ${width.culprits}`,
    });

  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  for (const v of axe.violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
    findings.push({
      route,
      url: pathname,
      problem: `axe ${v.id} (${v.impact}): ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join(" | ")}`,
    });
  }

  return findings;
}

async function sweep(page: Page, role: keyof typeof EXPECTED): Promise<void> {
  const routes = appRoutes();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  await page.setViewportSize({ width: 390, height: 844 });

  const seen = new Map<string, string>(); // route pattern -> the URL visited for it
  // the user menu's pages too: a closed dropdown menu has no links in the page
  const queue = ["/", "/settings/security"];
  const findings: Finding[] = [];
  const reached = new Set<string>();
  while (queue.length) {
    const url = queue.shift()!;
    const res = await page.goto(url);
    await settle(page);
    const pathname = new URL(page.url()).pathname; // after redirects ("/" -> a partner's program)
    const asked = routeOf(url, routes);
    if (asked) reached.add(asked); // "/" redirects: it is reached, and the page it lands on is checked
    const route = routeOf(pathname, routes);
    if (!route || seen.has(route)) continue;
    seen.set(route, pathname);
    reached.add(route);
    if (res && res.status() >= 400) findings.push({ route, url: pathname, problem: `HTTP ${res.status()}` });

    try {
      findings.push(...(await check(page, route, pathname)));
    } catch (e) {
      // the page navigated by itself while being checked: check where it landed
      if (!/Execution context was destroyed/.test(String(e))) throw e;
      await settle(page);
      findings.push(...(await check(page, route, new URL(page.url()).pathname)));
    }

    const links = await page.locator("a[href^='/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
    for (const href of links) {
      const target = new URL(href, "http://x");
      if (SKIP.test(target.pathname)) continue;
      const r = routeOf(target.pathname, routes);
      if (r && !seen.has(r) && !queue.some((q) => routeOf(new URL(q, "http://x").pathname, routes) === r))
        queue.push(target.pathname);
    }
  }
  expect(findings, `pages with problems as ${role}`).toEqual([]);
  expect(errors, `browser errors as ${role}`).toEqual([]);
  expect(
    EXPECTED[role].filter((r) => !reached.has(r)),
    `routes not reached as ${role}`,
  ).toEqual([]);
}

/** A published data processing agreement, so /legal links to a document (legal.spec.ts publishes only the SLA). */
function publishDpa() {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "axys-legal-sweep-")), "dpa.md");
  writeFileSync(
    file,
    "# Data processing agreement\n\nAxys processes cardholder data only on the Tenant's instructions.\n",
  );
  const r = axys([
    "legal",
    "publish",
    "--kind",
    "dpa",
    "--title",
    "Data processing agreement",
    "--file",
    file,
    "--summary",
    "Published for the route sweep.",
  ]);
  expect(r.code, r.stderr).toBe(0);
}

/** Data behind the detail pages: an API user, a webhook endpoint, transactions and balances, a legal document. */
function seed(tenant: DemoTenant) {
  const slug = tenant.tenant.slug;
  publishDpa();
  for (const args of [
    ["apiuser", "create", "--tenant", slug, "--pattern", "tenant_admin", "--name", "Backend"],
    [
      "webhook",
      "add",
      "--tenant",
      slug,
      "--url",
      `https://127.0.0.1:${RECEIVER_PORT}/sweep`,
      "--events",
      "certificate.issued",
    ],
    ["demo", "transactions", "--tenant", slug, "--count", "40", "--days", "7"],
  ]) {
    const r = axys(args);
    expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
  }
}

test.describe.configure({ timeout: 300_000 });

test("every page of app/ is swept for some role", () => {
  const expected = new Set(Object.values(EXPECTED).flat());
  expect(appRoutes().filter((r) => !expected.has(r) && !OUTSIDE_PORTAL.includes(r))).toEqual([]);
});

test("every route as a tenant admin", async ({ page, tenant }) => {
  seed(tenant);
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await sweep(page, "tenant_admin");
});

test("every route as a tenant viewer", async ({ page, tenant }) => {
  seed(tenant);
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await sweep(page, "tenant_viewer");
});

test("every route as a partner", async ({ page, tenant }) => {
  const program = tenant.users.find((u) => u.role === "partner_viewer")!.programId!;
  for (const args of [
    ["demo", "transactions", "--tenant", tenant.tenant.slug, "--count", "40", "--days", "7"],
    [
      "partner",
      "visibility",
      "--tenant",
      tenant.tenant.slug,
      "--program",
      program,
      "--transactions",
      "on",
      "--balances",
      "on",
      "--granularity",
      "individual",
    ],
  ]) {
    const r = axys(args);
    expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
  }
  await signInViaApi(page, emailOf(tenant, "partner_viewer"));
  await sweep(page, "partner_viewer");
});

test("every route as Axys staff", async ({ page, browser, tenant }) => {
  const art = path.join(mkdtempSync(path.join(os.tmpdir(), "axys-art-")), "card.png");
  writeFileSync(
    art,
    await sharp({ create: { width: 1600, height: 1009, channels: 3, background: "#2756e0" } })
      .png()
      .toBuffer(),
  );
  const d = axys([
    "design",
    "submit",
    "--tenant",
    tenant.tenant.slug,
    "--program",
    tenant.programs[0].id,
    "--slot",
    "0",
    "--file",
    art,
    "--name",
    "Sweep",
  ]);
  expect(d.code, d.stderr).toBe(0);
  // an SMS sender request, applied for in the portal (there is no CLI for a tenant's application)
  const admin = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await signInViaApi(admin, emailOf(tenant, "tenant_admin"));
  await admin.goto(`/programs/${tenant.programs[0].id}/sms-sender`);
  await admin.getByLabel("Sender ID").fill("AcmeCards");
  await admin.getByLabel("Countries").fill("GB");
  await admin.getByLabel("What the messages are for").fill("One-time passwords for online payments");
  await admin.getByRole("button", { name: "Apply" }).click();
  await expect(admin.getByTestId("request").first()).toHaveAttribute("data-status", "submitted");

  publishDpa();
  const staffEmail = `staff-${tenant.tenant.slug}@axys.test`;
  expect(
    axys(["user", "create", "--email", staffEmail, "--role", "staff_reviewer", "--password-stdin"], PASSWORD).code,
  ).toBe(0);
  await signInViaApi(page, staffEmail);
  await sweep(page, "staff_reviewer");
});

test("on a phone the navigation is a drawer, and the user menu can be tapped", async ({ page, tenant }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/programs");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden(); // the sidebar is folded away
  await page.getByRole("button", { name: "Open menu" }).click();
  const drawer = page.getByRole("dialog");
  await drawer.getByRole("link", { name: "Webhooks" }).click();
  await expect(page).toHaveURL(/\/webhooks$/);
  await expect(drawer).toBeHidden();
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
});

test("on a phone the API reference's tables stack instead of scrolling sideways and squeezing the notes", async ({
  page,
  tenant,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/api-reference");
  const tables = page.locator("main table");
  expect(await tables.count()).toBeGreaterThan(20);
  // no table is wider than its scroll area
  const wide = await tables.evaluateAll(
    (ts) => ts.filter((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth + 1).length,
  );
  expect(wide).toBe(0);
  // a parameter's notes take the row's width, under their column's name
  // (the cell's name starts with its column's name, shown before the value: CSS generated content counts)
  const notes = page.getByRole("cell", { name: /^Notes\s*How many objects to return/ }).first();
  await expect(notes).toHaveAttribute("data-label", "Notes");
  expect((await notes.boundingBox())!.width).toBeGreaterThan(250);
});
