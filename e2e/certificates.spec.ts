import { readFile } from "node:fs/promises";
import { openssl, opensslCsr, writeTemp } from "../lib/testing/openssl";
import type { Page } from "@playwright/test";
import { axys, emailOf, expect, PASSWORD, signInViaApi, test, type DemoTenant } from "./fixtures";

const csrFor = (legalName: string, ou: string, host = "api.e2e.example") =>
  opensslCsr("ec:P-256", `/O=${legalName}/OU=${ou}/CN=${host}`);

/** Issues a production certificate for the Program through the CLI; returns its serial. */
function issueByCli(tenant: DemoTenant, programId: string) {
  const g = csrFor(tenant.tenant.name, programId);
  const r = axys([
    "cert",
    "issue",
    "--tenant",
    tenant.tenant.slug,
    "--program",
    programId,
    "--env",
    "production",
    "--csr",
    g.csrFile,
  ]);
  expect(r.code, r.stderr).toBe(0);
  return { serial: (r.json as { serial: string }).serial, dir: g.dir };
}

async function expectAudited(page: Page, action: string) {
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("cell", { name: action }).first()).toBeVisible();
}

test("submit a CSR after an organisation error, download the certificate and verify it with openssl", async ({
  page,
  tenant,
}) => {
  const program = tenant.programs[0];
  const legal = tenant.tenant.name; // demo tenants' legal name is their name
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/certificates");
  await page.getByRole("link", { name: `Manage certificates of ${program.name}` }).click();
  await expect(page.getByText("No valid production certificate")).toBeVisible();
  await expect(page.getByLabel("API user")).toHaveValue(""); // "New API user ..." (created with the certificate)

  // a CSR with the wrong organisation: specific error inline, nothing issued
  await page.getByLabel("CSR (PEM)").fill(csrFor("Someone Else", program.id).csrPem);
  await page.getByRole("button", { name: "Issue production certificate" }).click();
  await expect(
    page.getByText(`The CSR subject O is "Someone Else", but this tenant's legal name is "${legal}".`, {
      exact: false,
    }),
  ).toBeVisible();
  await expect(page.getByTestId("certificate")).toHaveCount(0);

  const first = csrFor(legal, program.id);
  await page.getByLabel("CSR (PEM)").fill(first.csrPem);
  await page.getByRole("button", { name: "Issue production certificate" }).click();
  await expect(page.getByText("Certificate issued")).toBeVisible();
  const firstCard = page.getByTestId("certificate").first();
  await expect(firstCard).toHaveAttribute("data-status", "active");
  await expect(firstCard.getByRole("link", { name: program.name })).toBeVisible(); // the API user created with it, named after the Program
  const firstSerial = (await firstCard.getAttribute("data-serial"))!;

  // download the leaf and check it against the CA with openssl
  const download = page.waitForEvent("download");
  await firstCard.getByRole("link", { name: "Certificate", exact: true }).click();
  const leafPath = (await (await download).path())!;
  const caPem = await (await page.request.get("/certificates/ca/production")).text();
  expect(openssl(["verify", "-CAfile", writeTemp(first.dir, "ca.pem", caPem), leafPath]).trim()).toMatch(/: OK$/);
  expect(openssl(["x509", "-in", leafPath, "-noout", "-serial"]).trim()).toBe(`serial=${firstSerial}`);
  const chain = await page.request.get(`/certificates/download/${await idOf(page, firstSerial)}?format=chain`);
  expect((await chain.text()).match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  await expectAudited(page, "certificate.issued");
});

test("renew with overlap, then retire the old certificate only after confirming", async ({ page, tenant }) => {
  const program = tenant.programs[0];
  const { serial: firstSerial } = issueByCli(tenant, program.id);
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/certificates/${program.id}`);
  await expect(page.locator(`[data-testid=certificate][data-serial="${firstSerial}"]`)).toHaveAttribute(
    "data-status",
    "active",
  );

  // renew: a second certificate while the first stays valid
  await page.getByLabel("CSR (PEM)").fill(csrFor(tenant.tenant.name, program.id).csrPem);
  await page.getByRole("button", { name: "Issue production certificate" }).click();
  await expect(page.getByText(/Renewal overlap: both certificates are accepted/)).toBeVisible();
  await expect(page.locator(`[data-testid=certificate][data-serial="${firstSerial}"]`)).toHaveAttribute(
    "data-status",
    "superseded",
  );
  await expect(page.locator('[data-testid=certificate][data-status="active"]')).toHaveCount(1);

  // retire the old one, with confirmation (cancel first: nothing happens)
  const old = page.locator(`[data-testid=certificate][data-serial="${firstSerial}"]`);
  await old.getByRole("button", { name: "Retire old certificate" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(old).toHaveAttribute("data-status", "superseded");
  await old.getByRole("button", { name: "Retire old certificate" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Retire" }).click();
  await expect(page.getByText("Old certificate retired")).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Certificate history" }).locator(`[data-serial="${firstSerial}"]`),
  ).toHaveAttribute("data-status", "revoked");
  await expectAudited(page, "certificate.retired");
});

test("revoke the current certificate with a reason; the CRL lists it", async ({ page, tenant }) => {
  const program = tenant.programs[0];
  const { serial, dir } = issueByCli(tenant, program.id);
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/certificates/${program.id}`);
  const card = page.locator(`[data-testid=certificate][data-serial="${serial}"]`);
  await expect(card).toHaveAttribute("data-status", "active");
  await card.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByLabel("Reason").selectOption("cessationOfOperation");
  await dialog.getByRole("button", { name: "Revoke certificate" }).click();
  await expect(page.getByText("Certificate revoked")).toBeVisible();
  await expect(page.getByText("No valid production certificate")).toBeVisible();
  const crl = await (await page.request.get("/certificates/crl/production")).text();
  const crlText = openssl(["crl", "-noout", "-text", "-in", writeTemp(dir, "crl.pem", crl)]);
  expect(crlText).toContain(`Serial Number: ${serial}`);
  expect(crlText).toContain("Cessation Of Operation");
  await expectAudited(page, "certificate.revoked");
});

