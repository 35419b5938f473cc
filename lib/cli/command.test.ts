import { describe, expect, it } from "vitest";
import { operatorCtx } from "@/lib/auth/context";
import { command, flag, parseFlags, resolveContext } from "@/lib/cli/command";
import { COMMANDS } from "@/lib/cli/commands";
import { CliError } from "@/lib/cli/io";
import { db } from "@/lib/db";
import { createTenant } from "@/lib/tenants/service";

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return { code: e.code, message: e.message, field: e.field };
    throw e;
  }
  throw new Error("expected a CliError");
};

describe("CLI flags are parsed by their schemas", () => {
  const flags = {
    tenant: flag.text(),
    note: flag.optionalText(),
    force: flag.switch(),
    env: flag.environment(),
    merchant: flag.onOff("off"),
    balances: flag.onOff(),
    count: flag.wholeNumber(),
    days: flag.wholeNumber(90),
    kind: flag.oneOf(["sla", "dpa"]),
    maybe: flag.optionalOneOf(["a", "b"]),
  };
  const ok = { tenant: "acme", env: "staging", balances: "on", count: "12", kind: "sla" };

  it("turns raw argv values into typed values, with defaults", () => {
    expect(parseFlags(flags, ok)).toEqual({
      tenant: "acme",
      note: undefined,
      force: false,
      env: "staging",
      merchant: false,
      balances: true,
      count: 12,
      days: 90,
      kind: "sla",
      maybe: undefined,
    });
    expect(parseFlags(flags, { ...ok, force: true, merchant: "on", days: "7", maybe: "b", note: "n" })).toMatchObject({
      force: true,
      merchant: true,
      days: 7,
      maybe: "b",
      note: "n",
    });
  });

  it("a missing required flag (or an empty one) is a usage error naming it", () => {
    expect(refusal(() => parseFlags(flags, { ...ok, tenant: undefined }))).toEqual({
      code: "USAGE",
      message: "Missing --tenant.",
      field: "tenant",
    });
    expect(refusal(() => parseFlags(flags, { ...ok, tenant: "" }))).toEqual({
      code: "USAGE",
      message: "Missing --tenant.",
      field: "tenant",
    });
    expect(refusal(() => parseFlags(flags, { ...ok, count: undefined }))).toEqual({
      code: "USAGE",
      message: "Missing --count.",
      field: "count",
    });
  });

  it("a value its schema refuses is a validation error naming the flag", () => {
    expect(refusal(() => parseFlags(flags, { ...ok, env: "prod" }))).toEqual({
      code: "VALIDATION",
      message: "--env must be staging or production.",
      field: "env",
    });
    expect(refusal(() => parseFlags(flags, { ...ok, balances: "yes" }))).toEqual({
      code: "VALIDATION",
      message: "--balances must be on or off.",
      field: "balances",
    });
    expect(refusal(() => parseFlags(flags, { ...ok, merchant: "true" }))).toEqual({
      code: "VALIDATION",
      message: "--merchant must be on or off.",
      field: "merchant",
    });
    for (const count of ["-1", "1.5", "1e3", "12abc", "9".repeat(16)]) {
      expect(refusal(() => parseFlags(flags, { ...ok, count }))).toEqual({
        code: "VALIDATION",
        message: "--count must be a whole number.",
        field: "count",
      });
    }
    expect(refusal(() => parseFlags(flags, { ...ok, kind: "tos" }))).toEqual({
      code: "VALIDATION",
      message: "--kind must be one of: sla, dpa.",
      field: "kind",
    });
    expect(refusal(() => parseFlags(flags, { ...ok, maybe: "c" }))).toEqual({
      code: "VALIDATION",
      message: "--maybe must be one of: a, b.",
      field: "maybe",
    });
  });

  it("every command declares its flags through the builders (argv types come from them)", () => {
    for (const [name, c] of Object.entries(COMMANDS)) {
      for (const [flagName, f] of Object.entries(c.flags)) {
        expect(["string", "boolean"], `${name} --${flagName}`).toContain(f.type);
      }
    }
  });
});

describe("one context resolver", () => {
  it("acts for the tenant a slug or an owned object names, and misses are NOT_FOUND on that flag", async () => {
    const t = await createTenant(operatorCtx({}), { name: "Resolve Co", slug: "resolve-co" });
    const byTenant = await resolveContext({ tenant: "tenant" }, { tenant: "resolve-co" });
    expect(byTenant.ctx).toMatchObject({ role: "axys_operator", tenantId: t.id });
    await expect(resolveContext({ tenant: "tenant" }, { tenant: "nope" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      field: "tenant",
      message: 'No tenant with slug "nope".',
    });
    expect((await resolveContext({ tenant: "tenant", optional: true }, {})).ctx.tenantId).toBeNull();
    await expect(resolveContext({ owner: "apiKey", flag: "id" }, { id: "key_missing" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      field: "id",
    });
    await expect(
      resolveContext({ owner: "certificateSerial", flag: "serial" }, { serial: "ab:cd" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", field: "serial", message: "No certificate with serial ABCD." });
    expect(await db.tenant.count({ where: { slug: "resolve-co" } })).toBe(1);
  });

  it("a command's flags are parsed before its context is resolved, so a bad flag changes and looks up nothing", async () => {
    let ran = false;
    const c = command({
      usage: "",
      flags: { tenant: flag.text(), env: flag.environment() },
      context: { tenant: "tenant" },
      async run() {
        ran = true;
        return { json: null, text: "" };
      },
    });
    await expect(c.execute({ tenant: "nope", env: "prod" }, { readStdin: async () => "" })).rejects.toMatchObject({
      code: "VALIDATION",
      field: "env",
    });
    expect(ran).toBe(false);
  });
});
