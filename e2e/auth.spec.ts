import type { Browser, BrowserContext } from "@playwright/test";
import { emailOf, expect, PASSWORD, signInViaApi, test } from "./fixtures";

/** A second browser that carries the given cookies: an attacker replaying a copied session cookie. */
async function replay(browser: Browser, cookies: Awaited<ReturnType<BrowserContext["cookies"]>>) {
  const ctx = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  await ctx.addCookies(cookies);
  return ctx;
}

test("signs in with a wrong password then the right one, and signs out", async ({ page, tenant }) => {
  await page.goto("/programs");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(emailOf(tenant, "tenant_admin"));
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/programs$/);
  await expect(page.getByRole("heading", { name: "Programs" })).toBeVisible();
  await expect(page.getByTestId("tenant-name")).toHaveText(tenant.tenant.name);

  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/programs");
  await expect(page).toHaveURL(/\/login/);
});

test("throttles repeated failed sign-ins with a clear message", async ({ page, tenant }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(emailOf(tenant, "tenant_viewer"));
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Password").fill(`wrong-${i}-password`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Wrong email or password.")).toBeVisible();
  }
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./)).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

/** What a signed-out request to a route handler answers, and a signed-in one does not. */
const caStatus = async (ctx: BrowserContext) => (await ctx.request.get("/certificates/ca/production")).status();

test("a copied session cookie stops working on the server once its browser signs out", async ({
  page,
  browser,
  tenant,
}) => {
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  const copied = await page.context().cookies();
  expect(copied.map((c) => c.name)).toContain("next-auth.session-token");
  // the copy works while the session lives
  const thief = await replay(browser, copied);
  expect(await caStatus(thief)).toBe(200);

  await page.goto("/programs");
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);

  // the same cookie (still an unexpired JWT) is refused: routes answer 401, pages send it to sign-in
  const ca = await thief.request.get("/certificates/ca/production");
  expect([ca.status(), await ca.text()]).toEqual([401, "Sign in first."]);
  const replayed = await thief.newPage();
  await replayed.goto("/programs");
  await expect(replayed.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect(replayed).toHaveURL(/\/login/);
  await thief.close();
});

test("sign out of all sessions, after confirming, signs out every browser of that user only", async ({
  page,
  browser,
  tenant,
}) => {
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const viewer = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await signInViaApi(await other.newPage(), emailOf(tenant, "tenant_admin"));
  await signInViaApi(await viewer.newPage(), emailOf(tenant, "tenant_viewer"));

  await page.goto("/programs");
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out of all sessions" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Sign out of all sessions?" });
  // Cancel changes nothing
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(await caStatus(other)).toBe(200);

  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out of all sessions" }).click();
  await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await caStatus(other)).toBe(401);
  // another user of the same tenant stays signed in
  expect(await caStatus(viewer)).toBe(200);
  await Promise.all([other.close(), viewer.close()]);
});