test("the CSR form asks which API user the certificate is for: required when the Program has several", async ({
  page,
  tenant,
}) => {
  const program = tenant.programs[1];
  const legal = tenant.tenant.name;
  const users = ["Backend", "Batch"].map(
    (name) =>
      axys([
        "apiuser",
        "create",
        "--tenant",
        tenant.tenant.slug,
        "--pattern",
        "program",
        "--program",
        program.id,
        "--name",
        name,
      ]).json as { id: string },
  );
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/certificates/${program.id}`);
  await expect(page.getByLabel("API user")).toHaveValue("");
  await page.getByLabel("CSR (PEM)").fill(csrFor(legal, program.id).csrPem);
  await page.getByRole("button", { name: "Issue production certificate" }).click();
  await expect(
    page.getByText(
      `This scope has 2 API users (Backend (${users[0].id}), Batch (${users[1].id})): choose the one the certificate is for`,
    ),
  ).toBeVisible();
  await expect(page.getByTestId("certificate")).toHaveCount(0);

  await page.getByLabel("API user").selectOption({ label: "Batch" });
  await page.getByRole("button", { name: "Issue production certificate" }).click();
  await expect(page.getByText("Certificate issued")).toBeVisible();
  await expect(page.getByTestId("certificate").first().getByRole("link", { name: "Batch" })).toHaveAttribute(
    "href",
    `/api-users/${users[1].id}`,
  );
});

test("a viewer can download but not submit or revoke; another tenant's certificate is not found", async ({
  page,
  tenant,
}) => {
  const program = tenant.programs[1];
  const g = csrFor(tenant.tenant.name, program.id);
  const issued = axys([
    "cert",
    "issue",
    "--tenant",
    tenant.tenant.slug,
    "--program",
    program.id,
    "--env",
    "production",
    "--csr",
    g.csrFile,
  ]);
  expect(issued.code).toBe(0);
  const { serial, id: certId } = issued.json as { serial: string; id: string };

  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto(`/certificates/${program.id}`);
  const card = page.locator(`[data-testid=certificate][data-serial="${serial}"]`);
  await expect(card).toHaveAttribute("data-status", "active");
  await expect(page.getByLabel("CSR (PEM)")).toHaveCount(0);
  await expect(card.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  const download = page.waitForEvent("download");
  await card.getByRole("link", { name: "Certificate", exact: true }).click();
  expect(await readFile((await (await download).path())!, "utf8")).toContain("BEGIN CERTIFICATE");

  await page.goto("/credentials");
  await expect(page.getByRole("row", { name: new RegExp(`production.*${program.name}.*Valid`) })).toBeVisible();

  // another tenant: neither the page nor the download reveal the certificate
  const otherSlug = `${tenant.tenant.slug}-o`;
  expect(axys(["demo", "tenant", "--slug", otherSlug, "--password-stdin"], PASSWORD).code).toBe(0);
  await signInViaApi(page, `admin@${otherSlug}.test`);
  expect((await page.request.get(`/certificates/download/${certId}`)).status()).toBe(404);
  await page.goto(`/certificates/${program.id}`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

/** The certificate id behind a card's download link. */
async function idOf(page: import("@playwright/test").Page, serial: string): Promise<string> {
  const href = await page
    .locator(`[data-testid=certificate][data-serial="${serial}"]`)
    .getByRole("link", { name: "Certificate", exact: true })
    .getAttribute("href");
  return href!.split("/").pop()!.split("?")[0];
}
