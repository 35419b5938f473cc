import { axys, emailOf, expect, signInViaApi, test } from "./fixtures";

test("edit a fee schedule: a value below the platform minimum is refused, then saved, then previewed", async ({ page, tenant }) => {
  const program = tenant.programs[0]; // EUR
  const m = axys(["fees", "minimum-set", "--fee-type", "atm_withdrawal", "--currency", "EUR", "--min-fixed", "1.50", "--min-rate-bps", "0", "--reason", "network cost"]);
  expect(m.code, m.stderr).toBe(0);

  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${program.id}/fees`);
  await expect(page.locator('[data-fee-type="atm_withdrawal"] [data-testid="fee-minimum"]')).toHaveText("Platform minimum 1.50 EUR (network cost)");

  await page.getByLabel("ATM withdrawal enabled").check();
  await page.getByLabel("ATM withdrawal fixed amount").fill("1.00");
  await page.getByLabel("ATM withdrawal tenant share %").fill("60");
  await page.getByLabel("ATM withdrawal program share %").fill("40");
  await page.getByLabel("FX / cross-border enabled").check();
  await page.getByLabel("FX / cross-border rate (bps)").fill("150");
  await page.getByLabel("FX / cross-border cap").fill("10.00");
  await page.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByText("The platform minimum for ATM withdrawal is 1.50 EUR (reason: network cost): 1.00 is below it.")).toBeVisible();
  await expect(page.getByLabel("ATM withdrawal fixed amount")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("fee-version")).toHaveCount(0);

  await page.getByLabel("ATM withdrawal fixed amount").fill("2.00");
  await page.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByTestId("fee-version").first()).toHaveAttribute("data-version", "1");
  await expect(page.getByTestId("fee-version").first()).toContainText("in force");
  await expect(page.getByText("The platform minimum for ATM withdrawal")).toHaveCount(0);

  await page.getByLabel("Example amount (EUR)").fill("100.00");
  await page.getByRole("button", { name: "Preview" }).click();
  const atm = page.locator('[data-testid="preview-line"][data-fee-type="atm_withdrawal"]');
  await expect(atm).toContainText("2.00");
  await expect(atm.locator("td").nth(4)).toHaveText("1.20"); // tenant 60 %
  await expect(atm.locator("td").nth(5)).toHaveText("0.80"); // program 40 %
  const fx = page.locator('[data-testid="preview-line"][data-fee-type="fx_cross_border"]');
  await expect(fx.locator("td").nth(3)).toHaveText("1.50"); // 150 bps of 100.00
  await expect(page.getByTestId("preview-total").locator("td").nth(3)).toHaveText("3.50");
  await expect(page.getByTestId("preview-total").locator("td").nth(4)).toHaveText("1.95");
  await expect(page.getByTestId("preview-total").locator("td").nth(5)).toHaveText("1.55");
});

test("the viewer reads the fee schedule without a save button", async ({ page, tenant }) => {
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto(`/programs/${tenant.programs[1].id}/fees`);
  await expect(page.getByLabel("ATM withdrawal fixed amount")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save as new version" })).toHaveCount(0);
});
