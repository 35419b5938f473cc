import { beforeAll, describe, expect, it, vi } from "vitest";
import { operatorCtx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { axys, cliErrorOf } from "@/lib/testing/cli";
import { makeProgram } from "@/lib/testing/factories";
import { createTenant } from "@/lib/tenants/service";

// Every CLI call is a child process (tsx start-up, its own database connection): seconds each on a loaded
// 2-core machine (35 s each was seen with other test runs alongside), so this file's tests get minutes, not 30 s.
vi.setConfig({ testTimeout: 300_000 });

let programId: string;
beforeAll(async () => {
  const t = await createTenant(operatorCtx({ actor: "test" }), {
    name: "Bank Co",
    slug: "bankco",
    legalName: "Bank Co Ltd",
  });
  programId = (await makeProgram(operatorCtx({ tenantId: t.id, actor: "test" }))).id;
});

const set = (account: string, extra: string[] = []) =>
  axys([
    "bank",
    "set",
    "--tenant",
    "bankco",
    "--program",
    programId,
    "--scheme",
    "iban",
    "--account",
    account,
    "--bic",
    "DEUTDEFF",
    "--holder",
    "Bank Co Ltd",
    "--reference",
    "BANKCO-{cardholderId}",
    ...extra,
    "--json",
  ]);

describe("axys bank set", () => {
  it("refuses a bad IBAN with a JSON error naming the field, exits non-zero and writes nothing", async () => {
    const before = { rows: await db.bankCredentials.count(), audit: await db.auditEvent.count() };
    const r = set("DE89 3704 0044 0532 0130 01");
    expect(cliErrorOf(r)).toEqual({
      exit: 1,
      code: "VALIDATION",
      message: "IBAN checksum does not match: check for a typo",
      field: "accountNumber",
    });
    expect({ rows: await db.bankCredentials.count(), audit: await db.auditEvent.count() }).toEqual(before);
  });

  it("sets a good IBAN and prints only masked values", async () => {
    const r = set("DE89 3704 0044 0532 0130 00");
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("370400440532");
    expect(JSON.parse(r.out)).toEqual({
      programId,
      scheme: "iban",
      accountHolder: "Bank Co Ltd",
      accountNumberMasked: "•••• 3000",
      routingCodeMasked: null,
      bic: "DEUTDEFF",
      paymentReferenceFormat: "BANKCO-{cardholderId}",
      updatedByLabel: "Axys",
      updatedAt: expect.any(String),
    });
    expect(await db.bankCredentials.findUniqueOrThrow({ where: { programId } })).toMatchObject({
      accountNumber: null,
      accountNumberMasked: "•••• 3000",
      accountNumberSealed: expect.stringMatching(/^v2\.[0-9a-f]{8}\./),
      updatedBy: expect.stringMatching(/^cli:/),
    });
    // The CLI process sealed it with the same master key as this one: it opens here, bound to the Program.
    const { unseal } = await import("@/lib/core/sealing");
    const row = await db.bankCredentials.findUniqueOrThrow({ where: { programId } });
    expect(unseal(row.accountNumberSealed!, `axys-bank:${programId}:accountNumber`).toString()).toBe(
      "DE89370400440532013000",
    );
    expect(
      await db.auditEvent.count({ where: { action: "bank_credentials.set", actorLabel: { startsWith: "cli:" } } }),
    ).toBe(1);
  });

  it("reports an unknown tenant and a missing flag", () => {
    const unknown = axys([
      "bank",
      "set",
      "--tenant",
      "nope",
      "--program",
      programId,
      "--scheme",
      "iban",
      "--account",
      "x",
      "--bic",
      "x",
      "--holder",
      "x",
      "--reference",
      "x",
      "--json",
    ]);
    expect(cliErrorOf(unknown)).toMatchObject({ exit: 1, code: "NOT_FOUND", field: "tenant" });
    const missing = axys(["bank", "set", "--tenant", "bankco", "--program", programId, "--scheme", "iban", "--json"]);
    expect(cliErrorOf(missing)).toMatchObject({ exit: 64, code: "USAGE", field: "account" });
  });
});
