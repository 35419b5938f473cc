import type { Page } from "@playwright/test";
import { axys, emailOf, expect, signInViaApi, test, type DemoTenant } from "./fixtures";

/** A real create-program server action request of the admin, captured without letting it run. */
async function captureCreateProgram(page: Page, tenant: DemoTenant) {
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/programs/new");
  let captured: { headers: Record<string, string>; body: Buffer } | null = null;
  await page.route("**/programs/new", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = { headers: route.request().headers(), body: route.request().postDataBuffer()! };
    await route.abort();
  });
  await page.getByLabel("Program name").fill("Viewer Replay");
  await page.getByLabel("Transaction-limit ceiling").fill("100.00");
  await page.getByRole("button", { name: "Create program" }).click();
  await expect.poll(() => captured).not.toBeNull();
  const { headers, body } = captured!;
  expect(headers["next-action"]).toMatch(/^[0-9a-f]{40,}$/);
  return {
    headers: {
      "next-action": headers["next-action"],
      "content-type": headers["content-type"],
      accept: "text/x-component",
      origin: headers.origin ?? "",
    },
    data: body,
  };
}

const notCreated = (tenant: DemoTenant) => {
  const list = axys(["program", "list", "--tenant", tenant.tenant.slug]).json as { programs: { name: string }[] };
  expect(list.programs.map((p) => p.name)).toEqual(expect.arrayContaining(tenant.programs.map((p) => p.name)));
  expect(list.programs.map((p) => p.name)).not.toContain("Viewer Replay");
};

test("a viewer has no create button, and the new-program page is not found", async ({ page, tenant }) => {
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto("/programs");
  await expect(page.getByRole("heading", { name: "Programs" })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(tenant.programs[0].name) })).toBeVisible();
  await expect(page.getByRole("link", { name: "New program" })).toHaveCount(0);
  await page.goto("/programs/new");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("a viewer is told why each configuration page is read-only", async ({ page, tenant }) => {
  test.setTimeout(90_000); // eleven pages on a loaded machine
  const program = `/programs/${tenant.programs[0].id}`;
  const pages = [
    "/certificates/tenant",
    "/allowlist/tenant",
    "/webhooks",
    "/api-users",
    `${program}/designs`,
    `${program}/sms-sender`,
    `${program}/deposit-addresses`,
    `${program}/wallets`,
    `${program}/fees`,
    `${program}/partners`,
  ];
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  for (const path of pages) {
    await page.goto(path);
    await expect(page.getByTestId("read-only-notice"), path).toHaveText(
      "Read-only. Only a tenant administrator can change this.",
    );
  }
  await page.goto(`${program}/bank`);
  await expect(page.getByTestId("read-only-notice")).toHaveText(
    "Read-only. Only a tenant administrator can reveal the full numbers.",
  );
  // the admin, who may change it, sees the form and no notice
  await page.context().clearCookies();
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`${program}/wallets`);
  await expect(page.getByRole("heading", { name: "Add an address" })).toBeVisible();
  await expect(page.getByTestId("read-only-notice")).toHaveCount(0);
});

test("the server action refuses a viewer who replays the admin's create-program request", async ({
  page,
  browser,
  tenant,
}) => {
  const request = await captureCreateProgram(page, tenant);
  const viewer = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await signInViaApi(viewer, emailOf(tenant, "tenant_viewer"));
  const text = await (await viewer.request.post("/programs/new", request)).text();
  expect(text).toContain('"code":"FORBIDDEN"');
  expect(text).toContain("Your role does not allow this action.");
  notCreated(tenant);
});

test("the server action refuses the same request without a session", async ({ page, browser, tenant }) => {
  const request = await captureCreateProgram(page, tenant);
  const anonymous = (await browser.newContext({ baseURL: test.info().project.use.baseURL })).request;
  expect(await (await anonymous.post("/programs/new", request)).text()).toContain('"code":"UNAUTHENTICATED"');
  notCreated(tenant);
});

