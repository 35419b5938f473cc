import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { getCa } from "@/lib/certificates/ca";
import { db } from "@/lib/db";
import { setPartnerVisibility } from "@/lib/partners/service";
import { SEARCH_LIMIT, searchPortal } from "@/lib/search/service";
import { appErrorOf } from "@/lib/testing/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { deniedPermissions as denied } from "@/lib/testing/permissions";

vi.mock("@/lib/auth/permissions", async (importOriginal) =>
  (await import("@/lib/testing/permissions")).withDeniedPermissions(importOriginal),
);
afterEach(() => {
  denied.clear();
  vi.restoreAllMocks();
});

let admin: Ctx;
let viewer: Ctx;
let partner: Ctx;
let staff: Ctx;
let other: Ctx;
let tenantId: string;
let travel: { id: string; name: string };
let fuel: { id: string; name: string };
let apiUserId: string;

async function makeCertificate(programId: string | null, serial: string, environment = "production") {
  const ca = await getCa("production");
  return db.certificate.create({
    data: {
      tenantId,
      programId,
      environment,
      caId: ca.id,
      serialHex: serial,
      fingerprintSha256: `fp-${serial}`,
      publicKeySha256: `pk-${serial}`,
      keyType: "EC P-256",
      subject: "CN=test",
      dnsNames: "[]",
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 86_400_000),
      certificatePem: "-",
    },
  });
}

beforeAll(async () => {
  tenantId = (await makeTenant("Search")).id;
  admin = await makeCtx("tenant_admin", { tenantId });
  viewer = await makeCtx("tenant_viewer", { tenantId });
  travel = await makeProgram(admin, { name: "Acme Travel Card" });
  fuel = await makeProgram(admin, { name: "Fuel Card" });
  await makeProgram(admin, { name: "Über Reisen" });
  for (let i = 0; i < SEARCH_LIMIT + 2; i++) await makeProgram(admin, { name: `Bulk travel ${i}` });
  partner = await makeCtx("partner_viewer", { tenantId, programId: fuel.id });
  staff = await makeCtx("staff_reviewer");
  other = await makeCtx("tenant_admin", { tenantId: (await makeTenant("Other")).id });
  await makeProgram(other, { name: "Foreign Travel" });
  apiUserId = (
    await db.apiUser.create({ data: { tenantId, name: "Travel backend", pattern: "program", programId: travel.id } })
  ).id;
  await db.apiUser.create({ data: { tenantId, name: "Fuel 100% feed", pattern: "tenant_admin" } });
  await db.apiUser.create({ data: { tenantId: other.tenantId!, name: "Foreign backend", pattern: "tenant_admin" } });
  await makeCertificate(travel.id, "0AB1C2D3E4F5");
  await makeCertificate(null, "0AB1FFFF0000", "staging");
  await db.webhookEndpoint.create({
    data: { tenantId, url: "https://Hooks.Acme.example/travel", events: "[]", secretSealed: "x" },
  });
  await db.webhookEndpoint.create({
    data: { tenantId: other.tenantId!, url: "https://hooks.foreign.example/travel", events: "[]", secretSealed: "x" },
  });
  for (const [t, programId, environment, cidr, description] of [
    [tenantId, travel.id, "production", "198.51.100.7/32", "Travel backend, Frankfurt"],
    [tenantId, null, "staging", "2001:db8::/48", "Office range"],
    [other.tenantId!, null, "production", "198.51.100.8/32", "Foreign travel backend"],
  ] as const)
    await db.allowlistEntry.create({
      data: {
        tenantId: t,
        programId,
        environment,
        cidr,
        ipVersion: cidr.includes(":") ? 6 : 4,
        rangeStart: "0",
        rangeEnd: cidr.endsWith("/32") ? "0" : "1",
        description,
        createdByLabel: "test",
      },
    });
  for (const [t, programId, id] of [
    [tenantId, travel.id, "txn-search-travel-1"],
    [tenantId, fuel.id, "txn-search-fuel-1"],
    [other.tenantId!, (await makeProgram(other)).id, "txn-search-foreign-1"],
  ] as const)
    await db.transaction.create({
      data: {
        id,
        tenantId: t,
        programId,
        environment: "production",
        type: "purchase",
        status: "completed",
        amountMinor: 123450n,
        amountNominal: 1234500n,
        currency: "EUR",
        cardLast4: "4242",
        cardholderRef: "ch-1",
        reference: `ref-${id}`,
        createdAt: new Date(),
      },
    });
});

