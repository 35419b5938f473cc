import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { axys, emailOf, expect, PASSWORD, signInViaApi, test, type DemoTenant } from "./fixtures";

const CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const BECH32 = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
}

async function addAddress(page: Page, chain: string, address: string, label: string) {
  await page.getByLabel("Chain").selectOption({ label: chain });
  await page.getByLabel("Address", { exact: true }).fill(address);
  await page.getByLabel("Label", { exact: true }).fill(label);
  await page.getByRole("button", { name: "Add address" }).click();
}

const rows = (page: Page) => page.getByTestId("wallet");

test("an admin adds checked addresses (normalised) and removes one after confirming", async ({ page, tenant }) => {
  const program = tenant.programs[0];
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${program.id}`);
  await page.getByTestId("program-tabs").getByRole("link", { name: "Wallets", exact: true }).click();
  await expect(page.getByRole("heading", { name: `${program.name}: wallet whitelist` })).toBeVisible();
  await expect(page.getByTestId("program-tabs").getByRole("link", { name: "Overview", exact: true })).toHaveAttribute(
    "href",
    `/programs/${program.id}`,
  );
  await expect(page.getByText("No whitelisted addresses yet")).toBeVisible();

  // a mistyped EIP-55 address (one letter's case changed): refused inline, no correction offered, input kept
  const broken = "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
  await addAddress(page, "EVM", broken, "Treasury");
  await expect(page.getByText("EIP-55 checksum does not match: re-copy the address")).toBeVisible();
  await expect(page.getByLabel("Address", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Address", { exact: true })).toHaveValue(broken);
  await expect(page.getByText(CHECKSUMMED)).toHaveCount(0);
  await expect(rows(page)).toHaveCount(0);

  // the same address in lowercase: accepted and listed in its checksum form
  await addAddress(page, "EVM", CHECKSUMMED.toLowerCase(), "Treasury");
  const evmRow = rows(page).filter({ hasText: "Treasury" });
  await expect(evmRow).toHaveAttribute("data-address", CHECKSUMMED);
  await expect(evmRow.getByText(CHECKSUMMED, { exact: true })).toBeVisible();
  await expect(evmRow.getByText("EVM", { exact: true })).toBeVisible();
  await expect(evmRow).toContainText(emailOf(tenant, "tenant_admin"));
  await expect(page.getByLabel("Address", { exact: true })).toHaveValue("");

  // a Bitcoin bech32 address typed in uppercase: stored in lowercase
  await addAddress(page, "Bitcoin", BECH32.toUpperCase(), "Cold storage");
  const btcRow = rows(page).filter({ hasText: "Cold storage" });
  await expect(btcRow).toHaveAttribute("data-address", BECH32);
  await expect(btcRow.getByText("Bitcoin", { exact: true })).toBeVisible();
  await expect(rows(page)).toHaveCount(2);

  // a duplicate is refused inline
  await addAddress(page, "EVM", CHECKSUMMED, "Again");
  await expect(page.getByText(`This EVM address is already on this Program's whitelist ("Treasury").`)).toBeVisible();

  // remove: cancel first (nothing happens), then confirm
  await evmRow.getByRole("button", { name: "Remove Treasury" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(CHECKSUMMED);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await page.reload();
  await expect(rows(page)).toHaveCount(2);
  await rows(page).filter({ hasText: "Treasury" }).getByRole("button", { name: "Remove Treasury" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove address" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute("data-address", BECH32);
  await page.reload();
  await expect(rows(page)).toHaveCount(1);

  await page.getByRole("link", { name: "Audit log" }).click();
  for (const action of ["wallet.added", "wallet.removed"]) {
    await expect(page.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
});

/** The admin adds one Solana address through the page (wallets have no CLI); returns the page's URL. */
async function withOneAddress(page: Page, tenant: DemoTenant, programId: string) {
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${programId}/wallets`);
  await addAddress(page, "Solana", "So11111111111111111111111111111111111111112", "Solana payouts");
  await expect(rows(page)).toHaveCount(1);
  return `/programs/${programId}/wallets`;
}

test("a viewer sees the whitelist read-only", async ({ page, browser, tenant }) => {
  const program = tenant.programs[0];
  await withOneAddress(page, tenant, program.id);

  const viewer = await newPage(browser);
  await signInViaApi(viewer, emailOf(tenant, "tenant_viewer"));
  await viewer.goto(`/programs/${program.id}`);
  await viewer.getByTestId("program-tabs").getByRole("link", { name: "Wallets", exact: true }).click();
  await expect(viewer.getByRole("heading", { name: `${program.name}: wallet whitelist` })).toBeVisible();
  await expect(rows(viewer)).toHaveCount(1);
  await expect(rows(viewer).first()).toContainText("So11111111111111111111111111111111111111112");
  await expect(rows(viewer).first()).toContainText("Solana payouts");
  await expect(viewer.getByRole("heading", { name: "Add an address" })).toHaveCount(0);
  await expect(viewer.getByLabel("Address", { exact: true })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Remove|Add/ })).toHaveCount(0);
});

test("a partner of the same tenant has no wallet permission: no link, and the URL is a 404", async ({
  page,
  tenant,
}) => {
  const own = tenant.users.find((u) => u.role === "partner_viewer")!.programId!;
  await signInViaApi(page, emailOf(tenant, "partner_viewer"));
  await page.goto(`/programs/${own}`);
  await expect(page.getByTestId("program-id")).toHaveText(own);
  await expect(page.getByRole("link", { name: "Wallets", exact: true })).toHaveCount(0);
  await page.goto(`/programs/${own}/wallets`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("another tenant's admin gets Not found, and nothing of the list leaks", async ({ page, browser, tenant }) => {
  const url = await withOneAddress(page, tenant, tenant.programs[0].id);
  const slug = `e2e-${randomBytes(4).toString("hex")}`;
  const created = axys(["demo", "tenant", "--slug", slug, "--name", `Tenant ${slug}`, "--password-stdin"], PASSWORD);
  expect(created.code).toBe(0);
  const outsider = await newPage(browser);
  await signInViaApi(outsider, emailOf(created.json as DemoTenant, "tenant_admin"));
  await outsider.goto(url);
  await expect(outsider.getByRole("heading", { name: "Not found" })).toBeVisible();
  expect(await outsider.content()).not.toContain("Solana payouts");
});
