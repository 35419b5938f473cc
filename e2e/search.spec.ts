import { emailOf, expect, signInViaApi, test } from "./fixtures";

test("Ctrl+K finds a Program and opens it, its id copies to the clipboard, and a partner finds no Program it was not given", async ({
  page,
  context,
  browser,
  tenant,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const [debit, travel] = tenant.programs;
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Home" })).toBeVisible();

  // the keyboard shortcut opens the palette; part of the name finds the Program; Enter opens it
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Search the portal" });
  await palette.getByRole("combobox").fill(debit.name.split(" ")[1].slice(0, 3).toLowerCase());
  const hit = palette.getByRole("option").filter({ hasText: debit.name });
  await expect(hit).toBeVisible();
  await expect(palette.getByRole("option").filter({ hasText: travel.name })).toHaveCount(0);
  await expect(hit).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`/programs/${debit.id}`);
  await expect(page.getByRole("heading", { name: debit.name })).toBeVisible();
  await expect(palette).toBeHidden();

  // the id's copy button: "Copied", announced, and the id on the clipboard
  await page.getByRole("button", { name: "Copy program id" }).click();
  await expect(page.getByText("Copied", { exact: true })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Copied program id" })).toHaveCount(1);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(debit.id);

  // a partner on a phone, through the header's Search button: its own Program is found, the other one is not
  const partner = await (
    await browser.newContext({ baseURL: test.info().project.use.baseURL, viewport: { width: 390, height: 844 } })
  ).newPage();
  await signInViaApi(partner, emailOf(tenant, "partner_viewer"));
  await partner.goto(`/programs/${travel.id}`);
  await partner.getByRole("button", { name: "Search" }).click();
  const theirs = partner.getByRole("dialog", { name: "Search the portal" });
  await theirs.getByRole("combobox").fill(debit.name);
  await expect(theirs.getByRole("status")).toHaveText(`No results for “${debit.name}”`);
  await expect(theirs.getByRole("option")).toHaveCount(0);
  await theirs.getByRole("combobox").fill(travel.name);
  await expect(theirs.getByRole("option").filter({ hasText: travel.name })).toBeVisible();
  await partner.keyboard.press("Escape");
  await expect(theirs).toBeHidden();
  await partner.context().close();
});
