import { emailOf, expect, signInViaApi, test } from "./fixtures";

test("creates a program after an inline field error, lists it and shows its audit event", async ({ page, tenant }) => {
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/programs");
  await page.getByRole("link", { name: "New program" }).click();

  await page.getByLabel("Program name").fill("Acme Rewards");
  await page.getByLabel("Base currency").selectOption("EUR");
  await page.getByLabel("Transaction-limit ceiling").fill("1000.123");
  await page.getByRole("button", { name: "Create program" }).click();
  await expect(page.getByText("EUR has 2 decimal places: 1000.123 has 3.")).toBeVisible();
  await expect(page.getByLabel("Transaction-limit ceiling")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Transaction-limit ceiling").fill("1000.50");
  await page.getByText("Prepaid lite").click();
  await page.getByRole("button", { name: "Create program" }).click();
  await expect(page.getByRole("heading", { name: "Acme Rewards" })).toBeVisible();
  const programId = (await page.getByTestId("program-id").textContent())!.trim();
  expect(programId).toMatch(/^prg_[a-z2-7]{16}$/);
  await expect(page.getByRole("list", { name: "Onboarding checklist" })).toContainText("Program created");

  await page.getByRole("link", { name: "Programs" }).first().click();
  const row = page.getByRole("row", { name: /Acme Rewards/ });
  await expect(row).toContainText(programId);
  await expect(row).toContainText("1,000.50 EUR");
  await expect(row).toContainText("Prepaid lite");

  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Action").selectOption("program.created");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("row", { name: new RegExp(`program:${programId}`) })).toContainText(
    emailOf(tenant, "tenant_admin"),
  );
});

test("refuses a duplicate name on the server and keeps what was typed", async ({ page, tenant }) => {
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/programs/new");
  await page.getByLabel("Program name").fill(tenant.programs[0].name);
  await page.getByLabel("Transaction-limit ceiling").fill("10");
  await page.getByRole("button", { name: "Create program" }).click();
  await expect(
    page.getByText(`A program named "${tenant.programs[0].name}" already exists in this tenant.`),
  ).toBeVisible();
  await expect(page.getByLabel("Transaction-limit ceiling")).toHaveValue("10");
});

test("search narrows the list and explains an empty result", async ({ page, tenant }) => {
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto("/programs");
  await page.getByLabel("Search programs").fill("travel");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("row")).toHaveCount(2); // header + one program
  await page.getByLabel("Search programs").fill("no-such-program");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText('No program matches "no-such-program"')).toBeVisible();
});

test("configuration is editable in production and read-only with the reason in staging", async ({ page, tenant }) => {
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${tenant.programs[0].id}`);
  await page.getByLabel(/Transaction-limit ceiling/).fill("7500.00");
  await page.getByLabel("3-D Secure").uncheck();
  await page.getByRole("button", { name: "Save configuration" }).click();
  await expect(page.getByText("Configuration saved")).toBeVisible();

  await page.getByRole("radio", { name: "Staging" }).click();
  await expect(page.getByRole("note")).toContainText("Program configuration exists only in production");
  await expect(page.getByRole("button", { name: "Save configuration" })).toHaveCount(0);
  await expect(page.getByText("7,500.00 EUR")).toBeVisible();

  await page.getByRole("radio", { name: "Production" }).click();
  await expect(page.getByLabel(/Transaction-limit ceiling/)).toHaveValue("7500.00");
  await expect(page.getByLabel("3-D Secure")).not.toBeChecked();
});
