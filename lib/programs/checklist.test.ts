import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { getCa } from "@/lib/certificates/ca";
import { db } from "@/lib/db";
import { getOnboardingChecklist, PARTNER_ONBOARDING_NOTE } from "@/lib/programs/checklist";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { deniedPermissions as denied } from "@/lib/testing/permissions";

// Lets a test take single permissions away from a role, to show each step is gated by its own permission.
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
let programId: string;

const ALL_KEYS = [
  "program_created",
  "fee_structure",
  "fee_schedule",
  "certificate",
  "allowlist",
  "card_designs",
  "sms_sender",
  "deposit_address_types",
  "bank_account",
  "partner_access",
];

beforeAll(async () => {
  const t = await makeTenant("Onboarding");
  admin = await makeCtx("tenant_admin", { tenantId: t.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
  programId = (await makeProgram(admin)).id;
  partner = await makeCtx("partner_viewer", { tenantId: t.id, programId });
  const tenantId = t.id;
  // state of other features the checklist reports on: an SMS sender request, the bank account, an allowlist range, a fee schedule
  await db.programRequest.create({
    data: {
      tenantId,
      programId,
      kind: "sms_sender_id",
      status: "submitted",
      payload: JSON.stringify({ senderId: "SenderName", countries: "GB", useDescription: "OTP" }),
      submittedBy: admin.userId!,
    },
  });
  await db.bankCredentials.create({
    data: {
      tenantId,
      programId,
      accountHolder: "Acme Ltd",
      accountNumber: "GB33BUKB20201555555555",
      scheme: "iban",
      bic: "BUKBGB22",
      paymentReferenceFormat: "ACME-{id}",
      updatedBy: "test",
    },
  });
  await db.allowlistEntry.create({
    data: {
      tenantId,
      programId,
      environment: "production",
      cidr: "198.51.100.0/24",
      ipVersion: 4,
      rangeStart: "198.51.100.0",
      rangeEnd: "198.51.100.255",
      description: "office",
      createdByLabel: "test",
    },
  });
  await db.feeSchedule.create({
    data: {
      tenantId,
      programId,
      version: 1,
      effectiveAt: new Date("2026-01-01T00:00:00Z"),
      billingCycle: "monthly",
      billingDay: 1,
      settlementAsset: "EUR",
      items: "[]",
      createdBy: "test",
    },
  });
});

const byKey = (items: { key: string; detail: string }[]) => Object.fromEntries(items.map((i) => [i.key, i.detail]));

describe("getOnboardingChecklist, per role", () => {
  it("tenant_admin: every step, computed from the features' state", async () => {
    const c = await getOnboardingChecklist(admin, programId);
    expect(c.note).toBeNull();
    expect(c.items.map((i) => i.key)).toEqual(ALL_KEYS);
    expect(byKey(c.items)).toMatchObject({
      sms_sender: "SenderName: submitted.",
      bank_account: "Account ready (IBAN); reveal it on the Bank account page.",
      allowlist: "Production: 1 of 1 entries usable (FCrDNS passing).",
      fee_schedule: "1 schedule version.",
      partner_access: "1 partner user with read-only access.",
    });
  });

  it("each step links to the page that completes it, with the environment when only one completes it", async () => {
    const c = await getOnboardingChecklist(admin, programId);
    const hrefs = Object.fromEntries(c.items.map((i) => [i.key, i.href]));
    expect(hrefs).toEqual({
      program_created: `/programs/${programId}`,
      fee_structure: `/programs/${programId}?env=production`,
      fee_schedule: `/programs/${programId}/fees?env=production`,
      certificate: `/certificates/${programId}?env=production`,
      allowlist: `/allowlist/${programId}?env=production`,
      card_designs: `/programs/${programId}/designs`,
      sms_sender: `/programs/${programId}/sms-sender`,
      deposit_address_types: `/programs/${programId}/deposit-addresses`,
      bank_account: `/programs/${programId}/bank`,
      partner_access: `/programs/${programId}/partners`,
    });
  });

  it("tenant_viewer: every step (it holds each step's read permission)", async () => {
    const c = await getOnboardingChecklist(viewer, programId);
    expect(c.note).toBeNull();
    expect(c.items.map((i) => i.key)).toEqual(ALL_KEYS);
    expect(byKey(c.items).sms_sender).toBe("SenderName: submitted.");
  });

  it("partner_viewer: no step at all, only the note, and none of the other features' tables is read", async () => {
    const reads = [
      vi.spyOn(db.programRequest, "findFirst"),
      vi.spyOn(db.programRequest, "findMany"),
      vi.spyOn(db.bankCredentials, "findFirst"),
      vi.spyOn(db.certificate, "findMany"),
      vi.spyOn(db.allowlistEntry, "findMany"),
      vi.spyOn(db.feeSchedule, "count"),
      vi.spyOn(db.cardDesign, "findMany"),
      vi.spyOn(db.user, "count"),
    ];
    const c = await getOnboardingChecklist(partner, programId);
    expect(c).toEqual({ items: [], note: PARTNER_ONBOARDING_NOTE });
    expect(PARTNER_ONBOARDING_NOTE).toBe("Your program operator manages onboarding.");
    expect(reads.map((r) => r.mock.calls.length)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("partner_viewer of another Program, or another Tenant's admin: not found", async () => {
    const other = await makeCtx("tenant_admin", { tenantId: (await makeTenant("Other")).id });
    await expect(getOnboardingChecklist(other, programId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const elsewhere = await makeCtx("partner_viewer", {
      tenantId: admin.tenantId,
      programId: (await makeProgram(admin)).id,
    });
    await expect(getOnboardingChecklist(elsewhere, programId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("each step needs its own permission: without bank:read and requests:read those steps are neither returned nor queried", async () => {
    denied.add("bank:read").add("requests:read");
    const bank = vi.spyOn(db.bankCredentials, "findFirst");
    const requests = vi.spyOn(db.programRequest, "findFirst");
    const c = await getOnboardingChecklist(viewer, programId);
    expect(c.items.map((i) => i.key)).toEqual(
      ALL_KEYS.filter((k) => !["sms_sender", "deposit_address_types", "bank_account"].includes(k)),
    );
    expect([bank.mock.calls.length, requests.mock.calls.length]).toEqual([0, 0]);
  });

  it("each step needs its own permission: fees, certificates, allowlist, designs and partners likewise", async () => {
    for (const [action, keys] of [
      ["fees:read", ["fee_structure", "fee_schedule"]],
      ["certificates:read", ["certificate"]],
      ["allowlist:read", ["allowlist"]],
      ["designs:read", ["card_designs"]],
      ["partners:read", ["partner_access"]],
    ] as const) {
      denied.clear();
      denied.add(action);
      const c = await getOnboardingChecklist(admin, programId);
      expect(
        c.items.map((i) => i.key),
        action,
      ).toEqual(ALL_KEYS.filter((k) => !(keys as readonly string[]).includes(k)));
    }
  });
});

describe("getOnboardingChecklist, certificate step", () => {
  it("counts only a certificate in force: one not valid before next week leaves the step open", async () => {
    const t = await makeTenant("Future cert");
    const owner = await makeCtx("tenant_admin", { tenantId: t.id });
    const id = (await makeProgram(owner)).id;
    const now = new Date("2026-12-05T08:00:00Z");
    const ca = await getCa("production");
    const cert = (serial: string, notBefore: Date) =>
      db.certificate.create({
        data: {
          tenantId: t.id,
          programId: id,
          environment: "production",
          caId: ca.id,
          serialHex: serial,
          fingerprintSha256: `fp-${serial}`,
          publicKeySha256: `pk-${serial}`,
          keyType: "EC P-256",
          subject: "CN=test",
          dnsNames: "[]",
          notBefore,
          notAfter: new Date(now.getTime() + 90 * 86_400_000),
          certificatePem: "-",
        },
      });
    const step = async () => (await getOnboardingChecklist(owner, id, now)).items.find((i) => i.key === "certificate")!;
    await cert("f0a1", new Date(now.getTime() + 7 * 86_400_000));
    expect(await step()).toMatchObject({ done: false, detail: "Production: none yet · staging: none yet." });
    await cert("f0a2", new Date(now.getTime() - 60_000));
    expect(await step()).toMatchObject({ done: true, detail: "Production: valid · staging: none yet." });
  });
});