describe("searchPortal", () => {
  it("finds Programs by part of the name in any case, by name, limited per group, in the Tenant only", async () => {
    const r = await searchPortal(admin, "TRAVEL");
    expect(r.programs).toHaveLength(SEARCH_LIMIT);
    expect(r.programs[0]).toEqual({
      id: travel.id,
      label: "Acme Travel Card",
      detail: travel.id,
      href: `/programs/${travel.id}`,
    });
    expect(r.programs.some((p) => p.label === "Foreign Travel")).toBe(false);
    expect((await searchPortal(other, "travel")).programs.map((p) => p.label)).toEqual(["Foreign Travel"]);
  });

  it("finds a Program by the start of its id", async () => {
    expect((await searchPortal(admin, fuel.id.slice(0, 10).toUpperCase())).programs.map((p) => p.id)).toEqual([
      fuel.id,
    ]);
  });

  it("API users, certificates by serial prefix (colons and case ignored) and webhook URLs, each with where it leads", async () => {
    const r = await searchPortal(viewer, "travel");
    expect(r.apiUsers).toEqual([
      { id: apiUserId, label: "Travel backend", detail: "Acme Travel Card", href: `/api-users/${apiUserId}` },
    ]);
    expect(r.webhooks.map((w) => w.label)).toEqual(["https://Hooks.Acme.example/travel"]);
    expect(r.certificates).toEqual([]);
    const certs = await searchPortal(viewer, "0a:b1");
    expect(certs.certificates.map((c) => [c.label, c.href])).toEqual([
      ["0AB1FFFF0000", "/certificates/tenant?env=staging"],
      ["0AB1C2D3E4F5", `/certificates/${travel.id}?env=production`],
    ]);
    expect((await searchPortal(viewer, "0ab1c")).certificates.map((c) => c.label)).toEqual(["0AB1C2D3E4F5"]);
    expect((await searchPortal(viewer, "0ab")).certificates).toEqual([]); // fewer than 4 digits: no serial search
    expect((await searchPortal(other, "0ab1")).certificates).toEqual([]);
    expect((await searchPortal(other, "acme")).webhooks).toEqual([]);
  });

  it("allowlist entries by address or description, in either environment, each leading to its scope in its environment", async () => {
    expect((await searchPortal(viewer, "198.51.100")).allowlist).toEqual([
      {
        id: expect.any(String),
        label: "198.51.100.7",
        detail: `production · ${travel.id} · Travel backend, Frankfurt`,
        href: `/allowlist/${travel.id}?env=production`,
      },
    ]);
    expect((await searchPortal(viewer, "OFFICE")).allowlist.map((e) => [e.label, e.href])).toEqual([
      ["2001:db8::/48", "/allowlist/tenant?env=staging"],
    ]);
    expect((await searchPortal(other, "frankfurt")).allowlist).toEqual([]);
  });

  it("a transaction by its exact id only, in the Tenant and the reader's environment", async () => {
    expect((await searchPortal(viewer, "txn-search-travel-1")).transactions).toEqual([
      {
        id: "txn-search-travel-1",
        label: "txn-search-travel-1",
        detail: "1,234.50 EUR · completed · Acme Travel Card",
        href: "/monitoring/transactions/txn-search-travel-1",
      },
    ]);
    expect((await searchPortal(viewer, "txn-search")).transactions).toEqual([]); // no prefix or substring scans
    expect((await searchPortal(viewer, "txn-search-foreign-1")).transactions).toEqual([]);
    expect((await searchPortal({ ...viewer, environment: "staging" }, "txn-search-travel-1")).transactions).toEqual([]);
    expect((await searchPortal(other, "txn-search-travel-1")).transactions).toEqual([]);
    expect((await searchPortal(other, "txn-search-foreign-1")).transactions).toHaveLength(1);
  });

  it("a partner finds no transaction until its Tenant exposes them, then its own Program's only", async () => {
    expect((await searchPortal(partner, "txn-search-fuel-1")).transactions).toEqual([]);
    const expose = (on: boolean) =>
      setPartnerVisibility(admin, {
        programId: fuel.id,
        exposeTransactions: on,
        includeMerchant: false,
        exposeBalances: false,
        granularity: "individual",
      });
    await expose(true);
    try {
      expect((await searchPortal(partner, "txn-search-fuel-1")).transactions.map((t) => t.id)).toEqual([
        "txn-search-fuel-1",
      ]);
      expect((await searchPortal(partner, "txn-search-travel-1")).transactions).toEqual([]);
      expect((await searchPortal(partner, "198.51")).allowlist).toEqual([]);
    } finally {
      await expose(false);
    }
  });

  it("input is a value, never a LIKE pattern: % and _ match themselves", async () => {
    expect((await searchPortal(admin, "%")).programs).toEqual([]);
    expect((await searchPortal(admin, "_")).programs).toEqual([]);
    expect((await searchPortal(admin, "a%c")).programs).toEqual([]);
    expect((await searchPortal(admin, "%")).apiUsers.map((u) => u.label)).toEqual(["Fuel 100% feed"]);
    expect((await searchPortal(admin, "_")).apiUsers).toEqual([]);
    expect((await searchPortal(admin, "%")).webhooks).toEqual([]);
    expect((await searchPortal(admin, "acme.example/%")).webhooks).toEqual([]);
    expect((await searchPortal(admin, "prg_")).programs).toHaveLength(SEARCH_LIMIT); // an id prefix with _ still works
  });

  it("ignores case beyond ASCII the same on every database", async () => {
    expect((await searchPortal(admin, "üBER")).programs.map((p) => p.label)).toEqual(["Über Reisen"]);
    expect((await searchPortal(admin, "ÜBER REI")).programs.map((p) => p.label)).toEqual(["Über Reisen"]);
  });

  it("pages: the reader's sidebar entries whose label matches; all of them for an empty query", async () => {
    expect((await searchPortal(admin, "cert")).pages.map((p) => p.href)).toEqual(["/certificates"]);
    expect((await searchPortal(admin, "new")).pages.map((p) => p.href)).toEqual(["/programs/new", "/api-users/new"]);
    expect((await searchPortal(viewer, "new")).pages).toEqual([]); // a viewer cannot create
    const empty = await searchPortal(admin, "  ");
    expect(empty.programs).toEqual([]);
    expect(empty.pages.map((p) => p.href)).toContain("/audit");
    expect(empty.pages.map((p) => p.href)).toContain("/");
  });

  it("a partner finds only its own Program, and no API users, certificates, webhooks or Tenant pages", async () => {
    expect((await searchPortal(partner, "travel")).programs).toEqual([]);
    const r = await searchPortal(partner, "card");
    expect(r.programs.map((p) => p.id)).toEqual([fuel.id]);
    expect((await searchPortal(partner, "backend")).apiUsers).toEqual([]);
    expect((await searchPortal(partner, "0ab1")).certificates).toEqual([]);
    expect((await searchPortal(partner, "hooks")).webhooks).toEqual([]);
    expect((await searchPortal(partner, "")).pages.map((p) => p.href)).toEqual([`/programs/${fuel.id}`]); // nothing exposed yet
  });

  it("staff find staff pages only, and no Tenant's data", async () => {
    const r = await searchPortal(staff, "travel");
    expect(r.programs).toEqual([]);
    expect(r.webhooks).toEqual([]);
    expect((await searchPortal(staff, "")).pages.map((p) => p.href)).toEqual(["/staff", "/legal"]);
  });

  it.each([
    ["programs:read", "programs", "program"],
    ["apiusers:read", "apiUsers", "apiUser"],
    ["certificates:read", "certificates", "certificate"],
    ["webhooks:read", "webhooks", "webhookEndpoint"],
    ["allowlist:read", "allowlist", "allowlistEntry"],
  ] as const)("without %s, %s stay empty and the table is not read", async (permission, part, table) => {
    denied.add(permission);
    const spy = vi.spyOn(db[table], "findMany");
    expect((await searchPortal(admin, "0ab1 travel"))[part]).toEqual([]);
    expect(spy).not.toHaveBeenCalled();
  });

  it("without monitoring:read, no transaction is looked up", async () => {
    denied.add("monitoring:read");
    const spy = vi.spyOn(db.transaction, "findFirst");
    expect((await searchPortal(admin, "txn-search-travel-1")).transactions).toEqual([]);
    expect(spy).not.toHaveBeenCalled();
  });

  it("refuses a query over 100 characters with a clear message, and a query that is not text", async () => {
    const e = await appErrorOf(searchPortal(admin, "x".repeat(101)));
    expect(e.code).toBe("VALIDATION");
    expect(e.message).toBe("Search for at most 100 characters.");
    expect((await searchPortal(admin, ` ${"x".repeat(100)} `)).programs).toEqual([]);
    expect((await appErrorOf(searchPortal(admin, 42 as unknown as string))).code).toBe("VALIDATION");
  });
});
