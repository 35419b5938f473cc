import { spawnSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { emailOf, expect, lastMail, test } from "./fixtures";

/** A certificate of the tenant's program that expires in 10 days, and the worker's reminder pass run once. */
function expiringCertificate(tenantId: string, programId: string): { certificateId: string; serialHex: string } {
  const r = spawnSync(
    "node_modules/.bin/tsx",
    ["--conditions=react-server", "e2e/support/expiring-certificate.ts", tenantId, programId],
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL }, timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`expiring-certificate failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test("a certificate reminder emailed to the tenant admins is listed at /dev/mail and readable there", async ({
  page,
  tenant,
}) => {
  test.setTimeout(90_000); // two CLI child processes (the certificate, the outbox) on a loaded machine
  const programId = tenant.programs[0].id;
  const cert = expiringCertificate(tenant.tenant.id, programId);
  const admin = emailOf(tenant, "tenant_admin");
  const queued = lastMail(admin, "certificate_expiry");
  expect(queued?.status).toBe("pending"); // no AXYS_SMTP_URL in the e2e server: nothing leaves the outbox
  expect(lastMail(emailOf(tenant, "tenant_viewer"), "certificate_expiry")).toBeNull(); // admins only

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/dev/mail"); // public: no sign-in
  await expect(page.getByRole("heading", { name: "Development outbox" })).toBeVisible();
  await expect(page.getByTestId("outbox-banner")).toContainText("mail is not being sent (AXYS_SMTP_URL is not set)");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await page.getByLabel("Recipient").fill(admin);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`/dev/mail\\?to=${encodeURIComponent(admin)}`));
  const rows = page.getByTestId("mail");
  // the reminder pass ran late (10 days left): the 30- and 15-day reminders fire at once, with one email
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`To ${admin}`);
  await expect(rows.first()).toContainText("certificate expiry");
  await expect(rows.first().locator("[data-status]")).toHaveText("Pending");
  await expect(rows.first().getByRole("link")).toHaveText(queued!.subject);
  await expectFits(page);

  await rows.first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(queued!.subject);
  const text = page.getByTestId("mail-text");
  await expect(text).toContainText(cert.serialHex);
  await expect(text).toContainText("expires on");
  await expect(text.getByRole("link", { name: new RegExp(`/certificates/${programId}$`) })).toBeVisible();
  // the HTML version, in a sandboxed frame
  const frame = page.frameLocator('iframe[title="HTML version of the email"]');
  await expect(frame.getByRole("link", { name: "Open the certificates" })).toBeVisible();
  await expect(page.locator("iframe")).toHaveAttribute("sandbox", "");
  await expectFits(page);

  // a message that is not there
  expect((await page.goto("/dev/mail/not-a-message"))?.status()).toBe(404);
});

/** At 390 px nothing scrolls sideways and axe finds no serious or critical violation. */
async function expectFits(page: import("@playwright/test").Page) {
  const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(w.scroll).toBeLessThanOrEqual(w.inner);
  // the email's own HTML (in its sandboxed frame, where no script runs, axe's included) is not the portal's page
  const axe = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .exclude("iframe")
    .analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
}
