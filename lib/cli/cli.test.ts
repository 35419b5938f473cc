import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { axys, cliErrorOf } from "@/lib/testing/cli";

// Every CLI call is a child process (tsx start-up, its own database connection): seconds each on a loaded
// 2-core machine (35 s each was seen with other test runs alongside), so this file's tests get minutes, not 30 s.
vi.setConfig({ testTimeout: 300_000 });

describe("axys CLI", () => {
  it("onboards a tenant, a user (password from stdin) and a program, printing JSON", async () => {
    const t = axys(["tenant", "create", "--name", "Acme Cards", "--slug", "acme-cli", "--json"]);
    expect(t.code).toBe(0);
    expect(JSON.parse(t.out)).toMatchObject({ slug: "acme-cli", name: "Acme Cards", legalName: "Acme Cards" });

    const u = axys(
      [
        "user",
        "create",
        "--tenant",
        "acme-cli",
        "--email",
        "ops@acme.test",
        "--role",
        "tenant_admin",
        "--password-stdin",
        "--json",
      ],
      "a-long-enough-password\n",
    );
    expect(u.code).toBe(0);
    expect(JSON.parse(u.out)).toMatchObject({ email: "ops@acme.test", role: "tenant_admin" });
    const row = await db.user.findUniqueOrThrow({ where: { email: "ops@acme.test" } });
    expect(row.passwordHash).not.toContain("a-long-enough-password");

    const p = axys([
      "program",
      "create",
      "--tenant",
      "acme-cli",
      "--name",
      "Acme Debit",
      "--currency",
      "EUR",
      "--limit",
      "5000.00",
      "--3ds",
      "on",
      "--json",
    ]);
    expect(p.code).toBe(0);
    const program = JSON.parse(p.out);
    expect(program).toMatchObject({
      name: "Acme Debit",
      baseCurrency: "EUR",
      transactionLimit: "5000.00",
      threeDsEnabled: true,
    });
    expect(await db.program.findUnique({ where: { id: program.id } })).not.toBeNull();
    expect(
      await db.auditEvent.count({
        where: { action: "program.created", targetId: program.id, actorLabel: { startsWith: "cli:" } },
      }),
    ).toBe(1);
  });

  it("exits non-zero with a JSON error for a bad currency and writes nothing", async () => {
    axys(["tenant", "create", "--name", "Bad Cur", "--slug", "badcur", "--json"]);
    const before = { programs: await db.program.count(), audit: await db.auditEvent.count() };
    const r = axys([
      "program",
      "create",
      "--tenant",
      "badcur",
      "--name",
      "Bad",
      "--currency",
      "EURO",
      "--limit",
      "5000.00",
      "--3ds",
      "on",
      "--json",
    ]);
    expect(cliErrorOf(r)).toEqual({
      exit: 1,
      code: "VALIDATION",
      message: expect.stringMatching(/ISO 4217/),
      field: "baseCurrency",
    });
    expect({ programs: await db.program.count(), audit: await db.auditEvent.count() }).toEqual(before);
  });

  it("reports an unknown tenant and a missing flag as errors", () => {
    const unknown = axys([
      "program",
      "create",
      "--tenant",
      "nope",
      "--name",
      "X1",
      "--currency",
      "EUR",
      "--limit",
      "1",
      "--3ds",
      "on",
      "--json",
    ]);
    expect(cliErrorOf(unknown)).toMatchObject({ exit: 1, code: "NOT_FOUND", field: "tenant" });
    const missing = axys(["program", "create", "--name", "X1", "--json"]);
    expect(cliErrorOf(missing)).toEqual({ exit: 64, code: "USAGE", message: "Missing --tenant.", field: "tenant" });
    const bogus = axys(["program", "explode", "--json"]);
    expect(cliErrorOf(bogus)).toMatchObject({
      exit: 64,
      code: "USAGE",
      message: expect.stringMatching(/^Unknown command "program explode"/),
    });
  });
});

