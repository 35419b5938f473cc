import { beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "@/lib/api-keys/format";
import { compromiseApiKey, issueApiKey, listApiKeys, revokeApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { recordApiKeyUse, verifyApiKey } from "@/lib/api-keys/verify";
import { createApiUser, disableApiUser, getApiUser, listApiUsers } from "@/lib/api-users/service";
import type { Ctx } from "@/lib/auth/context";
import { getCredentialRegister } from "@/lib/credentials/register";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

let admin: Ctx;
let viewer: Ctx;
let other: Ctx;
let programId: string;
const T0 = new Date("2030-03-01T12:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const H = 3_600_000;

beforeAll(async () => {
  const [a, b] = [await makeTenant(), await makeTenant()];
  admin = await makeCtx("tenant_admin", { tenantId: a.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: a.id });
  other = await makeCtx("tenant_admin", { tenantId: b.id });
  programId = (await makeProgram(admin)).id;
});

async function codeOf(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected AppError, got ${String(e)}`);
  return e.code;
}

let n = 0;
const programUser = () => createApiUser(admin, { name: `Program user ${++n}`, pattern: "program", programId });

describe("API users", () => {
  it("binds program-level patterns to one program and tenant-level ones to none", async () => {
    const p = await programUser();
    expect(p).toMatchObject({ pattern: "program", level: "program", programId });
    const wl = await createApiUser(admin, { name: "Partner creds", pattern: "white_label", programId });
    expect(wl.level).toBe("program");
    const t = await createApiUser(admin, { name: "Platform team", pattern: "tenant_admin" });
    expect(t).toMatchObject({ level: "tenant", programId: null });
    expect(await codeOf(createApiUser(admin, { name: "No program", pattern: "program" }))).toBe("VALIDATION");
    expect(
      await codeOf(createApiUser(admin, { name: "Vis with program", pattern: "tenant_visibility", programId })),
    ).toBe("VALIDATION");
    expect(await codeOf(createApiUser(admin, { name: "Platform team", pattern: "tenant_admin" }))).toBe("CONFLICT");
    expect(await codeOf(createApiUser(other, { name: "Theirs", pattern: "program", programId }))).toBe("NOT_FOUND");
    expect(await codeOf(createApiUser(viewer, { name: "Viewer made", pattern: "tenant_admin" }))).toBe("FORBIDDEN");
    expect((await listApiUsers(viewer)).map((u) => u.name)).toEqual(
      expect.arrayContaining(["Platform team", "Partner creds"]),
    );
    expect(await codeOf(getApiUser(other, t.id))).toBe("NOT_FOUND");
    expect(
      await db.auditEvent.count({ where: { action: "api_user.created", tenantId: admin.tenantId } }),
    ).toBeGreaterThanOrEqual(3);
  });
});

describe("API keys", () => {
  it("shows the key once and stores only its hash", async () => {
    const u = await programUser();
    const { key, apiKey } = await issueApiKey(admin, { apiUserId: u.id, environment: "staging" }, T0);
    expect(key).toMatch(/^axys_stg_p_[0-9A-Za-z]{32}$/);
    expect(apiKey.masked).toBe(`axys_stg_p_…${key.slice(-4)}`);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(JSON.stringify(row)).not.toContain(key.slice(11));
    expect(row.keyHash).toBe(hashApiKey(key));
    const audits = await db.auditEvent.findMany({ where: { targetId: apiKey.id } });
    expect(JSON.stringify(audits)).not.toContain(key.slice(11));
    expect((await listApiKeys(viewer, u.id)).map((k) => k.masked)).toEqual([apiKey.masked]);
    expect(await codeOf(issueApiKey(admin, { apiUserId: u.id, environment: "staging" }, T0))).toBe("CONFLICT"); // rotate instead
  });

  it("verifies a key for its environment only, with the API user's scope", async () => {
    const u = await programUser();
    const { key, apiKey } = await issueApiKey(admin, { apiUserId: u.id, environment: "staging" }, T0);
    expect(await verifyApiKey(key, "staging", T0)).toEqual({
      ok: true,
      scope: { keyId: apiKey.id, apiUserId: u.id, tenantId: admin.tenantId, programId, level: "program" },
    });
    expect(await verifyApiKey(key, "production", T0)).toEqual({ ok: false, reason: "wrong_environment" });
    expect(await verifyApiKey(key.slice(0, -1) + (key.endsWith("a") ? "b" : "a"), "staging", T0)).toEqual({
      ok: false,
      reason: "unknown",
    });
    expect(await verifyApiKey("not-a-key", "staging", T0)).toEqual({ ok: false, reason: "malformed" });
    const t = await createApiUser(admin, { name: `Tenant ${++n}`, pattern: "tenant_visibility" });
    const tk = await issueApiKey(admin, { apiUserId: t.id, environment: "production" }, T0);
    expect(tk.key).toMatch(/^axys_prd_t_/);
    expect(await verifyApiKey(tk.key, "production", T0)).toMatchObject({
      ok: true,
      scope: { level: "tenant", programId: null },
    });
  });

  it("rotates with an overlap in which both keys work, and the old one fails after the window", async () => {
    const u = await programUser();
    const first = await issueApiKey(admin, { apiUserId: u.id, environment: "production" }, T0);
    const rotated = await rotateApiKey(admin, { keyId: first.apiKey.id, overlap: "24h" }, at(H));
    expect(rotated.previous).toMatchObject({ status: "overlap", expiresAt: at(25 * H) });
    expect(rotated.apiKey.status).toBe("active");
    expect((await verifyApiKey(first.key, "production", at(24 * H))).ok).toBe(true);
    expect((await verifyApiKey(rotated.key, "production", at(24 * H))).ok).toBe(true);
    expect(await verifyApiKey(first.key, "production", at(25 * H))).toEqual({ ok: false, reason: "expired" });
    expect((await verifyApiKey(rotated.key, "production", at(25 * H))).ok).toBe(true);
    expect(await codeOf(rotateApiKey(admin, { keyId: first.apiKey.id, overlap: "1h" }, at(2 * H)))).toBe("CONFLICT"); // already rotated
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "api_key.rotated", targetId: first.apiKey.id },
    });
    expect(JSON.parse(audit.after!).old.status).toBe("overlap");
  });

  it("bounds the overlap and supports immediate rotation", async () => {
    const u = await programUser();
    const k = await issueApiKey(admin, { apiUserId: u.id, environment: "staging" }, T0);
    expect(await codeOf(rotateApiKey(admin, { keyId: k.apiKey.id, overlap: "8d" }, T0))).toBe("VALIDATION");
    expect(await codeOf(rotateApiKey(admin, { keyId: k.apiKey.id, overlap: "soon" }, T0))).toBe("VALIDATION");
    const r = await rotateApiKey(admin, { keyId: k.apiKey.id, overlap: "immediately" }, T0);
    expect(r.previous.status).toBe("revoked");
    expect(await verifyApiKey(k.key, "staging", T0)).toEqual({ ok: false, reason: "revoked" });
    const w = await rotateApiKey(admin, { keyId: r.apiKey.id, overlap: "7d" }, T0);
    expect(w.previous.expiresAt).toEqual(at(7 * 24 * H));
  });

  it("compromise issues a new key and revokes the old at once, in one step", async () => {
    const u = await programUser();
    const k = await issueApiKey(admin, { apiUserId: u.id, environment: "production" }, T0);
    expect(await codeOf(compromiseApiKey(admin, { keyId: k.apiKey.id, reason: "" }, T0))).toBe("VALIDATION");
    const c = await compromiseApiKey(admin, { keyId: k.apiKey.id, reason: "pasted in a public chat" }, at(1000));
    expect(await verifyApiKey(k.key, "production", at(1000))).toEqual({ ok: false, reason: "revoked" });
    expect((await verifyApiKey(c.key, "production", at(1000))).ok).toBe(true);
    expect(c.previous.revokedReason).toBe("compromised: pasted in a public chat");
    expect(await db.auditEvent.count({ where: { action: "api_key.compromised", targetId: k.apiKey.id } })).toBe(1);
    // a key in its rotation overlap can be declared compromised too
    const r = await rotateApiKey(admin, { keyId: c.apiKey.id, overlap: "24h" }, at(2000));
    await compromiseApiKey(admin, { keyId: c.apiKey.id, reason: "leaked" }, at(3000));
    expect(await verifyApiKey(c.key, "production", at(3000))).toEqual({ ok: false, reason: "revoked" });
    expect((await verifyApiKey(r.key, "production", at(3000))).ok).toBe(true);
  });

  it("revokes, refuses viewers and other tenants, and fails keys of a disabled user", async () => {
    const u = await programUser();
    const k = await issueApiKey(admin, { apiUserId: u.id, environment: "staging" }, T0);
    expect(await codeOf(issueApiKey(viewer, { apiUserId: u.id, environment: "production" }))).toBe("FORBIDDEN");
    expect(await codeOf(revokeApiKey(viewer, { keyId: k.apiKey.id }))).toBe("FORBIDDEN");
    expect(await codeOf(revokeApiKey(other, { keyId: k.apiKey.id }))).toBe("NOT_FOUND");
    expect(await codeOf(rotateApiKey(other, { keyId: k.apiKey.id, overlap: "1h" }))).toBe("NOT_FOUND");
    expect(await codeOf(listApiKeys(other, u.id))).toBe("NOT_FOUND");
    expect(await codeOf(issueApiKey(other, { apiUserId: u.id, environment: "production" }))).toBe("NOT_FOUND");
    expect((await verifyApiKey(k.key, "staging", T0)).ok).toBe(true);

    const p = await issueApiKey(admin, { apiUserId: u.id, environment: "production" }, T0);
    await disableApiUser(admin, u.id, T0);
    expect(await verifyApiKey(p.key, "production", T0)).toEqual({ ok: false, reason: "disabled" });
    expect(await codeOf(rotateApiKey(admin, { keyId: p.apiKey.id, overlap: "1h" }, T0))).toBe("CONFLICT");

    await revokeApiKey(admin, { keyId: k.apiKey.id }, T0);
    expect(await verifyApiKey(k.key, "staging", T0)).toEqual({ ok: false, reason: "revoked" });
  });

  it("records the last use at most once a minute per key", async () => {
    const u = await programUser();
    const k = await issueApiKey(admin, { apiUserId: u.id, environment: "staging" }, T0);
    expect(await recordApiKeyUse(k.apiKey.id, "198.51.100.9", T0)).toBe(true);
    expect(await recordApiKeyUse(k.apiKey.id, "198.51.100.10", at(30_000))).toBe(false);
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: k.apiKey.id } })).toMatchObject({
      lastUsedAt: T0,
      lastUsedIp: "198.51.100.9",
    });
    expect(await recordApiKeyUse(k.apiKey.id, "198.51.100.11", at(61_000))).toBe(true);
    expect((await listApiKeys(admin, u.id))[0]).toMatchObject({ lastUsedAt: at(61_000), lastUsedIp: "198.51.100.11" });
  });

  it("fills the credential register's last-rotated column per environment and scope", async () => {
    const t = await makeTenant();
    const a = await makeCtx("tenant_admin", { tenantId: t.id });
    const p = (await makeProgram(a)).id;
    const u = await createApiUser(a, { name: "Reg", pattern: "program", programId: p });
    const k = await issueApiKey(a, { apiUserId: u.id, environment: "production" }, T0);
    const r = await rotateApiKey(a, { keyId: k.apiKey.id, overlap: "1h" }, at(5 * H));
    const rows = await getCredentialRegister(a, at(6 * H));
    expect(rows.find((x) => x.environment === "production" && x.programId === p)?.apiKeyLastRotatedAt).toEqual(
      r.apiKey.createdAt,
    );
    expect(rows.find((x) => x.environment === "staging" && x.programId === p)?.apiKeyLastRotatedAt).toBeNull();
  });
});
