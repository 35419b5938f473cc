import { spawnSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { axys, emailOf, expect, lastMail, linkIn, PASSWORD, signInViaApi, test } from "./fixtures";

// Every test uses the fresh users of its own tenant (the `tenant` fixture), so changing a password here
// never touches another spec's users.
const NEW_PASSWORD = "velvet-harbour-lantern-58";

/** As if this user's password was given more than 10 minutes ago in every session (e2e/support/expire-reauth.ts). */
function expireReauth(email: string) {
  const r = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "e2e/support/expire-reauth.ts", email], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL },
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
}

async function isSignedOut(page: Page) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
}

test("sessions: the list shows this and another browser; signing out the other ends it at once", async ({
  page,
  browser,
  tenant,
}) => {
  const email = emailOf(tenant, "tenant_viewer");
  await signInViaApi(page, email);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInViaApi(otherPage, email);

  // reached from the user menu
  await page.goto("/");
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Security" }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Manage two-factor sign-in" })).toHaveAttribute(
    "href",
    "/settings/security/two-factor",
  );
  // the two-factor card says whether it is on (this fresh user has no second factor)
  await expect(page.getByTestId("security-two-factor-status")).toHaveText("Off");
  await expect(page.getByText("Off: your password alone signs you in.")).toBeVisible();
  const sessions = page.getByTestId("session");
  await expect(sessions).toHaveCount(2);
  await expect(page.locator("[data-testid=session][data-current=true]")).toContainText("This session");

  const theOther = page.locator("[data-testid=session]:not([data-current])");
  await theOther.getByRole("button", { name: /^Sign out / }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Sign out session" }).click();
  await expect(page.getByText("Session signed out")).toBeVisible();
  await expect(sessions).toHaveCount(1);
  await expect(page.getByText("You are signed in nowhere else.")).toBeVisible();

  await isSignedOut(otherPage);
  await page.goto("/settings/security"); // this one still works
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  await other.close();
});

test("change password: the current one is required, the rules are stated, other sessions end", async ({
  page,
  browser,
  tenant,
}) => {
  const email = emailOf(tenant, "tenant_admin");
  await signInViaApi(page, email);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInViaApi(otherPage, email);

  await page.goto("/settings/security");
  await expect(page.getByText(/At least 12 characters, and not a common or breached password/)).toBeVisible();
  await page.getByLabel("Current password").fill("not-my-password-1");
  await page.getByLabel("New password", { exact: true }).fill("Password1234!");
  await page.getByLabel("Repeat the new password").fill("Password1234!");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This password is too easy to guess")).toBeVisible();

  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is wrong.")).toBeVisible();

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. 1 other session was signed out.")).toBeVisible();
  expect(lastMail(email, "password_reset")?.subject).toBe("Your Axys password was changed");

  await isSignedOut(otherPage);
  await signInViaApi(otherPage, email, NEW_PASSWORD);
  await other.close();
});

test("forgot password: the emailed link sets a new password once, then the user signs in with it", async ({
  page,
  tenant,
}) => {
  const email = emailOf(tenant, "tenant_viewer");
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/login\/forgot$/);

  // an unknown address gets the very same answer, and no email
  const unknown = `nobody-${tenant.tenant.slug}@example.test`;
  await page.getByLabel("Email").fill(unknown);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  const answer = page.getByRole("status").filter({ hasText: "If an account uses that address" });
  await expect(answer).toBeVisible();
  const unknownAnswer = await answer.innerText();
  expect(lastMail(unknown)).toBeNull();

  await page.goto("/login/forgot");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(answer).toBeVisible();
  expect(await answer.innerText()).toBe(unknownAnswer);

  const link = linkIn(lastMail(email, "password_reset"), "/reset/");
  await page.goto(link);
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your password is changed" })).toBeVisible();

  // the link works once
  await page.goto(link);
  await expect(page.getByText(/This reset link is invalid, already used or expired/)).toBeVisible();

  // nobody was signed in: sign in with the new password through the form
  await isSignedOut(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  const session = await (await page.request.get("/api/auth/session")).json();
  expect(session?.user?.email).toBe(email);
});

test("re-authentication: a bank reveal asks for the password again when the last one is old, then reveals", async ({
  page,
  tenant,
}) => {
  const program = tenant.programs[0];
  const r = axys([
    "bank",
    "set",
    "--tenant",
    tenant.tenant.slug,
    "--program",
    program.id,
    "--scheme",
    "iban",
    "--account",
    "GB82 WEST 1234 5698 7654 32",
    "--bic",
    "NWBKGB2L",
    "--holder",
    "Acme Cards Ltd",
    "--reference",
    "AXYS-{cardholderId}",
  ]);
  expect(r.code, r.stderr).toBe(0);
  const email = emailOf(tenant, "tenant_admin");
  await signInViaApi(page, email);
  expireReauth(email);

  await page.goto(`/programs/${program.id}/bank`);
  await page.getByRole("button", { name: "Reveal" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Reveal" }).click();
  const prompt = page.getByRole("dialog", { name: "Confirm your password" });
  await expect(prompt).toBeVisible();
  await prompt.getByLabel("Your password").fill("wrong-password-9");
  await prompt.getByRole("button", { name: "Confirm" }).click();
  await expect(prompt.getByText("Wrong password.")).toBeVisible();
  await prompt.getByLabel("Your password").fill(PASSWORD);
  await prompt.getByRole("button", { name: "Confirm" }).click();
  await expect(prompt).toHaveCount(0);
  const account = page.locator("[data-testid=bank-field][data-field=accountNumber]");
  await expect(account).toContainText("GB82 WEST 1234 5698 7654 32");
});

test("profile: the email address changes only once the link sent to the new address is confirmed", async ({
  page,
  tenant,
}) => {
  const email = emailOf(tenant, "tenant_viewer");
  const newEmail = `renamed-${tenant.tenant.slug}@example.test`;
  await signInViaApi(page, email);
  await page.goto("/");
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Profile" }).click();
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();

  await page.getByLabel("Your name").fill("Vera Viewer");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Name saved")).toBeVisible();

  await page.getByLabel("New sign-in").uncheck();
  await page.getByRole("button", { name: "Save email preferences" }).click();
  await expect(page.getByText("Email preferences saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("New sign-in")).not.toBeChecked();
  await expect(page.getByLabel("Certificate expiry reminders")).toBeChecked();

  await page.getByLabel("New email address").fill(newEmail);
  await page.getByRole("button", { name: "Change email address" }).click();
  await expect(page.getByText(`Confirmation sent to ${newEmail}`)).toBeVisible();
  await expect(page.getByText(`Waiting for confirmation of ${newEmail}`)).toBeVisible();

  const link = linkIn(lastMail(newEmail, "email_change"), "/confirm-email/");
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm new address" }).click();
  await expect(page.getByRole("status").filter({ hasText: `is now ${newEmail}` })).toBeVisible();
  expect(lastMail(email, "email_change")?.subject).toBe("The email address of your Axys account was changed");

  await page.goto(link);
  await expect(page.getByText(/This confirmation link is invalid, already used or expired/)).toBeVisible();
  await page.goto("/settings/profile");
  await expect(page.getByText(`Now: ${newEmail}`)).toBeVisible();
});