describe("axys cert and ca", () => {
  it("issues from a CSR file, refuses a bad one with a JSON error, revokes by serial and exports the CA", async () => {
    const { opensslCsr } = await import("@/lib/testing/openssl");
    axys(["tenant", "create", "--name", "Cert Co", "--slug", "certco", "--legal-name", "Cert Co Ltd", "--json"]);
    const program = JSON.parse(
      axys([
        "program",
        "create",
        "--tenant",
        "certco",
        "--name",
        "Cert Debit",
        "--currency",
        "EUR",
        "--limit",
        "10",
        "--3ds",
        "on",
        "--json",
      ]).out,
    );
    const g = opensslCsr("rsa:2048", `/O=Cert Co Ltd/OU=${program.id}/CN=api.certco.example`);

    const issued = axys([
      "cert",
      "issue",
      "--tenant",
      "certco",
      "--program",
      program.id,
      "--env",
      "staging",
      "--csr",
      g.csrFile,
      "--json",
    ]);
    expect(issued.code).toBe(0);
    const cert = JSON.parse(issued.out);
    expect(Object.keys(cert)).toEqual(expect.arrayContaining(["serial", "fingerprint", "notAfter", "certificatePem"]));
    expect(cert.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);

    const before = await db.certificate.count();
    const bad = axys(
      ["cert", "issue", "--tenant", "certco", "--program", program.id, "--env", "staging", "--csr", "-", "--json"],
      g.keyPem,
    );
    expect(cliErrorOf(bad)).toMatchObject({ exit: 1, code: "CSR_PRIVATE_KEY" });
    expect(bad.out + bad.err).not.toContain(g.keyPem.split("\n")[1]);
    expect(await db.certificate.count()).toBe(before);

    const revoked = axys(["cert", "revoke", "--serial", cert.serial, "--reason", "keyCompromise", "--json"]);
    expect(JSON.parse(revoked.out)).toMatchObject({ serial: cert.serial, reason: "keyCompromise" });
    expect((await db.certificate.findUniqueOrThrow({ where: { serialHex: cert.serial } })).revocationReason).toBe(
      "keyCompromise",
    );

    const ca = axys(["ca", "export", "--env", "staging"]);
    expect(ca.code).toBe(0);
    expect(ca.out).toMatch(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/);
  });
});

describe("axys cert issue --apiuser", () => {
  it("binds to the scope's only API user, creates one named after the scope when there is none, and requires --apiuser when there are several", async () => {
    const { opensslCsr } = await import("@/lib/testing/openssl");
    const { makeCtx, makeProgram, makeTenant } = await import("@/lib/testing/factories");
    const { createApiUser } = await import("@/lib/api-users/service");
    const t = await makeTenant("Bind Co");
    const admin = await makeCtx("tenant_admin", { tenantId: t.id });
    const program = await makeProgram(admin, { name: "Bind Debit" });
    const csr = () => opensslCsr("ec:P-256", `/O=${t.legalName}/OU=${program.id}/CN=api.bindco.example`).csrFile;
    const issue = (...extra: string[]) =>
      axys([
        "cert",
        "issue",
        "--tenant",
        t.slug,
        "--program",
        program.id,
        "--env",
        "staging",
        "--csr",
        csr(),
        ...extra,
        "--json",
      ]);

    // none: an API user named after the Program is created with the certificate, which is bound to it
    const first = issue();
    expect(first.code).toBe(0);
    const created = await db.apiUser.findMany({ where: { tenantId: t.id } });
    expect(created.map((u) => ({ name: u.name, pattern: u.pattern, programId: u.programId }))).toEqual([
      { name: "Bind Debit", pattern: "program", programId: program.id },
    ]);
    expect(JSON.parse(first.out).apiUserId).toBe(created[0].id);
    expect((await db.certificate.findUniqueOrThrow({ where: { id: JSON.parse(first.out).id } })).apiUserId).toBe(
      created[0].id,
    );

    // one: it is used, no new API user
    const second = issue();
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out).apiUserId).toBe(created[0].id);
    expect(await db.apiUser.count({ where: { tenantId: t.id } })).toBe(1);

    // several: refused with API_USER_REQUIRED, nothing written; --apiuser picks one
    const other = await createApiUser(admin, { name: "Batch", pattern: "program", programId: program.id });
    const before = await db.certificate.count({ where: { tenantId: t.id } });
    const refused = issue();
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.out)).toEqual({
      error: {
        code: "API_USER_REQUIRED",
        field: "apiUserId",
        message: `This scope has 2 API users (Bind Debit (${created[0].id}), Batch (${other.id})): choose the one the certificate is for (--apiuser <id> in the CLI).`,
      },
    });
    expect(await db.certificate.count({ where: { tenantId: t.id } })).toBe(before);
    const chosen = issue("--apiuser", other.id);
    expect(chosen.code).toBe(0);
    expect(JSON.parse(chosen.out).apiUserId).toBe(other.id);
    expect(await db.apiUser.count({ where: { tenantId: t.id } })).toBe(2);
  }, 90_000);
});

