import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addAllowlistEntry,
  listAllowlist,
  recheckAllowlistEntry,
  removeAllowlistEntry,
  unsafeRecheckStaleEntries,
  updateAllowlistDescription,
} from "@/lib/allowlist/service";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { submitCsr } from "@/lib/certificates/service";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { startDnsServer, reverseName } from "@/lib/testing/dns-server";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { opensslCsr } from "@/lib/testing/openssl";
import { createTenant } from "@/lib/tenants/service";

let dnsServer: Awaited<ReturnType<typeof startDnsServer>>;
let admin: Ctx;
let viewer: Ctx;
let other: Ctx;
let programId: string;

beforeAll(async () => {
  dnsServer = await startDnsServer({
    PTR: {
      [reverseName("203.0.113.7")]: ["api.acme.example"],
      [reverseName("203.0.113.8")]: ["node8.api.acme.example"],
      [reverseName("203.0.113.9")]: ["api.acme.example"], // forward does not include .9
      [reverseName("203.0.113.10")]: ["mail.elsewhere.example"],
      [reverseName("2001:db8::7")]: ["api.acme.example"],
    },
    A: {
      "api.acme.example": ["203.0.113.7"],
      "node8.api.acme.example": ["203.0.113.8"],
      "mail.elsewhere.example": ["203.0.113.10"],
    },
    AAAA: { "api.acme.example": ["2001:db8::7"] },
  });
  process.env.AXYS_DNS_SERVERS = dnsServer.address;
  const t = await createTenant(operatorCtx({ actor: "test" }), {
    name: "Acme",
    slug: "acme-allow",
    legalName: "Acme Ltd",
  });
  admin = await makeCtx("tenant_admin", { tenantId: t.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
  other = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
  programId = (await makeProgram(admin)).id;
  const csr = opensslCsr("ec:P-256", `/O=Acme Ltd/OU=${programId}/CN=api.acme.example`).csrPem;
  await submitCsr(admin, { environment: "production", programId, csrPem: csr });
});
afterAll(async () => dnsServer.close());

const add = (
  cidr: string,
  over: Partial<{ environment: "staging" | "production"; programId: string | null; description: string }> = {},
) => addAllowlistEntry(admin, { environment: "production", programId, cidr, description: "Payments API", ...over });

async function fails(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected AppError, got ${String(e)}`);
  return { code: e.code, message: e.message, field: e.field };
}

describe("FCrDNS against a real DNS server", () => {
  it("passes when the PTR name resolves back and lies within the certificate's DNS names", async () => {
    const e = await add("203.0.113.7");
    expect(e.dns).toMatchObject({
      status: "pass",
      ptrNames: ["api.acme.example"],
      forward: { "api.acme.example": ["203.0.113.7"] },
      matchedDomain: "api.acme.example",
    });
    expect((await add("203.0.113.8")).dns).toMatchObject({ status: "pass", matchedDomain: "api.acme.example" }); // subdomain
    expect((await add("2001:db8::7")).dns).toMatchObject({
      status: "pass",
      forward: { "api.acme.example": ["2001:db8::7"] },
    });
  });

  it("fails with the reason: no PTR, not forward-confirmed, outside the certificate, no certificate", async () => {
    expect((await add("198.51.100.77")).dns).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/^No PTR record.*elastic IPs usually need a PTR request/),
    });
    expect((await add("203.0.113.9")).dns).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/does not resolve back to 203\.0\.113\.9/),
    });
    expect((await add("203.0.113.10")).dns).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/not within the certificate's DNS names \(api\.acme\.example\)/),
    });
    const staging = await add("203.0.113.7", { environment: "staging" });
    expect(staging.dns).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/No active certificate for this scope and environment/),
    });
  });

  it("re-checks on demand and periodically", async () => {
    const e = await add("203.0.113.7", { programId: null, environment: "production" }); // tenant scope: no tenant certificate
    expect(e.dns.status).toBe("fail");
    const csr = opensslCsr("ec:P-256", "/O=Acme Ltd/OU=tenant/CN=api.acme.example").csrPem;
    await submitCsr(admin, { environment: "production", programId: null, csrPem: csr });
    expect((await recheckAllowlistEntry(admin, { id: e.id })).dns.status).toBe("pass");
    expect(await fails(recheckAllowlistEntry(viewer, { id: e.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(recheckAllowlistEntry(other, { id: e.id }))).toMatchObject({ code: "NOT_FOUND" });
    const audits = await db.auditEvent.findMany({ where: { targetId: e.id, action: "allowlist.rechecked" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ tenantId: admin.tenantId, actorId: admin.userId, targetType: "allowlist_entry" });
    expect(JSON.parse(audits[0].before!)).toMatchObject({
      cidr: "203.0.113.7/32",
      status: "fail",
      reason: expect.stringMatching(/No active certificate/),
      matchedDomain: null,
    });
    expect(JSON.parse(audits[0].after!)).toMatchObject({
      cidr: "203.0.113.7/32",
      status: "pass",
      matchedDomain: "api.acme.example",
      reason: expect.stringMatching(/resolves back to 203\.0\.113\.7/),
    });
    const later = new Date(Date.now() + 2 * 86_400_000);
    expect(await unsafeRecheckStaleEntries(86_400_000, later)).toBeGreaterThan(0);
    expect((await db.allowlistEntry.findUniqueOrThrow({ where: { id: e.id } })).dnsCheckedAt).toEqual(later);
  });
});

describe("allowlist rules", () => {
  it("refuses non-public space in production but accepts it in staging", async () => {
    const r = await fails(add("10.0.0.5"));
    expect(r).toMatchObject({ code: "VALIDATION", field: "cidr" });
    expect(r.message).toMatch(/private range.*production allowlists take public addresses only/);
    expect((await fails(add("127.0.0.1"))).message).toMatch(/loopback/);
    expect((await fails(add("fe80::1"))).message).toMatch(/link-local/);
    await expect(add("127.0.0.1", { environment: "staging" })).resolves.toMatchObject({ cidr: "127.0.0.1/32" });
  });

  it("reports duplicates and overlaps, and ranges skip the per-entry DNS check", async () => {
    const range = await add("198.51.100.0/28", { description: "NAT pool" });
    expect(range.dns.status).toBe("not_applicable");
    expect((await fails(add("198.51.100.0/28"))).message).toBe(
      '198.51.100.0/28 is already on this allowlist ("NAT pool").',
    );
    expect((await fails(add("198.51.100.5"))).message).toBe(
      '198.51.100.5 overlaps the existing entry 198.51.100.0/28 ("NAT pool").',
    );
    await expect(add("198.51.100.16/28")).resolves.toMatchObject({
      cidr: "198.51.100.16/28",
      environment: "production",
    }); // adjacent, not overlapping
    await expect(add("198.51.100.5", { environment: "staging" })).resolves.toMatchObject({
      cidr: "198.51.100.5/32",
      environment: "staging",
    }); // separate lists per environment
  });

  it("limits entries per scope", async () => {
    const p = (await makeProgram(admin)).id;
    await db.allowlistEntry.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        tenantId: admin.tenantId!,
        programId: p,
        environment: "staging",
        cidr: `192.0.2.${i}/32`,
        ipVersion: 4,
        rangeStart: (0xc0000200 + i).toString(16).padStart(8, "0"),
        rangeEnd: (0xc0000200 + i).toString(16).padStart(8, "0"),
        description: "bulk",
        createdByLabel: "test",
      })),
    });
    expect((await fails(add("192.0.2.200", { environment: "staging", programId: p }))).message).toMatch(
      /already has 100 entries, the limit/,
    );
  });

  it("edits descriptions, removes entries, audits all, and hides them from other tenants and viewers", async () => {
    const e = await add("203.0.113.50", { description: "Old name" });
    expect(await fails(updateAllowlistDescription(viewer, { id: e.id, description: "x y" }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await fails(updateAllowlistDescription(other, { id: e.id, description: "Hacked" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await fails(removeAllowlistEntry(other, { id: e.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(listAllowlist(other, { environment: "production", programId }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await fails(
        addAllowlistEntry(other, { environment: "production", programId, cidr: "203.0.113.99", description: "Theirs" }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      (await updateAllowlistDescription(admin, { id: e.id, description: "Payments API (eu-west-1)" })).description,
    ).toBe("Payments API (eu-west-1)");
    expect((await listAllowlist(viewer, { environment: "production", programId })).map((x) => x.id)).toContain(e.id);
    await removeAllowlistEntry(admin, { id: e.id });
    expect(await db.allowlistEntry.findUnique({ where: { id: e.id } })).toBeNull();
    const actions = (await db.auditEvent.findMany({ where: { targetId: e.id }, orderBy: { createdAt: "asc" } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(["allowlist.added", "allowlist.updated", "allowlist.removed"]);
  });
});
