import { readFileSync } from "node:fs";
import type { Browser } from "@playwright/test";
import { axys, emailOf, expect, PASSWORD, signInViaApi, test, type DemoTenant } from "./fixtures";

const seed = (t: DemoTenant) => {
  const r = axys(["demo", "transactions", "--tenant", t.tenant.slug, "--count", "600", "--days", "20"]);
  expect(r.code, r.stderr).toBe(0);
};

test("a tenant admin sees the overview, filters transactions, is told about a bad filter, exports the filtered list, sorts it and opens a transaction", async ({
  page,
  tenant,
}) => {
  seed(tenant);
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/monitoring");
  await expect(page.getByRole("heading", { name: "Monitoring" })).toBeVisible();
  await expect(page.getByTestId("total-count")).toHaveText("600");
  await expect(page.getByRole("img", { name: /^EUR: 30 days, highest/ })).toBeVisible();

  await page.getByRole("navigation", { name: "Monitoring" }).getByRole("link", { name: "Transactions" }).click();
  await expect(page.getByRole("heading", { name: "Transactions" })).toBeVisible();
  // a bad amount beside valid filters: the error, and no rows or export that would ignore the filters shown
  await page.getByLabel("Status").selectOption("completed");
  await page.getByLabel("Amount from").fill("12,5");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Enter an amount like 25 or 25.00." })).toBeVisible();
  await expect(page.getByLabel("Status")).toHaveValue("completed");
  await expect(page.getByRole("table", { name: "Transactions" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);

  await page.getByLabel("Amount from").fill("");
  await page.getByLabel("Program").selectOption({ label: tenant.programs[0].name });
  await page.getByLabel("Type").selectOption("purchase");
  await page.getByLabel("Rows per page").selectOption("50");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=completed/);
  const rows = page.getByRole("table", { name: "Transactions" }).locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const texts = await rows.allInnerTexts();
  expect(texts.length).toBeLessThanOrEqual(50);
  for (const text of texts) {
    expect(text).toContain("Completed");
    expect(text).toContain("Purchase");
    expect(text).toContain(tenant.programs[0].name);
  }
  const total = Number(
    (await page.getByTestId("transaction-count").innerText())
      .match(/^([\d,]+) transactions? match/)![1]
      .replace(/,/g, ""),
  );
  expect(total).toBeGreaterThanOrEqual(texts.length);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = readFileSync(await (await download).path(), "utf8");
  const lines = file.trim().split("\r\n");
  expect(lines[0]).toBe(
    "id,created_at,program_id,program,type,status,amount,currency,card_last4,cardholder_ref,merchant,mcc,merchant_country,reference",
  );
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.length - 1).toBe(total); // the export, the total and the list agree
  for (const line of lines.slice(1)) {
    expect(line).toContain(`,${tenant.programs[0].id},`);
    expect(line).toContain(",purchase,completed,");
  }

  await page.getByRole("link", { name: /^Amount/ }).click();
  await expect(page).toHaveURL(/sort=amount_desc/);
  await expect(page.getByRole("columnheader", { name: /^Amount/ })).toHaveAttribute("aria-sort", "descending");
  const amounts = (await rows.locator("td:nth-child(5)").allInnerTexts()).map((t) =>
    Number(t.split(" ")[0].replace(/,/g, "")),
  );
  expect(amounts.length).toBe(texts.length);
  expect(amounts).toEqual([...amounts].sort((a, b) => b - a));

  const id = await rows.first().locator("td").first().getAttribute("title");
  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/monitoring/transactions/${id}$`));
  await expect(page.getByRole("heading", { name: `Transaction ${id}` })).toBeVisible();
  await expect(page.getByRole("list", { name: "Status history" }).getByRole("listitem").last()).toContainText(
    "Completed",
  );
  await expect(page.getByRole("definition").filter({ hasText: tenant.programs[0].name })).toBeVisible();
});

/** Exposes the partner's program through the CLI (the admin's form has its own test below). */
const expose = (t: DemoTenant, programId: string, balances: "on" | "off") => {
  const r = axys([
    "partner",
    "visibility",
    "--tenant",
    t.tenant.slug,
    "--program",
    programId,
    "--transactions",
    "on",
    "--balances",
    balances,
    "--granularity",
    "individual",
  ]);
  expect(r.code, r.stderr).toBe(0);
};

const partnerPage = async (browser: Browser, t: DemoTenant) => {
  const partner = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await signInViaApi(partner, emailOf(t, "partner_viewer"));
  return partner;
};

test("partner visibility: the partner sees exactly what is exposed (masked transactions, no merchant or program column)", async ({
  page,
  tenant,
}) => {
  seed(tenant);
  const own = tenant.programs[1];
  expose(tenant, own.id, "on");
  await signInViaApi(page, emailOf(tenant, "partner_viewer"));
  await page.goto("/monitoring/balances");
  await expect(page.getByRole("heading", { name: "Current balances" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText([
    "My program",
    "Overview",
    "Transactions",
    "Balances",
  ]);
  await page.goto("/monitoring/transactions");
  const cells = page.getByRole("table", { name: "Transactions" }).locator("tbody tr");
  await expect(cells.first()).toBeVisible();
  const texts = await cells.allInnerTexts();
  expect(texts.length).toBeGreaterThan(0);
  expect(texts.filter((t) => !t.includes("••••"))).toEqual([]);
  await expect(page.getByRole("columnheader", { name: "Merchant" })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: "Program" })).toHaveCount(0);
});

test("partner visibility: another program of the same tenant is not found, on every surface and its export", async ({
  page,
  tenant,
}) => {
  const [other, own] = tenant.programs;
  expose(tenant, own.id, "on");
  await signInViaApi(page, emailOf(tenant, "partner_viewer"));
  for (const path of [
    `/monitoring/transactions?program=${other.id}`,
    `/monitoring?program=${other.id}`,
    `/monitoring/balances?program=${other.id}`,
    `/programs/${other.id}`,
    `/programs/${own.id}/partners`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Not found" }), path).toBeVisible();
  }
  expect((await page.request.get(`/monitoring/transactions/export?program=${other.id}`)).status()).toBe(404);
  // and its own program's export is there (the 404 above is not a broken route)
  expect((await page.request.get(`/monitoring/transactions/export?program=${own.id}`)).status()).toBe(200);
});

test("partner visibility: the admin's form exposes the balance page and, turned off, takes it away again (audited)", async ({
  page,
  browser,
  tenant,
}) => {
  const own = tenant.programs[1];
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${own.id}/partners`);
  await page.getByLabel("Transactions").check();
  await page.getByLabel("Granularity").selectOption("individual");
  await page.getByLabel("Balances").check();
  await page.getByRole("button", { name: "Save visibility" }).click();
  await expect(page.getByText("Partner visibility saved")).toBeVisible();

  const partner = await partnerPage(browser, tenant);
  await partner.goto("/monitoring/balances");
  // no balances were ingested in this test: the page is there, with its empty state
  await expect(partner.getByRole("heading", { name: "Balances", level: 1 })).toBeVisible();
  await expect(partner.getByText("No balances reported yet")).toBeVisible();
  const nav = partner.getByRole("navigation", { name: "Main" }).getByRole("link");
  await expect(nav).toHaveText(["My program", "Overview", "Transactions", "Balances"]);

  await page.getByLabel("Balances").uncheck();
  // the first save's toast may still be on screen, so a toast says nothing of this save: wait for its server action's
  // answer (sent once the action has run; the audit log below counts both saves)
  const saved = page.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/programs/${own.id}/partners`,
  );
  await page.getByRole("button", { name: "Save visibility" }).click();
  await saved;
  await expect(page.getByText("Partner visibility saved").last()).toBeVisible();
  await partner.goto("/monitoring/balances");
  await expect(partner.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(nav).toHaveText(["My program", "Overview", "Transactions"]);

  await page.goto("/audit?action=partner_visibility.updated");
  await expect(page.getByRole("cell", { name: "partner_visibility.updated" })).toHaveCount(2);
});

test("a tenant admin invites a partner user who sets a password and signs in to its program", async ({
  page,
  browser,
  tenant,
}) => {
  const own = tenant.programs[1];
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${own.id}/partners`);
  await page.getByLabel("Partner's email").fill(`invitee@${tenant.tenant.slug}.test`);
  await page.getByRole("button", { name: "Create invitation" }).click();
  const link = await page.getByRole("textbox", { name: "Invitation link" }).inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await page.getByRole("button", { name: "I have stored it" }).click();
  await expect(
    page.getByRole("table", { name: "Invitations" }).getByText(`invitee@${tenant.tenant.slug}.test`),
  ).toBeVisible();

  const invitee = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await invitee.goto(new URL(link).pathname);
  await expect(invitee.getByText(own.name)).toBeVisible();
  await invitee.getByLabel("Your name").fill("Ivy Invitee");
  await invitee.getByLabel("Choose a password").fill(PASSWORD);
  await invitee.getByLabel("Repeat the password").fill(`${PASSWORD}x`);
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.getByText("The passwords do not match.")).toBeVisible();
  await invitee.getByLabel("Repeat the password").fill(PASSWORD);
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.getByText(/Your account .* is ready/)).toBeVisible();
  await signInViaApi(invitee, `invitee@${tenant.tenant.slug}.test`);
  await invitee.goto("/");
  await expect(invitee.getByRole("heading", { name: own.name })).toBeVisible();
  // the link worked once
  await invitee.goto(new URL(link).pathname);
  await expect(invitee.getByRole("alert").filter({ hasText: "already used" })).toBeVisible();

  await page.reload();
  await expect(
    page.getByRole("table", { name: "Partner users" }).getByText(`invitee@${tenant.tenant.slug}.test`),
  ).toBeVisible();
});

test("a tenant viewer sees the partner page read-only and cannot invite", async ({ page, tenant }) => {
  const own = tenant.programs[1];
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto(`/programs/${own.id}/partners`);
  await expect(page.getByTestId("read-only-notice")).toHaveText(
    "Read-only. Only a tenant administrator can change this.",
  );
  await expect(page.getByLabel("Transactions")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Create invitation" })).toHaveCount(0);
});
