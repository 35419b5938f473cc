import { axys, emailOf, expect, signInViaApi, test } from "./fixtures";

test("create an API user, issue a key shown once, rotate with overlap, respond to a compromise", async ({
  page,
  context,
  tenant,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const program = tenant.programs[0];
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/api-users");
  await expect(page.getByText("No API users yet")).toBeVisible();
  await page.getByRole("link", { name: "New API user" }).first().click();

  // program-level pattern without a program: inline error
  await page.getByLabel("Name").fill("Debit backend");
  await page.getByRole("button", { name: "Create API user" }).click();
  await expect(page.getByText("A program-level API user is bound to one Program: choose it.")).toBeVisible();
  await page.getByLabel("Program", { exact: true }).selectOption(program.id);
  await page.getByRole("button", { name: "Create API user" }).click();
  await expect(page.getByRole("heading", { name: "Debit backend" })).toBeVisible();

  // issue: the key is shown once, copied, and gone after a reload
  const production = page.getByRole("region", { name: "production credentials" });
  await production.getByRole("button", { name: "Issue production key" }).click();
  const dialog = page.getByRole("dialog", { name: "Copy your new API key now" });
  const key = await dialog.getByLabel("New API key").inputValue();
  expect(key).toMatch(/^axys_prd_p_[0-9A-Za-z]{32}$/);
  // the key is already active: neither Escape nor a click outside may close the only view of it
  await expect(dialog).toContainText("Escape and clicks outside do not close this");
  await page.keyboard.press("Escape");
  await page.mouse.click(5, 5);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("New API key")).toHaveValue(key);
  await dialog.getByRole("button", { name: "Copy key" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await dialog.getByRole("button", { name: "I have stored it" }).click();
  await page.reload();
  await expect(production.getByText(`axys_prd_p_…${key.slice(-4)}`)).toBeVisible();
  expect(await page.content()).not.toContain(key);

  // rotate with a 24 h overlap: both keys listed, the old one with its end time
  await production.getByRole("button", { name: "Rotate" }).click();
  const rotate = page.getByRole("alertdialog");
  await expect(rotate.getByLabel("Old key keeps working for")).toHaveValue("24h");
  await rotate.getByRole("button", { name: "Rotate key" }).click();
  const second = await page
    .getByRole("dialog", { name: "Copy your new API key now" })
    .getByLabel("New API key")
    .inputValue();
  expect(second).not.toBe(key);
  await page.getByRole("button", { name: "I have stored it" }).click();
  await expect(production.locator('[data-testid=api-key][data-status="overlap"]')).toContainText(`…${key.slice(-4)}`);
  await expect(production.locator('[data-testid=api-key][data-status="overlap"]')).toContainText(
    /Old key · expires in (\d+ hours|1 day)/,
  );
  await expect(production.locator('[data-testid=api-key][data-status="active"]')).toContainText(`…${second.slice(-4)}`);

  // compromise: confirmation with a reason, new key, old revoked at once
  const active = production.locator('[data-testid=api-key][data-status="active"]');
  await active.getByRole("button", { name: "Compromised…" }).click();
  const compromise = page.getByRole("alertdialog");
  await compromise.getByLabel("What happened").fill("committed to a public repository");
  await compromise.getByRole("button", { name: "Revoke and issue new key" }).click();
  const third = await page
    .getByRole("dialog", { name: "Copy your new API key now" })
    .getByLabel("New API key")
    .inputValue();
  await page.getByRole("button", { name: "I have stored it" }).click();
  await expect(production.locator('[data-testid=api-key][data-status="revoked"]')).toContainText(
    "compromised: committed to a public repository",
  );
  await expect(production.locator('[data-testid=api-key][data-status="active"]')).toContainText(`…${third.slice(-4)}`);

  await page.getByRole("link", { name: "Audit log" }).click();
  for (const action of ["api_user.created", "api_key.issued", "api_key.rotated", "api_key.compromised"]) {
    await expect(page.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
  const pageText = await page.content();
  for (const k of [key, second, third]) expect(pageText).not.toContain(k);
});

test("a viewer sees API users and masks but cannot issue or rotate", async ({ page, tenant }) => {
  const user = axys([
    "apiuser",
    "create",
    "--tenant",
    tenant.tenant.slug,
    "--pattern",
    "tenant_visibility",
    "--name",
    "Monitoring",
  ]).json as { id: string };
  const created = axys(["apikey", "create", "--apiuser", user.id, "--env", "staging"]).json as { key: string };
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto("/api-users");
  await expect(page.getByRole("link", { name: "New API user" })).toHaveCount(0);
  await page.getByRole("table").getByRole("link", { name: "Monitoring" }).click();
  const staging = page.getByRole("region", { name: "staging credentials" });
  await expect(staging.getByText(`axys_stg_t_…${created.key.slice(-4)}`)).toBeVisible();
  await expect(page.getByRole("button", { name: /Rotate|Revoke|Issue|Compromised|Disable/ })).toHaveCount(0);
  await page.goto("/api-users/new");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});
