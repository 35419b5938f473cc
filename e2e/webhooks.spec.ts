import { opensslCsr } from "../lib/testing/openssl";
import type { Page } from "@playwright/test";
import { axys, emailOf, expect, signInViaApi, test } from "./fixtures";

// The HTTPS receiver of e2e/support (playwright.config.ts sets its port from E2E_PORT).
const RECEIVER_PORT = Number(process.env.E2E_RECEIVER_PORT ?? 5398);

/** The app's worker verifies a new endpoint within a few ticks; the page shows it after a reload. */
async function expectVerified(page: Page) {
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Verified, active")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

test("register an endpoint after an http:// refusal, copy its secret once and watch it verify", async ({
  page,
  tenant,
}) => {
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/webhooks");
  await expect(page.getByText("No webhook endpoints")).toBeVisible();

  await page.getByLabel("Endpoint URL").fill("http://hooks.example.com/axys");
  await page.getByRole("button", { name: "Register endpoint" }).click();
  await expect(page.getByText("Webhook URLs must use https://.")).toBeVisible();

  await page.getByLabel("Endpoint URL").fill(`https://127.0.0.1:${RECEIVER_PORT}/hooks`);
  await page.getByLabel("certificate.issued").check();
  await page.getByRole("button", { name: "Register endpoint" }).click();
  const dialog = page.getByRole("dialog", { name: "Copy the signing secret now" });
  await expect(dialog.getByLabel("Signing secret")).toHaveValue(/^whsec_/);
  await dialog.getByRole("button", { name: "I have stored it" }).click();
  await expect(page.getByRole("heading", { name: "Webhook endpoint" })).toBeVisible();

  // the worker in the app sends the signed challenge; the receiver echoes it
  await expectVerified(page);
  await expect(page.getByTestId("verification")).toContainText("Verified");
  await expect(page.locator('[data-testid=delivery][data-type="webhook.verification"]')).toHaveAttribute(
    "data-status",
    "succeeded",
  );
});

test("an endpoint that refuses connections shows the cause and fix, with the raw detail folded, and a notice", async ({
  page,
  tenant,
}) => {
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/webhooks");
  await page.getByLabel("Endpoint URL").fill("https://127.0.0.1:1/hooks"); // nothing listens on port 1
  await page.getByRole("button", { name: "Register endpoint" }).click();
  await page
    .getByRole("dialog", { name: "Copy the signing secret now" })
    .getByRole("button", { name: "I have stored it" })
    .click();
  await expect(page.getByRole("heading", { name: "Webhook endpoint" })).toBeVisible();

  const failure = page.getByTestId("failure").first();
  await expect(async () => {
    await page.reload();
    await expect(failure).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(failure).toHaveAttribute("data-kind", "refused");
  await expect(failure).toContainText(
    "Nothing accepted the connection at 127.0.0.1: check the port and that your receiver is running",
  );
  const raw = failure.getByText(/ECONNREFUSED/);
  await expect(raw).toBeHidden();
  await failure.getByText("Technical detail").click();
  await expect(raw).toBeVisible();

  await page.getByRole("link", { name: /unread notification/ }).click();
  const notice = page.locator('[data-testid=notification][data-kind="webhook.verification_failed"]');
  await expect(notice).toContainText(
    "https://127.0.0.1:1/hooks did not pass verification. Nothing accepted the connection at 127.0.0.1",
  );
  await notice.getByRole("link", { name: "A webhook endpoint failed verification" }).click();
  await expect(page.getByRole("heading", { name: "Webhook endpoint" })).toBeVisible();
});

test("an event (a certificate issued for the tenant) arrives in the live delivery log and is replayed", async ({
  page,
  tenant,
}) => {
  const r = axys([
    "webhook",
    "add",
    "--tenant",
    tenant.tenant.slug,
    "--url",
    `https://127.0.0.1:${RECEIVER_PORT}/hooks`,
    "--events",
    "certificate.issued",
  ]);
  expect(r.code, r.stderr).toBe(0);
  const endpoint = r.json as { id: string };
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/webhooks/${endpoint.id}`);
  await expectVerified(page);

  const program = tenant.programs[0];
  const g = opensslCsr("ec:P-256", `/O=${tenant.tenant.name}/OU=${program.id}/CN=api.e2e.example`);
  expect(
    axys([
      "cert",
      "issue",
      "--tenant",
      tenant.tenant.slug,
      "--program",
      program.id,
      "--env",
      "staging",
      "--csr",
      g.csrFile,
    ]).code,
  ).toBe(0);
  const issued = page.locator('[data-testid=delivery][data-type="certificate.issued"]');
  await expect(issued).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });
  await expect(issued).toContainText("1 attempt");

  await issued.getByRole("button", { name: "Replay" }).click();
  await expect(page.getByText("Delivery queued again")).toBeVisible();
  await expect(issued).toContainText("2 attempts", { timeout: 20_000 });
  await expect(issued).toHaveAttribute("data-status", "succeeded");
});

test("a viewer sees endpoints and deliveries but cannot change them", async ({ page, tenant }) => {
  const r = axys([
    "webhook",
    "add",
    "--tenant",
    tenant.tenant.slug,
    "--url",
    `https://127.0.0.1:${RECEIVER_PORT}/v`,
    "--events",
    "certificate.expiring",
  ]);
  expect(r.code).toBe(0);
  const endpoint = r.json as { id: string; secret: string };
  expect(endpoint.secret).toMatch(/^whsec_/);
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto(`/webhooks/${endpoint.id}`);
  await expect(page.getByRole("heading", { name: "Webhook endpoint" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Verify again|Rotate secret|Disable|Replay/ })).toHaveCount(0);
  await page.goto("/webhooks");
  await expect(page.getByLabel("Endpoint URL")).toHaveCount(0);
});