test("a partner sees its one program and nothing else", async ({ page, tenant }) => {
  const [other, own] = tenant.programs;
  await signInViaApi(page, emailOf(tenant, "partner_viewer"));
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`/programs/${own.id}$`));
  await expect(page.getByRole("heading", { name: own.name })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(["My program"]);
  await expect(page.getByRole("button", { name: "Save configuration" })).toHaveCount(0);

  for (const path of [`/programs/${other.id}`, "/programs/new", "/audit", "/staff"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Not found" }), path).toBeVisible();
  }
  await page.goto("/programs");
  await expect(page.getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("row", { name: new RegExp(own.name) })).toBeVisible();
  const csv = await page.request.get("/audit/export");
  expect(csv.status()).toBe(404);
});

// The partner's Program (the demo's second, "Prepaid lite") with a bank account: state the checklist reports on.
function setBankAccount(tenant: DemoTenant): { id: string; name: string } {
  const own = tenant.programs[1];
  const r = axys([
    "bank",
    "set",
    "--tenant",
    tenant.tenant.slug,
    "--program",
    own.id,
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
  return own;
}

test("the admin's program page shows the onboarding state and the fee structure", async ({ page, tenant }) => {
  const own = setBankAccount(tenant);
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${own.id}`);
  const checklist = page.getByRole("list", { name: "Onboarding checklist" });
  await expect(checklist).toContainText("Account ready (IBAN)");
  await expect(checklist).toContainText("Production: none yet · staging: none yet.");
  await expect(page.getByTestId("fee-structure")).toContainText("Fee structure Prepaid lite"); // the admin's configuration form, read-only there
  await expect(page.getByLabel("Fee structure")).toHaveCount(0);
});

test("a partner's program page shows no onboarding state and no fee structure, only a note", async ({
  page,
  tenant,
}) => {
  const own = setBankAccount(tenant);
  await signInViaApi(page, emailOf(tenant, "partner_viewer"));
  await page.goto(`/programs/${own.id}`);
  await expect(page.getByRole("heading", { name: own.name })).toBeVisible();
  await expect(page.getByTestId("onboarding-note")).toHaveText("Your program operator manages onboarding.");
  await expect(page.getByRole("list", { name: "Onboarding checklist" })).toHaveCount(0);
  const main = page.getByRole("main");
  for (const leaked of [
    "Account ready",
    "IBAN",
    "certificate",
    "allowlist",
    "Fee structure",
    "Prepaid lite",
    "required steps",
  ]) {
    await expect(main, leaked).not.toContainText(leaked);
  }
  await expect(main).toContainText("Base currency"); // what the partner still sees: currency, limit ceiling, 3-D Secure
  await page.goto("/programs");
  await expect(page.getByRole("columnheader", { name: "Fee structure" })).toHaveCount(0);
  await expect(page.getByRole("main")).not.toContainText("Prepaid lite");
});

test("another tenant's program is not found", async ({ page, tenant }) => {
  const otherSlug = `${tenant.tenant.slug}-x`;
  const other = axys(["demo", "tenant", "--slug", otherSlug, "--password-stdin"], "e2e-password-123").json as {
    programs: { id: string }[];
  };

  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/programs/${other.programs[0].id}`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("staff land on their own console, and a tenant's program is not found for them", async ({ page, tenant }) => {
  const staffEmail = `staff-${tenant.tenant.slug}@axys.test`;
  expect(
    axys(["user", "create", "--email", staffEmail, "--role", "staff_reviewer", "--password-stdin"], "e2e-password-123")
      .code,
  ).toBe(0);

  await signInViaApi(page, staffEmail);
  await page.goto("/");
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
  await page.goto(`/programs/${tenant.programs[0].id}`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("the audit log exports CSV with the page's filters", async ({ page, tenant }) => {
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/audit?action=program.created");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await (await import("node:fs/promises")).readFile((await file.path())!, "utf8");
  const lines = text.trim().split("\r\n");
  expect(lines[0]).toBe("time,actor,action,target_type,target_id,ip,user_agent,before,after");
  expect(lines).toHaveLength(3); // header + the two demo programs
  expect(lines.slice(1).map((l) => l.includes(",program.created,program,"))).toEqual([true, true]);
});
