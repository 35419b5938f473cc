import type { Browser, Page } from "@playwright/test";
import { axys, emailOf, expect, PASSWORD, signInViaApi, test, type DemoTenant } from "./fixtures";

/** The admin applies for the sender ID "AcmeCards" on the Program's page (requests have no CLI for tenants). */
async function applyForSenderId(page: Page, tenant: DemoTenant) {
  const program = tenant.programs[0];
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${program.id}/sms-sender`);
  await page.getByLabel("Sender ID").fill("AcmeCards");
  await page.getByLabel("Countries").fill("GB, DE");
  await page.getByLabel("What the messages are for").fill("One-time passwords for online payments");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("request").first()).toHaveAttribute("data-status", "submitted");
}

async function staffPage(browser: Browser, tenant: DemoTenant) {
  const staffEmail = `staff-r-${tenant.tenant.slug}@axys.test`;
  expect(
    axys(["user", "create", "--email", staffEmail, "--role", "staff_reviewer", "--password-stdin"], PASSWORD).code,
  ).toBe(0);
  const staff = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await signInViaApi(staff, staffEmail);
  await staff.goto(`/staff?tenant=${tenant.tenant.id}`); // this test's tenant only: other tests run in parallel
  await staff.getByRole("link", { name: "SMS sender ID: AcmeCards" }).first().click();
  return staff;
}

test("apply for an SMS sender ID after a rule error", async ({ page, tenant }) => {
  const program = tenant.programs[0];
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${program.id}`);
  await page.getByTestId("program-tabs").getByRole("link", { name: "SMS sender", exact: true }).click();
  await page.getByLabel("Sender ID").fill("INFO");
  await page.getByLabel("Countries").fill("GB, DE");
  await page.getByLabel("What the messages are for").fill("One-time passwords for online payments");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText('"INFO" is a generic word carriers refuse; use your brand name.')).toBeVisible();
  await expect(page.getByTestId("request")).toHaveCount(0);
  await page.getByLabel("Sender ID").fill("AcmeCards");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("request").first()).toHaveAttribute("data-status", "submitted");
  await expect(page.getByTestId("request")).toHaveCount(1);
});

test("staff start reviewing an SMS sender ID; the tenant then sees it in review and cannot edit it", async ({
  page,
  browser,
  tenant,
}) => {
  await applyForSenderId(page, tenant);
  const staff = await staffPage(browser, tenant);
  await staff.getByRole("button", { name: "Start review" }).click();
  await expect(staff.getByText("In review: the tenant cannot edit it now")).toBeVisible();

  await page.reload();
  await expect(page.getByTestId("request").first()).toHaveAttribute("data-status", "in_review");
  await expect(page.getByRole("button", { name: "Update application" })).toHaveCount(0);
});

test("staff approve an SMS sender ID after a confirmation; times are relative with the exact UTC time on hover, amounts grouped", async ({
  page,
  browser,
  tenant,
}) => {
  const program = tenant.programs[0]; // EUR
  const txn = {
    id: `txn-fmt-${tenant.tenant.slug}`,
    programId: program.id,
    type: "purchase",
    status: "completed",
    amount: "1234.5",
    currency: "EUR",
    cardLast4: "4242",
    cardholderRef: "ch-fmt",
    createdAt: new Date().toISOString(),
  };
  expect(
    axys(["transactions", "ingest", "--tenant", tenant.tenant.slug, "--file", "-"], JSON.stringify([txn])).code,
  ).toBe(0);
  await applyForSenderId(page, tenant);
  await page.goto(`/monitoring/transactions?q=${txn.id}`);
  await expect(page.getByRole("row").filter({ hasText: "1,234.50 EUR" })).toHaveCount(1);

  const staff = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  const staffEmail = `staff-r-${tenant.tenant.slug}@axys.test`;
  expect(
    axys(["user", "create", "--email", staffEmail, "--role", "staff_reviewer", "--password-stdin"], PASSWORD).code,
  ).toBe(0);
  await signInViaApi(staff, staffEmail);
  await staff.goto(`/staff?tenant=${tenant.tenant.id}`);
  const row = staff.getByRole("row").filter({ hasText: "SMS sender ID: AcmeCards" });
  await expect(row.getByText("Submitted", { exact: true })).toBeVisible();
  const submitted = row.locator("time");
  await expect(submitted).toHaveText(/^(just now|\d+ min ago)$/);
  await expect(submitted).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  await row.getByRole("link", { name: "SMS sender ID: AcmeCards" }).click();
  await expect(staff.getByText("What the messages are for")).toBeVisible();

  await staff.getByRole("button", { name: "Start review" }).click();
  await expect(staff.getByText("In review: the tenant cannot edit it now")).toBeVisible();
  // Cancel sends nothing; only the confirmation decides
  await staff.getByRole("button", { name: "Approve" }).click();
  await staff
    .getByRole("alertdialog", { name: "Approve SMS sender ID AcmeCards?" })
    .getByRole("button", { name: "Cancel" })
    .click();
  await expect(staff.getByText("In review", { exact: true })).toBeVisible();
  await staff.getByRole("button", { name: "Approve" }).click();
  await staff.getByRole("alertdialog").getByRole("button", { name: "Approve request" }).click();
  await expect(staff).toHaveURL(/\/staff$/);
  await page.goto(`/programs/${program.id}/sms-sender`);
  await expect(page.getByTestId("request").first()).toHaveAttribute("data-status", "approved");
  await expect(page.getByTestId("request").first().getByText("Approved", { exact: true })).toBeVisible();
});

test("request a substitute deposit address type; the viewer sees it read-only", async ({ page, tenant }) => {
  const program = tenant.programs[1];
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${program.id}/deposit-addresses`);
  await expect(page.getByRole("list", { name: "Active deposit address types" })).toHaveText(/EVM.*BTC.*SOL/);
  await page.getByLabel("Address type", { exact: true }).selectOption("TRON");
  await page.getByLabel("Request").selectOption("substitute");
  await page.getByLabel("Justification").fill("USDT on Tron for LATAM cardholders");
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page.getByText("Say which default type it substitutes.")).toBeVisible();
  await page.getByLabel("Instead of").selectOption("SOL");
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page.getByTestId("request").first()).toContainText("TRON");
  await expect(page.getByTestId("request").first()).toContainText("instead of SOL");

  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto(`/programs/${program.id}/deposit-addresses`);
  await expect(page.getByTestId("request").first()).toHaveAttribute("data-status", "submitted");
  await expect(page.getByRole("button", { name: "Submit request" })).toHaveCount(0);
});
