import type { Page } from "@playwright/test";
import { axys, emailOf, expect, signInViaApi, test, type DemoTenant } from "./fixtures";

const IBAN = "GB82WEST12345698765432";
const IBAN_PRINT = "GB82 WEST 1234 5698 7654 32";

function setIban(tenant: DemoTenant, programId: string) {
  const r = axys([
    "bank",
    "set",
    "--tenant",
    tenant.tenant.slug,
    "--program",
    programId,
    "--scheme",
    "iban",
    "--account",
    IBAN_PRINT,
    "--bic",
    "NWBKGB2L",
    "--holder",
    "Acme Cards Ltd",
    "--reference",
    "AXYS-{cardholderId}",
  ]);
  expect(r.code, `${JSON.stringify(r.json)}\n${r.stderr}`).toBe(0);
  expect(JSON.stringify(r.json)).not.toContain(IBAN);
}

const field = (page: Page, name: string) => page.locator(`[data-testid=bank-field][data-field=${name}]`);

async function expectMasked(page: Page) {
  await expect(field(page, "accountNumber")).toContainText("IBAN");
  await expect(field(page, "accountNumber")).toContainText("•••• 5432");
  await expect(field(page, "bic")).toContainText("NWBKGB2L");
  await expect(field(page, "paymentReferenceFormat")).toContainText("AXYS-{cardholderId}");
  await expect(field(page, "accountHolder")).toContainText("Acme Cards Ltd");
  const html = await page.content(); // the HTML and the RSC payload: the clear IBAN must not be anywhere in it
  expect(html).not.toContain(IBAN);
  expect(html).not.toContain(IBAN_PRINT);
}

test("an admin sees masked bank credentials, reveals them after confirming, and the reveal is audited", async ({
  page,
  tenant,
}) => {
  const program = tenant.programs[0];
  setIban(tenant, program.id);
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${program.id}/bank`);
  await expect(page.getByRole("heading", { name: `${program.name}: inbound bank account` })).toBeVisible();
  await expect(page.getByTestId("program-tabs").getByRole("link", { name: "Overview", exact: true })).toHaveAttribute(
    "href",
    `/programs/${program.id}`,
  );
  await expect(page.getByTestId("program-tabs").getByRole("link", { name: "Bank", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expectMasked(page);

  // cancel: nothing revealed
  await page.getByRole("button", { name: "Reveal" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("The reveal is recorded in the audit log");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(field(page, "accountNumber")).toContainText("•••• 5432");
  await expect(page.getByText(IBAN_PRINT)).toHaveCount(0);

  // confirm: the clear values replace the masks, each with a copy button
  await page.getByRole("button", { name: "Reveal" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Reveal" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(field(page, "accountNumber")).toContainText(IBAN_PRINT);
  await expect(field(page, "accountNumber")).not.toContainText("••••");
  await expect(field(page, "accountNumber").getByRole("button", { name: "Copy IBAN" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "recorded in the audit log" })).toBeVisible();

  // one reveal, one audit event (the cancelled one wrote none)
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "bank_credentials.revealed", exact: true })).toHaveCount(1);
  await expect(page.getByRole("cell", { name: "bank_credentials.set", exact: true })).toHaveCount(1);
  expect(await page.content()).not.toContain(IBAN);

  // leaving the page masks them again
  await page.goto(`/programs/${program.id}/bank`);
  await expectMasked(page);
});

const setUk = (tenant: DemoTenant, programId: string) => {
  const uk = axys([
    "bank",
    "set",
    "--tenant",
    tenant.tenant.slug,
    "--program",
    programId,
    "--scheme",
    "uk",
    "--account",
    "31926819",
    "--routing",
    "60-16-13",
    "--bic",
    "NWBKGB2L",
    "--holder",
    "Acme Cards Ltd",
    "--reference",
    "AXYS {cardholderId}",
  ]);
  expect(uk.code, JSON.stringify(uk.json)).toBe(0);
};

test("a viewer sees the empty state before Axys sets the bank credentials", async ({ page, tenant }) => {
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto(`/programs/${tenant.programs[1].id}/bank`);
  await expect(page.getByText("No bank credentials yet")).toBeVisible();
  await expect(page.getByText("Axys sets these when the Program's bank account is opened.")).toBeVisible();
});

test("a viewer sees masks and no Reveal or copy button for the secret fields", async ({ page, tenant }) => {
  const program = tenant.programs[1];
  setUk(tenant, program.id);
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto(`/programs/${program.id}/bank`);
  await expect(field(page, "accountNumber")).toContainText("Account number");
  await expect(field(page, "accountNumber")).toContainText("•••• 6819");
  await expect(field(page, "routingCode")).toContainText("Sort code");
  await expect(field(page, "routingCode")).toContainText("••-16-13");
  await expect(page.getByRole("button", { name: "Reveal" })).toHaveCount(0);
  await expect(field(page, "accountNumber").getByRole("button")).toHaveCount(0);
  await expect(field(page, "routingCode").getByRole("button")).toHaveCount(0);
  await expect(field(page, "bic").getByRole("button", { name: "Copy BIC" })).toBeVisible();
  expect(await page.content()).not.toContain("31926819");
  // the viewer cannot call the reveal either: the service refuses it (covered in lib/bank/service.test.ts)
});

test("another tenant's admin gets Not found for a Program's bank credentials", async ({ page, tenant }) => {
  const program = tenant.programs[1];
  setUk(tenant, program.id);
  const other = `${tenant.tenant.slug}-b`;
  expect(axys(["demo", "tenant", "--slug", other, "--password-stdin"], "e2e-password-123").code).toBe(0);
  await signInViaApi(page, `admin@${other}.test`);
  await page.goto(`/programs/${program.id}/bank`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByText("•••• 6819")).toHaveCount(0);
});
