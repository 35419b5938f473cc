import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page, Request } from "@playwright/test";
import { openssl, writeTemp } from "../lib/testing/openssl";
import { axys, emailOf, expect, PASSWORD, signInViaApi, test } from "./fixtures";

/** Everything the page sends (URL and body), to prove afterwards that the private key was not in it. */
function recordRequests(page: Page): string[] {
  const sent: string[] = [];
  const onRequest = (r: Request) =>
    sent.push(`${r.method()} ${r.url()}\n${r.postDataBuffer()?.toString("latin1") ?? ""}`);
  page.on("request", onRequest);
  return sent;
}

async function generate(page: Page, host: string, keyType: string) {
  await page.getByRole("button", { name: "Generate a key pair in this browser" }).click();
  await page.getByLabel("Host name (CN)").fill(host);
  await page.getByLabel("Key type").selectOption({ label: keyType });
  await page.getByRole("button", { name: "Generate key and CSR" }).click();
  await expect(page.getByText("Download your private key now: it is offered only this once.")).toBeVisible({
    timeout: 20_000,
  });
}

test("generate the key pair and CSR in the browser: the key stays local and matches the issued certificate", async ({
  page,
  tenant,
}) => {
  const program = tenant.programs[0];
  const sent = recordRequests(page);
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/certificates/${program.id}`);
  await expect(page.getByText("No valid production certificate")).toBeVisible();

  // an invalid host name: inline error, nothing generated
  await page.getByRole("button", { name: "Generate a key pair in this browser" }).click();
  await page.getByLabel("Host name (CN)").fill("*.browser.example");
  await page.getByRole("button", { name: "Generate key and CSR" }).click();
  await expect(page.getByText("Wildcards are not accepted on client certificates")).toBeVisible();
  await page.getByLabel("Host name (CN)").fill("localhost");
  await expect(page.getByText("Not a DNS host name")).toBeVisible();
  await expect(page.getByLabel("Host name (CN)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("CSR (PEM)")).toHaveValue("");
  // Enter in the host field must not submit the CSR form
  await page.getByLabel("Host name (CN)").press("Enter");
  await expect(page.getByText("Paste or upload a CSR.")).toHaveCount(0);
  await page.getByRole("button", { name: "Generate a key pair in this browser" }).click(); // close again

  await generate(page, "api.browser.example", "EC P-256");
  const csrPem = await page.getByLabel("CSR (PEM)").inputValue();
  expect(csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+\n-----END CERTIFICATE REQUEST-----\n$/);
  const dir = mkdtempSync(path.join(os.tmpdir(), "axys-browser-csr-"));
  const csrFile = writeTemp(dir, "client.csr", csrPem);
  expect(openssl(["req", "-in", csrFile, "-noout", "-subject", "-nameopt", "utf8,sep_comma_plus"]).trim()).toBe(
    `subject=O=${tenant.tenant.name},OU=${program.id},CN=api.browser.example`,
  );
  const csrText = openssl(["req", "-in", csrFile, "-noout", "-verify", "-text"]);
  expect(csrText).toContain("DNS:api.browser.example");
  expect(csrText).toContain("NIST CURVE: P-256");

  // no certificate while nobody holds its private key: Issue waits for the download (or the tick)
  const issue = page.getByRole("button", { name: "Issue production certificate" });
  await expect(issue).toBeDisabled();
  await expect(issue).toHaveAccessibleDescription(/Download the private key \(or tick “I saved it elsewhere”\) first/);
  await page.getByLabel("I saved it elsewhere").check();
  await expect(issue).toBeEnabled();
  await page.getByLabel("I saved it elsewhere").uncheck();
  await expect(issue).toBeDisabled();
  // leaving for another portal page asks first; staying keeps the key
  const asked = new Promise<string>((resolve) =>
    page.once("dialog", (d) => {
      resolve(d.message());
      void d.dismiss();
    }),
  );
  await page.getByRole("link", { name: "← Certificates" }).click();
  expect(await asked).toContain("Your private key has not been downloaded");
  await expect(page).toHaveURL(new RegExp(`/certificates/${program.id}$`));

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download private key (client.key)" }).click();
  const keyDownload = await download;
  expect(keyDownload.suggestedFilename()).toBe("client.key");
  const keyPem = readFileSync((await keyDownload.path())!, "utf8");
  expect(keyPem.startsWith("-----BEGIN PRIVATE KEY-----\n")).toBe(true);
  const keyFile = writeTemp(dir, "client.key", keyPem);
  await expect(page.getByText("Private key downloaded (client.key).")).toBeVisible();

  await issue.click();
  await expect(page.getByText("Certificate issued")).toBeVisible();
  const card = page.locator("[data-testid=certificate][data-status=active]");
  await expect(card).toBeVisible();
  // the issued certificate's key is gone from the page, not left under "Renew"
  await expect(page.getByRole("heading", { name: "Renew: submit a new CSR" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download private key (client.key)" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Generate a key pair in this browser" })).toHaveAttribute(
    "aria-expanded",
    "false",
  );
  await expect(card).toContainText("api.browser.example");
  await expect(card).toContainText("EC P-256");

  // the key never left the browser: no request carried it (nor any line of it), the CSR did go out
  const keyBody = keyPem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  const keyLines = keyPem.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"));
  const csrLine = csrPem.split("\n")[1];
  expect(
    sent.some((r) => r.includes(csrLine)),
    "the CSR was submitted",
  ).toBe(true);
  for (const r of sent) {
    expect(r.includes(keyBody)).toBe(false);
    for (const line of keyLines)
      expect(r.includes(line), `a request carried a line of the private key:\n${r.slice(0, 200)}`).toBe(false);
    expect(r).not.toContain("PRIVATE KEY");
  }

  // the downloaded key belongs to the issued certificate
  const certDownload = page.waitForEvent("download");
  await card.getByRole("link", { name: "Certificate", exact: true }).click();
  const certFile = (await (await certDownload).path())!;
  const certPub = openssl(["x509", "-in", certFile, "-noout", "-pubkey"]);
  const keyPub = openssl(["pkey", "-in", keyFile, "-pubout"]);
  expect(certPub).toContain("-----BEGIN PUBLIC KEY-----");
  expect(certPub).toBe(keyPub);
  expect(openssl(["x509", "-in", certFile, "-noout", "-subject", "-nameopt", "utf8,sep_comma_plus"]).trim()).toBe(
    `subject=O=${tenant.tenant.name},OU=${program.id},CN=api.browser.example`,
  );
});

test("an RSA 2048 key generated in the browser gives an accepted CSR (UTF-8 legal name, tenant level)", async ({
  page,
}) => {
  // a tenant of its own, so the subject's O carries non-ASCII characters and an ampersand
  const slug = `e2e-rsa-${Date.now().toString(36)}`;
  const legalName = "Müller & Söhne Kartendienste GmbH";
  const created = axys(["tenant", "create", "--name", `Tenant ${slug}`, "--slug", slug, "--legal-name", legalName]);
  expect(created.code, JSON.stringify(created.json)).toBe(0);
  const email = `admin@${slug}.test`;
  const user = axys(
    ["user", "create", "--tenant", slug, "--email", email, "--role", "tenant_admin", "--password-stdin"],
    PASSWORD,
  );
  expect(user.code, JSON.stringify(user.json)).toBe(0);

  await signInViaApi(page, email);
  await page.goto("/certificates/tenant");
  await generate(page, "Gateway.RSA.Example", "RSA 2048");
  expect(await page.getByLabel("CSR (PEM)").inputValue()).toContain("-----BEGIN CERTIFICATE REQUEST-----");
  await page.getByLabel("I saved it elsewhere").check();
  await page.getByRole("button", { name: "Issue production certificate" }).click();
  await expect(page.getByText("Certificate issued")).toBeVisible();
  const card = page.locator("[data-testid=certificate][data-status=active]");
  await expect(card).toContainText("RSA 2048");
  await expect(card).toContainText("gateway.rsa.example");
  await expect(card).toContainText(`O=${legalName}`);
});