describe("axys apiuser and apikey", () => {
  it("creates an API user, prints a key once, rotates with overlap and revokes", async () => {
    axys(["tenant", "create", "--name", "Key Co", "--slug", "keyco", "--json"]);
    const program = JSON.parse(
      axys([
        "program",
        "create",
        "--tenant",
        "keyco",
        "--name",
        "Key Debit",
        "--currency",
        "EUR",
        "--limit",
        "10",
        "--3ds",
        "on",
        "--json",
      ]).out,
    );
    const bad = axys([
      "apiuser",
      "create",
      "--tenant",
      "keyco",
      "--pattern",
      "program",
      "--name",
      "No program",
      "--json",
    ]);
    expect(cliErrorOf(bad)).toEqual({
      exit: 1,
      code: "VALIDATION",
      message: "A program-level API user is bound to one Program: choose it.",
      field: "programId",
    });
    const user = JSON.parse(
      axys([
        "apiuser",
        "create",
        "--tenant",
        "keyco",
        "--pattern",
        "program",
        "--program",
        program.id,
        "--name",
        "Backend",
        "--json",
      ]).out,
    );
    expect(user).toMatchObject({ pattern: "program", programId: program.id });

    const created = JSON.parse(axys(["apikey", "create", "--apiuser", user.id, "--env", "staging", "--json"]).out);
    expect(created.key).toMatch(/^axys_stg_p_[0-9A-Za-z]{32}$/);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.key);

    const rotated = JSON.parse(axys(["apikey", "rotate", "--id", created.id, "--overlap", "24h", "--json"]).out);
    expect(rotated.key).not.toBe(created.key);
    expect(rotated.previous).toMatchObject({ id: created.id, status: "overlap" });
    const tooLong = axys(["apikey", "rotate", "--id", rotated.id, "--overlap", "30d", "--json"]);
    expect(cliErrorOf(tooLong)).toMatchObject({
      exit: 1,
      code: "VALIDATION",
      message: "The overlap may be at most 7 days.",
    });

    expect(JSON.parse(axys(["apikey", "revoke", "--id", rotated.id, "--json"]).out)).toMatchObject({
      id: rotated.id,
      status: "revoked",
    });
  });
});

describe("axys allowlist", () => {
  it("adds with a JSON FCrDNS result, refuses bad input, lists and re-checks", async () => {
    axys(["tenant", "create", "--name", "Allow Co", "--slug", "allowco", "--json"]);
    const bad = axys([
      "allowlist",
      "add",
      "--tenant",
      "allowco",
      "--env",
      "production",
      "--cidr",
      "10.0.0.0/8",
      "--description",
      "office",
      "--json",
    ]);
    expect(cliErrorOf(bad)).toMatchObject({ exit: 1, code: "VALIDATION", field: "cidr" });
    const added = JSON.parse(
      axys(
        [
          "allowlist",
          "add",
          "--tenant",
          "allowco",
          "--env",
          "staging",
          "--cidr",
          "127.0.0.1",
          "--description",
          "local",
          "--json",
        ],
        undefined,
        { AXYS_DNS_SERVERS: "127.0.0.1:9" },
      ).out,
    );
    expect(added).toMatchObject({ cidr: "127.0.0.1/32", dns: { status: "fail" } });
    const list = JSON.parse(axys(["allowlist", "list", "--tenant", "allowco", "--env", "staging", "--json"]).out);
    expect(list.entries.map((e: { id: string }) => e.id)).toEqual([added.id]);
    const checked = JSON.parse(
      axys(["allowlist", "check", "--id", added.id, "--json"], undefined, { AXYS_DNS_SERVERS: "127.0.0.1:9" }).out,
    );
    expect(checked.dns.checkedAt).not.toBe(added.dns.checkedAt);
  });
});

