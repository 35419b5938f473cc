import { opensslCsr } from "../lib/testing/openssl";
import { axys, emailOf, expect, signInViaApi, test } from "./fixtures";

test("add allowlist entries after validation errors and see each one's FCrDNS result", async ({ page, tenant }) => {
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
      "production",
      "--csr",
      g.csrFile,
    ]).code,
  ).toBe(0);

  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto("/allowlist");
  await page.getByRole("link", { name: `Manage the allowlist of ${program.name}` }).click();
  await expect(page.getByText("No production addresses yet")).toBeVisible();

  await page.getByLabel("IP address or CIDR").fill("10.1.2.3");
  await page.getByLabel("Description").fill("Office");
  await page.getByRole("button", { name: "Add" }).click();
  await expect(
    page.getByText(/10\.1\.2\.3 is a private range \(RFC 1918\): production allowlists take public addresses only/),
  ).toBeVisible();
  await page.getByLabel("IP address or CIDR").fill("198.51.100.0/16");
  await page.getByRole("button", { name: "Add" }).click();
  await expect(page.getByText("/16 is too wide: IPv4 ranges may be at most /24", { exact: false })).toBeVisible();

  await page.getByLabel("IP address or CIDR").fill("203.0.113.7");
  await page.getByLabel("Description").fill("Payments API");
  await page.getByRole("button", { name: "Add" }).click();
  const passing = page.locator('[data-testid=allowlist-entry][data-cidr="203.0.113.7"]');
  await expect(passing).toHaveAttribute("data-dns", "pass");
  await expect(passing).toContainText("api.e2e.example → 203.0.113.7");
  await expect(passing).toContainText("FCrDNS pass");

  await page.getByLabel("IP address or CIDR").fill("198.51.100.9");
  await page.getByLabel("Description").fill("Batch jobs");
  await page.getByRole("button", { name: "Add" }).click();
  const failing = page.locator('[data-testid=allowlist-entry][data-cidr="198.51.100.9"]');
  await expect(failing).toHaveAttribute("data-dns", "fail");
  await expect(failing).toContainText("No PTR record");
});

test("edit an entry's description, and remove one only after confirming", async ({ page, tenant }) => {
  const program = tenant.programs[0];
  // ranges skip the per-entry DNS check, so the CLI adds them without a resolver
  for (const [cidr, description] of [
    ["203.0.113.0/28", "Payments API"],
    ["198.51.100.0/28", "Batch jobs"],
  ]) {
    const r = axys([
      "allowlist",
      "add",
      "--tenant",
      tenant.tenant.slug,
      "--program",
      program.id,
      "--env",
      "production",
      "--cidr",
      cidr,
      "--description",
      description,
    ]);
    expect(r.code, r.stderr).toBe(0);
  }
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/allowlist/${program.id}`);
  const kept = page.locator('[data-testid=allowlist-entry][data-cidr="203.0.113.0/28"]');
  const entry = page.locator('[data-testid=allowlist-entry][data-cidr="198.51.100.0/28"]');
  await expect(kept).toBeVisible();

  await entry.getByRole("button", { name: "Edit description" }).click();
  await entry.getByLabel("Description of 198.51.100.0/28").fill("Batch jobs (eu-west-1)");
  await entry.getByRole("button", { name: "Save" }).click();
  await expect(entry).toContainText("Batch jobs (eu-west-1)");

  await entry.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
  await expect(entry).toBeVisible();
  await entry.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click();
  await expect(entry).toHaveCount(0);
  await expect(kept).toBeVisible();
  await page.reload();
  await expect(page.locator("[data-testid=allowlist-entry]")).toHaveCount(1);
});

test("the curl page shows readiness, the exact command and what each failure means", async ({ page, tenant }) => {
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
      "production",
      "--csr",
      g.csrFile,
    ]).code,
  ).toBe(0);
  await signInViaApi(page, emailOf(tenant, "tenant_admin"));
  await page.goto(`/allowlist/${program.id}`);
  await page.getByRole("link", { name: "Test these credentials with curl →" }).click();
  await expect(page.getByRole("list", { name: "Readiness" })).toContainText("1 valid certificate");
  await expect(page.getByText("https://localhost:9443/v2/cardholders")).toBeVisible();

  // the exact command: CA, client certificate and key, the API key header, the gateway URL, in that order
  const request = page.locator("section").filter({ has: page.getByRole("heading", { name: "The request" }) });
  const curl = request.locator("pre");
  await expect(curl).toHaveText(
    /^curl --cacert axys-production-ca\.pem \\\s+--cert client\.pem --key client\.key \\\s+-H "X-API-Key: \$AXYS_API_KEY" \\\s+https:\/\/localhost:9443\/v2\/cardholders$/,
  );
  for (const part of [
    "--cert client.pem",
    "--key client.key",
    '-H "X-API-Key: $AXYS_API_KEY"',
    "https://localhost:9443/v2/cardholders",
  ])
    await expect(curl).toContainText(part);
  await expect(request.getByRole("button", { name: "Copy command" })).toBeVisible();

  // the meaning of each failure, as in the documentation's troubleshooting table
  const table = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "If it fails" }) })
    .getByRole("table");
  await expect(table.getByRole("columnheader")).toHaveText(["What you see", "Likely cause", "Where to fix it"]);
  const failures = [
    [
      "TLS handshake fails before any HTTP response",
      "Wrong certificate/key pair, expired or revoked certificate, or the other environment's certificate",
      "Certificates",
    ],
    [
      "403 with a message about authorized IPs",
      "The calling IP is not on this scope's allowlist, or fails the FCrDNS check",
      "IP allowlist",
    ],
    [
      "401 with a valid certificate",
      "Missing, unknown, revoked or expired X-API-Key, or a key of another scope or environment",
      "API users",
    ],
    [
      "200 from /v2/ping but 404 from /v2/cardholders",
      "Tenant-level credentials against a program-scoped endpoint",
      "Use the Program's credentials",
    ],
  ];
  await expect(table.locator("tbody tr")).toHaveCount(failures.length);
  for (const [seen, cause, fix] of failures) {
    const row = table.getByRole("row").filter({ has: page.getByRole("cell", { name: seen, exact: true }) });
    await expect(row.getByRole("cell")).toHaveText([seen, cause, fix]);
  }
});

test("a viewer sees the allowlist but cannot change it; another tenant's scope is not found", async ({
  page,
  tenant,
}) => {
  const program = tenant.programs[1];
  expect(
    axys([
      "allowlist",
      "add",
      "--tenant",
      tenant.tenant.slug,
      "--program",
      program.id,
      "--env",
      "production",
      "--cidr",
      "198.51.100.0/28",
      "--description",
      "NAT pool",
    ]).code,
  ).toBe(0);
  await signInViaApi(page, emailOf(tenant, "tenant_viewer"));
  await page.goto(`/allowlist/${program.id}`);
  await expect(page.locator('[data-testid=allowlist-entry][data-cidr="198.51.100.0/28"]')).toContainText(
    "Range: checked per caller",
  );
  await expect(page.getByLabel("IP address or CIDR")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Remove" })).toHaveCount(0);
  const other = `${tenant.tenant.slug}-z`;
  expect(axys(["demo", "tenant", "--slug", other, "--password-stdin"], "e2e-password-123").code).toBe(0);
  await signInViaApi(page, `admin@${other}.test`);
  await page.goto(`/allowlist/${program.id}`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});
