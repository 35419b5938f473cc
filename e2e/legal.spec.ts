import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { axys, emailOf, expect, signInViaApi, test } from "./fixtures";

interface Published {
  kind: string;
  version: number;
  changeSummary: string;
  effectiveAt: string;
  status: string;
}

/** Publishes a version through the admin CLI, as Axys staff would. */
function publish(kind: string, title: string, markdown: string, summary: string, effective?: string): Published {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "axys-legal-e2e-")), "doc.md");
  writeFileSync(file, markdown);
  const r = axys([
    "legal",
    "publish",
    "--kind",
    kind,
    "--title",
    title,
    "--file",
    file,
    "--summary",
    summary,
    ...(effective ? ["--effective", effective] : []),
  ]);
  expect(r.code, `${JSON.stringify(r.json)}\n${r.stderr}`).toBe(0);
  return r.json as Published;
}

const sla = (credits: string) => `# Service Level Agreement

## 99.99% monthly uptime commitment

Axys commits to a **Monthly Uptime Percentage of at least 99.99%** for the production APIs.

## Service credits

${credits}
`;

test("a viewer reads the SLA rendered from Markdown, its change history and an older version", async ({
  page,
  tenant,
}) => {
  const tag = randomBytes(3).toString("hex");
  const v1 = publish("sla", "Service Level Agreement", sla(`Original credits ${tag}.`), `Initial version ${tag}.`);
  const v2 = publish(
    "sla",
    "Service Level Agreement",
    sla(`Revised credits ${tag}.`),
    `Revised service credit tiers ${tag}.`,
  );
  const effective = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const v3 = publish(
    "sla",
    "Service Level Agreement",
    sla(`Future credits ${tag}.`),
    `Scheduled change ${tag}.`,
    effective,
  );
  expect([v2.version - v1.version, v3.version - v2.version, v3.status]).toEqual([1, 1, "upcoming"]);

  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto("/legal");
  await expect(page.getByRole("heading", { name: "Legal", level: 1 })).toBeVisible();
  const card = page.getByTestId("legal-sla");
  await expect(card.getByTestId("current-version")).toContainText(String(v2.version));
  await expect(card.getByTestId("upcoming")).toContainText(`Upcoming`);
  await expect(card.getByTestId("upcoming")).toContainText(`Version ${v3.version} takes effect on`);
  await expect(card.getByTestId("upcoming")).toContainText(`Scheduled change ${tag}.`);

  await card.getByRole("link", { name: "Read the service level agreement" }).click();
  await expect(page).toHaveURL(/\/legal\/sla$/);
  const body = page.getByTestId("legal-body");
  await expect(body.getByRole("heading", { level: 2, name: "99.99% monthly uptime commitment" })).toBeVisible();
  await expect(body.locator("strong", { hasText: "Monthly Uptime Percentage of at least 99.99%" })).toBeVisible();
  await expect(body).toContainText(`Revised credits ${tag}.`);
  await expect(body).not.toContainText("**"); // rendered, not raw Markdown

  // change history: newest first, each version with its status, effective date and change summary
  const history = page.getByRole("list", { name: "Versions" });
  await expect(history.getByRole("listitem").first()).toHaveAttribute("data-testid", `version-${v3.version}`);
  await expect(page.getByTestId(`version-${v3.version}`)).toContainText(`Upcoming`);
  await expect(page.getByTestId(`version-${v3.version}`)).toContainText(`Scheduled change ${tag}.`);
  await expect(page.getByTestId(`version-${v2.version}`)).toContainText("In force");
  await expect(page.getByTestId(`version-${v2.version}`)).toContainText(`Revised service credit tiers ${tag}.`);
  await expect(page.getByTestId(`version-${v1.version}`)).toContainText("Superseded");

  // the older version
  await page
    .getByTestId(`version-${v1.version}`)
    .getByRole("link", { name: `Version ${v1.version}` })
    .click();
  await expect(page).toHaveURL(new RegExp(`/legal/sla\\?version=${v1.version}$`));
  await expect(body).toContainText(`Original credits ${tag}.`);
  await expect(body).not.toContainText(`Revised credits ${tag}.`);
  await expect(page.getByTestId("version-notice")).toContainText(
    `You are reading version ${v1.version}, which is no longer in force.`,
  );
  await page.getByRole("link", { name: `Read the current version (${v2.version})` }).click();
  await expect(body).toContainText(`Revised credits ${tag}.`);
});

test("a partner user gets Not found for the legal pages", async ({ page, tenant }) => {
  await signInViaApi(page, emailOf(tenant, "partner_viewer"));
  for (const url of ["/legal", "/legal/sla"]) {
    await page.goto(url);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
});
