import { axys, emailOf, expect, signInViaApi, test } from "./fixtures";

// Issue 14.3 beyond the transactions list (monitoring.spec.ts): a filter that does not parse lists nothing and
// offers no export, says why, and keeps the controls as given; the valid filter then lists what it says.
test("an invalid filter on the audit log or the balances shows its error, no rows and no export", async ({
  page,
  tenant,
}) => {
  const r = axys(["demo", "transactions", "--tenant", tenant.tenant.slug, "--count", "20", "--days", "3"]);
  expect(r.code, r.stderr).toBe(0);
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));

  // audit log: a valid action beside an impossible date
  await page.goto("/audit?action=program.created&from=2026-13-45");
  await expect(page.getByRole("alert").filter({ hasText: "The start date is not a calendar date." })).toBeVisible();
  await expect(page.getByLabel("Action")).toHaveValue("program.created");
  await expect(page.getByLabel("From")).toHaveValue(""); // the browser's date input cannot hold it: shown empty
  await expect(page.getByRole("table")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  expect((await page.request.get("/audit/export?action=program.created&from=2026-13-45")).status()).toBe(400);
  await page.goto("/audit?action=program.created&from=2026-01-01");
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(2); // the two demo Programs
  await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
  // a valid filter that matches nothing: the empty state, and no export of an empty file
  await page.goto("/audit?actor=nobody-matches%40example.invalid");
  await expect(page.getByText("No audit events match")).toBeVisible();
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  await page.goto("/monitoring/transactions?q=no-such-reference-anywhere");
  await expect(page.getByText("No transactions match")).toBeVisible();
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);

  // balances: a Program id no Program can have lists no balances (not the whole Tenant's under the filter)
  await page.goto(`/monitoring/balances?program=${"x".repeat(65)}`);
  await expect(page.getByRole("alert").filter({ hasText: "Not a program id." })).toBeVisible();
  await expect(page.getByText("No balances while a filter is not valid")).toBeVisible();
  await expect(page.getByRole("table", { name: "Current balances" })).toHaveCount(0);
  await page.goto(`/monitoring/balances?program=${tenant.programs[0].id}`);
  await expect(page.getByLabel("Program")).toHaveValue(tenant.programs[0].id);
  await expect(page.getByRole("table", { name: "Current balances" })).toBeVisible();
});