describe("axys webhook", () => {
  it("refuses an unsafe URL with a JSON error and registers a safe one with its secret once", async () => {
    axys(["tenant", "create", "--name", "Hook Co", "--slug", "hookco", "--json"]);
    const bad = axys([
      "webhook",
      "add",
      "--tenant",
      "hookco",
      "--url",
      "https://169.254.169.254/latest",
      "--events",
      "certificate.expiring",
      "--json",
    ]);
    expect(cliErrorOf(bad)).toMatchObject({
      exit: 1,
      code: "VALIDATION",
      field: "url",
      message: expect.stringMatching(/link-local/),
    });
    const ok = JSON.parse(
      axys(
        [
          "webhook",
          "add",
          "--tenant",
          "hookco",
          "--url",
          "https://127.0.0.1:9/h",
          "--events",
          "certificate.expiring,certificate.expired",
          "--json",
        ],
        undefined,
        { AXYS_WEBHOOK_ALLOW_LOOPBACK: "1" },
      ).out,
    );
    expect(ok).toMatchObject({
      status: "pending_verification",
      events: ["certificate.expiring", "certificate.expired"],
      secret: expect.stringMatching(/^whsec_/),
    });
    const log = JSON.parse(axys(["webhook", "deliveries", "--id", ok.id, "--json"]).out);
    expect(log.deliveries).toEqual([expect.objectContaining({ type: "webhook.verification", status: "pending" })]);
  });
});

describe("axys design", () => {
  it("submits a file, refuses a non-image with a JSON error, and reviews", async () => {
    const sharp = (await import("sharp")).default;
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const os = await import("node:os");
    axys(["tenant", "create", "--name", "Design Co", "--slug", "designco", "--json"]);
    const program = JSON.parse(
      axys([
        "program",
        "create",
        "--tenant",
        "designco",
        "--name",
        "Design Debit",
        "--currency",
        "EUR",
        "--limit",
        "10",
        "--3ds",
        "on",
        "--json",
      ]).out,
    );
    const dir = mkdtempSync(path.join(os.tmpdir(), "axys-cli-art-"));
    writeFileSync(
      `${dir}/card.png`,
      await sharp({ create: { width: 1600, height: 1009, channels: 3, background: "#000" } })
        .png()
        .toBuffer(),
    );
    writeFileSync(`${dir}/fake.png`, "not an image");
    const bad = axys([
      "design",
      "submit",
      "--tenant",
      "designco",
      "--program",
      program.id,
      "--slot",
      "0",
      "--file",
      `${dir}/fake.png`,
      "--name",
      "Fake",
      "--json",
    ]);
    expect(cliErrorOf(bad)).toMatchObject({ exit: 1, code: "VALIDATION", field: "artwork" });
    const slot = axys([
      "design",
      "submit",
      "--tenant",
      "designco",
      "--program",
      program.id,
      "--slot",
      "6",
      "--file",
      `${dir}/card.png`,
      "--name",
      "Six",
      "--json",
    ]);
    expect(cliErrorOf(slot)).toMatchObject({ exit: 1, code: "VALIDATION", field: "slot" });
    const ok = JSON.parse(
      axys([
        "design",
        "submit",
        "--tenant",
        "designco",
        "--program",
        program.id,
        "--slot",
        "0",
        "--file",
        `${dir}/card.png`,
        "--name",
        "Black",
        "--json",
      ]).out,
    );
    expect(ok).toMatchObject({ slot: 0, version: 1, status: "pending" });
    const reviewed = JSON.parse(
      axys(["design", "review", "--id", ok.id, "--reject", "--reason", "low_resolution", "--json"]).out,
    );
    expect(reviewed).toMatchObject({ status: "rejected", rejectionReason: "low_resolution" });
  });
});

describe("axys request", () => {
  it("lists open program requests and reviews them, refusing a rejection without a note", async () => {
    const { submitRequest } = await import("@/lib/requests/service");
    const { makeCtx, makeProgram, makeTenant } = await import("@/lib/testing/factories");
    const t = await makeTenant();
    const admin = await makeCtx("tenant_admin", { tenantId: t.id });
    const p = await makeProgram(admin);
    const r = await submitRequest(admin, {
      programId: p.id,
      kind: "sms_sender_id",
      payload: { senderId: "CliCards", countries: "GB", useDescription: "Card activation codes" },
    });
    expect(JSON.parse(axys(["request", "list", "--json"]).out).requests.map((x: { id: string }) => x.id)).toContain(
      r.id,
    );
    const noNote = axys(["request", "review", "--id", r.id, "--reject", "--json"]);
    expect(cliErrorOf(noNote)).toEqual({ exit: 1, code: "VALIDATION", message: "Give the reason.", field: "note" });
    expect(JSON.parse(axys(["request", "review", "--id", r.id, "--start", "--json"]).out).status).toBe("in_review");
    expect(
      JSON.parse(
        axys(["request", "review", "--id", r.id, "--request-changes", "--note", "Name the brand", "--json"]).out,
      ),
    ).toMatchObject({ status: "changes_requested", note: "Name the brand" });
  });
});
