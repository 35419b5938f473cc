import { axys, emailOf, expect, PASSWORD, test } from "./fixtures";

test("sign in to the dashboard, see a failing webhook, follow an onboarding step into the Program's tabs in its environment", async ({
  page,
  tenant,
}) => {
  test.setTimeout(90_000);
  const program = tenant.programs[0];
  // nothing listens on port 1: the app's worker fails the endpoint's verification
  expect(
    axys([
      "webhook",
      "add",
      "--tenant",
      tenant.tenant.slug,
      "--url",
      "https://127.0.0.1:1/hooks",
      "--events",
      "certificate.issued",
    ]).code,
  ).toBe(0);

  await page.goto("/login");
  await page.getByLabel("Email").fill(emailOf(tenant, "tenant_admin"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Home" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/");
  // the tab's icon (issue 14.10): declared, and served
  const icon = await page.locator("link[rel=icon]").first().getAttribute("href");
  const served = await page.request.get(icon!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toContain("image/svg+xml");

  const failing = page
    .getByRole("list", { name: "Webhooks needing attention" })
    .getByRole("listitem")
    .filter({ hasText: "127.0.0.1:1" });
  await expect(async () => {
    await page.reload();
    await expect(failing.getByText("Verification failed")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  // an onboarding step of one environment carries it: from staging, the link lands in production
  await page.getByRole("radio", { name: "Staging" }).click();
  await expect(page.getByRole("radio", { name: "Staging" })).toHaveAttribute("aria-checked", "true");
  await page
    .getByRole("list", { name: "Onboarding left" })
    .getByRole("listitem")
    .filter({ hasText: program.name })
    .getByRole("link", { name: "Program certificate issued" })
    .click();
  await expect(page).toHaveURL(new RegExp(`/certificates/${program.id}$`));
  await expect(page.getByRole("radio", { name: "Production" })).toHaveAttribute("aria-checked", "true");
  const tabs = page.getByTestId("program-tabs");
  await expect(tabs.getByRole("link", { name: "Certificates", exact: true })).toHaveAttribute("aria-current", "page");

  // a tenant-wide section keeps the Program preselected and its tab marked
  await tabs.getByRole("link", { name: "Webhooks", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks\\?program=${program.id}$`));
  await expect(tabs.getByRole("link", { name: "Webhooks", exact: true })).toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: "https://127.0.0.1:1/hooks" }).click();
  await expect(page.getByRole("heading", { name: "Webhook endpoint" })).toBeVisible();

  // an environment parameter other than staging or production switches nothing and is dropped
  await page.goto(`/programs/${program.id}/fees?env=Staging`);
  await expect(page).toHaveURL(new RegExp(`/programs/${program.id}/fees$`));
  await expect(page.getByRole("radio", { name: "Production" })).toHaveAttribute("aria-checked", "true");
  await expect(tabs.getByRole("link", { name: "Fees", exact: true })).toHaveAttribute("aria-current", "page");
});

test("a signed-out browser keeps a link's environment through sign-in, and gets no cookie from the link itself", async ({
  page,
  tenant,
}) => {
  const program = tenant.programs[0];
  await page.goto(`/programs/${program.id}/fees?env=staging`);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe(`/programs/${program.id}/fees?env=staging`);
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("axys_env");
  await page.getByLabel("Email").fill(emailOf(tenant, "tenant_admin"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/programs/${program.id}/fees$`));
  await expect(page.getByRole("radio", { name: "Staging" })).toHaveAttribute("aria-checked", "true");
});
