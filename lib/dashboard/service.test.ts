import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { getCa } from "@/lib/certificates/ca";
import { getDashboard } from "@/lib/dashboard/service";
import { db } from "@/lib/db";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { deniedPermissions as denied } from "@/lib/testing/permissions";

// Lets a test take single permissions away from a role, to show each part is gated by its own permission.
vi.mock("@/lib/auth/permissions", async (importOriginal) =>
  (await import("@/lib/testing/permissions")).withDeniedPermissions(importOriginal),
);
afterEach(() => {
  denied.clear();
  vi.restoreAllMocks();
});

const NOW = new Date("2026-12-05T08:00:00Z");
const DAY = 86_400_000;
let admin: Ctx;
let viewer: Ctx;
let other: Ctx;
let programId: string;
let tenantId: string;

async function makeCertificate(notAfter: Date, serial: string, environment = "production") {
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
      notBefore: new Date(NOW.getTime() - 60 * DAY),
      notAfter,
      certificatePem: "-",
    },
  });
}

beforeAll(async () => {
  const t = await makeTenant("Dashboard");
  tenantId = t.id;
  admin = await makeCtx("tenant_admin", { tenantId });
  viewer = await makeCtx("tenant_viewer", { tenantId });
  programId = (await makeProgram(admin, { name: "Dash card" })).id;
  other = await makeCtx("tenant_admin", { tenantId: (await makeTenant("Other")).id });
  await makeProgram(other, { name: "Foreign" });
  await makeCertificate(new Date(NOW.getTime() + 10 * DAY), "d0a1");
  await makeCertificate(new Date(NOW.getTime() + 80 * DAY), "d0a2", "staging"); // not expiring, and renews nothing of production
  await db.webhookEndpoint.create({
    data: {
      tenantId,
      url: "https://hooks.example/failing",
      events: "[]",
      status: "verification_failed",
      secretSealed: "x",
    },
  });
  await db.webhookEndpoint.create({
    data: { tenantId, url: "https://hooks.example/ok", events: "[]", status: "active", secretSealed: "x" },
  });
  await db.programRequest.create({
    data: {
      tenantId,
      programId,
      kind: "sms_sender_id",
      status: "submitted",
      payload: JSON.stringify({ senderId: "DashSender", countries: "GB", useDescription: "OTP" }),
      submittedBy: admin.userId!,
    },
  });
  await db.auditEvent.create({ data: { tenantId, actorLabel: "admin@test", action: "program.created" } });
});

describe("getDashboard", () => {
  it("tenant_admin: every part, from its own Tenant only", async () => {
    const d = await getDashboard(admin, NOW);
    expect(d.programs.map((p) => p.name)).toEqual(["Dash card"]);
    expect(d.expiringCertificates?.map((c) => [c.serialHex, c.daysLeft])).toEqual([["d0a1", 10]]);
    expect(d.webhooksNeedingAttention?.map((w) => w.url)).toEqual(["https://hooks.example/failing"]);
    expect(d.openRequests?.map((r) => r.status)).toEqual(["submitted"]);
    expect(d.unsettledDesigns).toEqual([]);
    expect(d.onboarding?.[0]).toMatchObject({ programId, name: "Dash card" });
    expect(d.onboarding?.[0].open.map((o) => o.key)).toContain("allowlist");
    expect(d.recentActivity?.some((e) => e.action === "program.created")).toBe(true);
  });

  it("a certificate renewed by a longer-lived one of the same scope needs no attention", async () => {
    const renewal = await makeCertificate(new Date(NOW.getTime() + 40 * DAY), "d0a3");
    const d = await getDashboard(admin, NOW);
    expect(d.expiringCertificates).toEqual([]);
    await db.certificate.delete({ where: { id: renewal.id } });
  });

  it("tenant_viewer: the same parts (it may read each)", async () => {
    const d = await getDashboard(viewer, NOW);
    expect(d.expiringCertificates).toHaveLength(1);
    expect(d.recentActivity).not.toBeNull();
  });

  it("another Tenant sees none of it", async () => {
    const d = await getDashboard(other, NOW);
    expect(d.programs.map((p) => p.name)).toEqual(["Foreign"]);
    expect(d.expiringCertificates).toEqual([]);
    expect(d.webhooksNeedingAttention).toEqual([]);
    expect(d.openRequests).toEqual([]);
    expect(d.recentActivity?.some((e) => e.actorLabel === "admin@test")).toBe(false);
  });

  it.each([
    ["certificates:read", "expiringCertificates", "certificate"],
    ["webhooks:read", "webhooksNeedingAttention", "webhookEndpoint"],
    ["requests:read", "openRequests", "programRequest"],
    ["designs:read", "unsettledDesigns", "cardDesign"],
    ["audit:read", "recentActivity", "auditEvent"],
  ] as const)("without %s, %s is left out and its table is not read", async (permission, part, table) => {
    denied.add(permission);
    const spy = vi.spyOn(db[table], "findMany");
    const d = await getDashboard(viewer, NOW);
    expect(d[part]).toBeNull();
    expect(spy).not.toHaveBeenCalled();
  });

  it("without onboarding:read, no onboarding part", async () => {
    denied.add("onboarding:read");
    expect((await getDashboard(admin, NOW)).onboarding).toBeNull();
  });
});
