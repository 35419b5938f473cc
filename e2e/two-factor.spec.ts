import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { generate } from "otplib";
import {
  acceptInvitation,
  axys,
  emailOf,
  expect,
  PASSWORD,
  signInViaApi,
  test,
  lastMail,
  type DemoTenant,
} from "./fixtures";

const SETTINGS = "/settings/security/two-factor";

/** A user of the test's own Tenant, created by the CLI as staff would, so no demo user is touched. */
function newUser(slug: string, role = "tenant_viewer"): string {
  const email = `2fa-${randomBytes(4).toString("hex")}@example.test`;
  const r = axys(["user", "create", "--tenant", slug, "--email", email, "--role", role, "--password-stdin"], PASSWORD);
  expect(r.code, JSON.stringify(r.json)).toBe(0);
  return email;
}

/** The code of the next 30 s step: the current step's code may already have been used (confirmation), and ±1 is accepted. */
const nextCode = (secret: string) => generate({ secret, epoch: (Math.floor(Date.now() / 30_000) + 1) * 30 });

async function signInWithForm(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Reads the recovery codes from the shown-once dialog and closes it. */
async function takeRecoveryCodes(page: Page): Promise<string[]> {
  const dialog = page.getByRole("dialog", { name: "Save your recovery codes now" });
  const value = await dialog.getByLabel("Recovery codes (each works once)").inputValue();
  await dialog.getByRole("button", { name: "I have stored it" }).click();
  const codes = value.split(/\s+/).filter(Boolean);
  expect(codes).toHaveLength(10);
  return codes;
}

async function enrolTotp(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByAltText("QR code for your authenticator app")).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").innerText()).trim();
  await page.getByLabel("6-digit code from the app").fill("000000");
  await page.getByRole("button", { name: "Confirm and turn on" }).click();
  await expect(page.getByText("That code does not match")).toBeVisible();
  await page.getByLabel("6-digit code from the app").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Confirm and turn on" }).click();
  return { secret, codes: await takeRecoveryCodes(page) };
}

/**
 * The journey: an admin invites a viewer, who reads the invitation at /dev/mail (the outbox page the demo
 * uses), accepts it and signs in with the form; then enrols TOTP from the secret shown.
 */
async function invitedViewer(page: Page, browser: Browser, tenant: DemoTenant): Promise<string> {
  const email = `2fa-${randomBytes(4).toString("hex")}@example.test`;
  const admin = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await signInViaApi(admin, emailOf(tenant, "tenant_admin"));
  await admin.goto("/settings/team");
  await admin.getByLabel("Email address").fill(email);
  await admin.getByLabel("Role", { exact: true }).selectOption("tenant_viewer");
  await admin.getByRole("button", { name: "Send invitation" }).click();
  await expect(admin.getByRole("table", { name: "Pending invitations" })).toContainText(email);
  await admin.context().close();

  await page.goto(`/dev/mail?to=${encodeURIComponent(email)}`);
  await page.getByTestId("mail").first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`You're invited to ${tenant.tenant.name} on Axys`);
  await page
    .getByTestId("mail-text")
    .getByRole("link", { name: /\/invite\// })
    .click();
  await acceptInvitation(page, email, "Ines Invited");
  await signInWithForm(page, email);
  await expect(page.getByTestId("tenant-name")).toBeVisible();
  return email;
}

test("an invited viewer accepts from /dev/mail, enrols TOTP, signs in with a code, then a recovery code; staff reset it", async ({
  page,
  browser,
  tenant,
}) => {
  test.setTimeout(90_000); // two browsers and three CLI child processes on a loaded machine
  const email = await invitedViewer(page, browser, tenant);
  await page.goto("/settings/security");
  await expect(page.getByTestId("security-two-factor-status")).toHaveText("Off");
  await page.goto(SETTINGS);
  await expect(page.getByTestId("two-factor-status")).toHaveText(/is off/);
  const { secret, codes } = await enrolTotp(page);
  await expect(page.getByTestId("two-factor-status")).toHaveText(/is on/);
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("10 unused recovery codes left.");
  expect(lastMail(email, "two_factor")?.subject).toMatch(/turned on/);
  await page.goto("/settings/security");
  await expect(page.getByTestId("security-two-factor-status")).toHaveText("On");
  await expect(page.getByText("On: an authenticator app; 10 recovery codes left.")).toBeVisible();

  await signOut(page);
  await signInWithForm(page, email);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  // the half-signed-in session reaches no portal page
  await page.goto(SETTINGS);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.getByLabel("Authentication code").fill("123456");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code is not valid.")).toBeVisible();
  await page.getByLabel("Authentication code").fill(await nextCode(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("tenant-name")).toBeVisible();

  await signOut(page);
  await signInWithForm(page, email);
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("tenant-name")).toBeVisible();
  await page.goto(SETTINGS);
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("9 unused recovery codes left.");

  // lost device: staff reset it; the open session ends at once
  const r = axys(["user", "reset-2fa", "--email", email, "--reason", "lost device (e2e)"]);
  expect(r.code, JSON.stringify(r.json)).toBe(0);
  expect(r.json).toMatchObject({ removed: { totp: true }, sessionsRevoked: 1 });
  await page.goto(SETTINGS);
  await expect(page).toHaveURL(/\/login/);
  expect(lastMail(email, "two_factor")?.subject).toMatch(/staff/);
});

test("a passkey is enrolled and used through Chromium's virtual authenticator", async ({ browser, tenant }) => {
  // WebAuthn refuses IP addresses: this part runs at localhost (AXYS_PASSKEY_ORIGIN in playwright.config.ts)
  const port = new URL(test.info().project.use.baseURL!).port;
  const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "usb",
      hasResidentKey: false,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const email = newUser(tenant.tenant.slug);
  await signInViaApi(page, email);
  await page.goto(SETTINGS);
  await page.getByLabel("Key name").fill("Virtual key");
  await page.getByRole("button", { name: "Add passkey or security key" }).click();
  // the first second factor comes with recovery codes
  await takeRecoveryCodes(page);
  await expect(page.getByTestId("passkey")).toContainText("Virtual key");
  await expect(page.getByTestId("two-factor-status")).toHaveText(/is on/);
  expect(lastMail(email, "two_factor")?.subject).toBe("Axys: passkey or security key added");

  await signOut(page);
  await signInWithForm(page, email);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.getByRole("button", { name: "Use a passkey or security key" }).click();
  await expect(page.getByTestId("tenant-name")).toBeVisible();
  await page.goto(SETTINGS);
  await expect(page.getByTestId("passkey")).toContainText("last used");
  await context.close();
});

test("“require 2FA” sends a member without a factor to enrolment at sign-in", async ({ page, browser, tenant }) => {
  const member = newUser(tenant.tenant.slug);
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(SETTINGS);
  await page.getByRole("button", { name: "Require two-factor for everyone" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Require" }).click();
  await expect(page.getByTestId("require-two-factor-status")).toHaveText(/Required for every member/);

  const context = await browser.newContext();
  const other = await context.newPage();
  await signInWithForm(other, member);
  await expect(other).toHaveURL(/\/login\/two-factor\/enrol/);
  // nothing else is reachable before enrolling
  await other.goto("/");
  await expect(other).toHaveURL(/\/login\/two-factor\/enrol/);
  await enrolTotp(other);
  await expect(other.getByTestId("tenant-name")).toBeVisible();
  await other.goto(SETTINGS);
  await expect(other.getByText("Your Tenant requires two-factor sign-in for every member")).toBeVisible();
  await context.close();
});
