import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { issueApiKey } from "@/lib/api-keys/service";
import { createApiUser } from "@/lib/api-users/service";
import type { Ctx } from "@/lib/auth/context";
import { getCredentialReadiness } from "@/lib/credentials/readiness";
import { getCredentialRegister } from "@/lib/credentials/register";
import { db } from "@/lib/db";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { deniedPermissions as denied } from "@/lib/testing/permissions";

// The credential pages are the certificates feature's, but show allowlist and API-key facts too. No sign-in role
// today holds certificates:read without the other two, so a test takes single permissions away from a role.
vi.mock("@/lib/auth/permissions", async (importOriginal) =>
  (await import("@/lib/testing/permissions")).withDeniedPermissions(importOriginal),
);
afterEach(() => {
  denied.clear();
  vi.restoreAllMocks();
});

let viewer: Ctx;
let programId: string;
const T0 = new Date("2030-03-01T12:00:00Z");

beforeAll(async () => {
  const t = await makeTenant("Readiness");
  const admin = await makeCtx("tenant_admin", { tenantId: t.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
  programId = (await makeProgram(admin)).id;
  const u = await createApiUser(admin, { name: "Reader test", pattern: "program", programId });
  await issueApiKey(admin, { apiUserId: u.id, environment: "production" }, T0);
  await db.allowlistEntry.create({
    data: {
      tenantId: t.id,
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
});

describe("getCredentialReadiness", () => {
  it("a reader with all three permissions gets all three factors", async () => {
    expect(await getCredentialReadiness(viewer, "production", programId, T0)).toEqual([
      { key: "certificate", ok: false, detail: "No valid certificate: the TLS handshake will fail." },
      { key: "allowlist", ok: true, detail: "1 of 1 entries usable (single addresses need FCrDNS to pass)." },
      // the key exists, but its API user has no valid certificate: the gateway would refuse it (401)
      {
        key: "api_key",
        ok: false,
        detail:
          "No working API key of an API user with a valid certificate: a certificate works only with its own API user's key, so requests get 401.",
      },
    ]);
  });

  it("without allowlist:read or apiusers:read, those factors are neither read nor returned", async () => {
    denied.add("allowlist:read").add("apiusers:read");
    const entries = vi.spyOn(db.allowlistEntry, "findMany");
    const keys = vi.spyOn(db.apiKey, "findMany");
    expect((await getCredentialReadiness(viewer, "production", programId, T0)).map((i) => i.key)).toEqual([
      "certificate",
    ]);
    expect([entries.mock.calls.length, keys.mock.calls.length]).toEqual([0, 0]);
  });

  it("a partner is not found (no certificates:read)", async () => {
    const partner = await makeCtx("partner_viewer", { tenantId: viewer.tenantId, programId });
    await expect(getCredentialReadiness(partner, "production", programId, T0)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("getCredentialRegister", () => {
  it("shows the API key's last rotation only to a reader with apiusers:read, and reads no API key otherwise", async () => {
    const row = (rows: Awaited<ReturnType<typeof getCredentialRegister>>) =>
      rows.find((r) => r.environment === "production" && r.programId === programId);
    expect(row(await getCredentialRegister(viewer, T0))?.apiKeyLastRotatedAt).toEqual(T0);
    denied.add("apiusers:read");
    const keys = vi.spyOn(db.apiKey, "findMany");
    expect(row(await getCredentialRegister(viewer, T0))).toMatchObject({
      scope: "program",
      state: "missing",
      apiKeyLastRotatedAt: null,
    });
    expect(keys.mock.calls.length).toBe(0);
  });
});
