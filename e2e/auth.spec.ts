import { emailOf, expect, PASSWORD, test } from "./fixtures";

test("signs in with a wrong password then the right one, and signs out", async ({ page, tenant }) => {
  await page.goto("/programs");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(emailOf(tenant, "tenant_admin"));
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/programs$/);
  await expect(page.getByRole("heading", { name: "Programs" })).toBeVisible();
  await expect(page.getByTestId("tenant-name")).toHaveText(tenant.tenant.name);

  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/programs");
  await expect(page).toHaveURL(/\/login/);
});

test("throttles repeated failed sign-ins with a clear message", async ({ page, tenant }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(emailOf(tenant, "tenant_viewer"));
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Password").fill(`wrong-${i}-password`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Wrong email or password.")).toBeVisible();
  }
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./)).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});
