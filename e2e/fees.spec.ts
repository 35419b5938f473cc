import { axys, emailOf, expect, signInViaApi, test } from "./fixtures";

test("edit a fee schedule: a value below the platform minimum is refused, then saved, then previewed", async ({
  page,
  tenant,
}) => {
  const program = tenant.programs[0]; // EUR, created with "Standard debit": version 1 is the template
  const m = axys([
    "fees",
    "minimum-set",
    "--fee-type",
    "atm_withdrawal",
    "--currency",
    "EUR",
    "--min-fixed",
    "1.50",
    "--min-rate-bps",
    "0",
    "--reason",
    "network cost",
  ]);
  expect(m.code, m.stderr).toBe(0);

  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${program.id}/fees`);
  await expect(page.locator('[data-fee-type="atm_withdrawal"] [data-testid="fee-minimum"]')).toHaveText(
    "Platform minimum 1.50 EUR (network cost)",
  );
  await expect(page.getByTestId("fee-version")).toHaveCount(1);

  await page.getByLabel("ATM withdrawal fixed amount").fill("1.00");
  await page.getByLabel("ATM withdrawal tenant share %").fill("60");
  await page.getByLabel("ATM withdrawal program share %").fill("40");
  await page.getByLabel("FX / cross-border cap").fill("10.00");
  await page.getByRole("button", { name: "Save as new version" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Save version 2" }).click();
  await expect(
    page.getByText("The platform minimum for ATM withdrawal is 1.50 EUR (reason: network cost): 1.00 is below it."),
  ).toBeVisible();
  await expect(page.getByLabel("ATM withdrawal fixed amount")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("fee-version")).toHaveCount(1);

  await page.getByLabel("ATM withdrawal fixed amount").fill("2.00");
  await page.getByRole("button", { name: "Save as new version" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Save version 2" }).click();
  await expect(page.getByTestId("fee-version").first()).toHaveAttribute("data-version", "2");
  await expect(page.getByTestId("fee-version").first()).toContainText("in force");
  await expect(page.getByText("The platform minimum for ATM withdrawal")).toHaveCount(0);

  await page.getByLabel("Example amount (EUR)").fill("100.00");
  const atm = page.locator('[data-testid="preview-line"][data-fee-type="atm_withdrawal"]');
  await expect(atm).toContainText("2.00 EUR");
  await expect(atm.locator("td").nth(4)).toHaveText("1.20 EUR"); // tenant 60 %
  await expect(atm.locator("td").nth(5)).toHaveText("0.80 EUR"); // program 40 %
  const fx = page.locator('[data-testid="preview-line"][data-fee-type="fx_cross_border"]');
  await expect(fx.locator("td").nth(3)).toHaveText("1.50 EUR"); // 150 bps of 100.00
  await expect(page.getByTestId("preview-total").locator("td").nth(3)).toHaveText("3.50 EUR");
  await expect(page.getByTestId("preview-total").locator("td").nth(4)).toHaveText("1.95 EUR");
  await expect(page.getByTestId("preview-total").locator("td").nth(5)).toHaveText("1.55 EUR");
});

test("a program created with Standard debit starts with its fees; a change is previewed unsaved, reviewed as a diff, then saved", async ({
  page,
  tenant,
}) => {
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/programs/new");
  await page.getByLabel("Program name").fill("Acme Everyday");
  await page.getByLabel("Transaction-limit ceiling").fill("2000.00");
  await page.getByRole("radio", { name: /Standard debit/ }).check();
  await page.getByRole("button", { name: "Create program" }).click();
  await expect(page.getByRole("heading", { name: "Acme Everyday" })).toBeVisible();
  await page.goto(`/programs/${(await page.getByTestId("program-id").textContent())!.trim()}/fees`);

  // the template's values, as version 1
  await expect(page.getByTestId("fee-version")).toHaveCount(1);
  await expect(page.getByTestId("fee-version-note")).toHaveText("From the Standard debit template.");
  await expect(page.getByLabel("Card issuance enabled")).toBeChecked();
  await expect(page.getByLabel("Card issuance fixed amount")).toHaveValue("5.00");
  await expect(page.getByLabel("Monthly maintenance fixed amount")).toHaveValue("1.00");
  await expect(page.getByLabel("FX / cross-border rate (bps)")).toHaveValue("150");
  await expect(page.getByLabel("ATM withdrawal fixed amount")).toHaveValue("2.00");
  await expect(page.getByLabel("Top-up / deposit enabled")).not.toBeChecked();
  const fx = page.locator('[data-testid="preview-line"][data-fee-type="fx_cross_border"]');
  await expect(fx.locator("td").nth(3)).toHaveText("1.50 EUR");
  await expect(page.getByTestId("preview-source")).toHaveText("100.00 EUR under version 1");

  // the preview follows the unsaved form
  await page.getByLabel("FX / cross-border rate (bps)").fill("200");
  await expect(fx.locator("td").nth(3)).toHaveText("2.00 EUR");
  await expect(page.getByTestId("preview-source")).toHaveText("100.00 EUR under the values in the form (unsaved)");
  await expect(page.getByTestId("preview-total").locator("td").nth(3)).toHaveText("4.00 EUR"); // + ATM 2.00

  // saving shows what changes and when, and saves only on confirmation
  await page.getByRole("button", { name: "Save as new version" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog.getByTestId("takes-effect")).toHaveText("Takes effect now.");
  await expect(dialog.getByTestId("fee-change")).toHaveCount(1);
  await expect(dialog.getByTestId("fee-change")).toHaveText(/FX \/ cross-border rate \(bps\)\s*150\s*200/);
  await dialog.getByRole("button", { name: "Save version 2" }).click();
  await expect(page.getByTestId("fee-version").first()).toHaveAttribute("data-version", "2");
  await expect(page.getByTestId("fee-version").first()).toContainText("in force");
  await expect(page.getByTestId("preview-source")).toHaveText("100.00 EUR under version 2");

  // the same values again change nothing: refused before anything is sent
  await page.getByRole("button", { name: "Save as new version" }).click();
  await expect(
    page.getByText("Nothing to save: these values are version 2's, the schedule in force now. Change a value first."),
  ).toBeVisible();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
});

test("the viewer reads the fee schedule without a save button", async ({ page, tenant }) => {
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto(`/programs/${tenant.programs[1].id}/fees`);
  await expect(page.getByLabel("ATM withdrawal fixed amount")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save as new version" })).toHaveCount(0);
});
