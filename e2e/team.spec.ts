import { acceptInvitation, emailOf, expect, lastMail, linkIn, signInViaApi, test } from "./fixtures";

test("an admin invites a viewer by email, promotes them, then removes them: their open session ends at once", async ({
  page,
  browser,
  tenant,
}) => {
  const email = `nina@${tenant.tenant.slug}.test`;
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/settings/team");
  await expect(page.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();

  // invite: the email is queued with its one-time link
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("tenant_viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const invitations = page.getByRole("table", { name: "Pending invitations" });
  await expect(invitations.getByRole("row").filter({ hasText: email })).toContainText("Pending");
  await expect(invitations.getByRole("row").filter({ hasText: email })).toContainText(/expires in [67] days/);
  // the same address again is refused with the reason, on the field
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`${email} already has a pending invitation to the team`)).toBeVisible();

  const mail = lastMail(email, "invitation");
  expect(mail?.subject).toBe(`You're invited to ${tenant.tenant.name} on Axys`);
  const invite = linkIn(mail, "/invite/");

  // the invitee accepts from the email in a browser of its own, and signs in
  const nina = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await nina.goto(invite);
  await expect(nina.getByText(/to join its team as a\s+tenant viewer/)).toBeVisible();
  await acceptInvitation(nina, email, "Nina Newcomer");
  await signInViaApi(nina, email);
  await nina.goto("/settings/team");
  await expect(nina.getByTestId("read-only-notice")).toHaveText(
    "Read-only. Only a tenant administrator can manage the team.",
  );
  await expect(nina.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
  // the link worked once
  await nina.goto(invite);
  await expect(nina.getByRole("alert").filter({ hasText: "already used" })).toBeVisible();

  // the admin sees the new member and makes them an administrator: in effect on their next page load
  await page.reload();
  const members = page.getByRole("table", { name: "Members" });
  const row = members.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("Viewer");
  await expect(row).toContainText("Active");
  await expect(invitations.getByText(email)).toHaveCount(0);
  await page.getByRole("button", { name: `Change role of ${email}` }).click();
  const roleDialog = page.getByRole("alertdialog", { name: "Change the role of Nina Newcomer?" });
  await roleDialog.getByLabel("New role").selectOption("tenant_admin");
  await roleDialog.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText("Nina Newcomer is now an administrator")).toBeVisible();
  await expect(row).toContainText("Administrator");
  await nina.goto("/settings/team");
  await expect(nina.getByRole("button", { name: "Send invitation" })).toBeVisible();
  await expect(nina.getByTestId("read-only-notice")).toHaveCount(0);

  // removal: a confirmation naming the person; their open session ends at once
  await page.getByRole("button", { name: `Remove ${email}` }).click();
  const removeDialog = page.getByRole("alertdialog", { name: "Remove Nina Newcomer from the team?" });
  await expect(removeDialog).toContainText("their sessions end at once");
  await removeDialog.getByRole("button", { name: "Remove member" }).click();
  await expect(row).toContainText("Removed");
  await nina.goto("/settings/team");
  await expect(nina).toHaveURL(/\/login/);

  await page.goto("/audit?action=team.");
  for (const action of ["team.invited", "team.member_joined", "team.role_changed", "team.member_removed"])
    await expect(page.getByRole("cell", { name: action, exact: true })).toBeVisible();
});
