import { beforeAll, describe, expect, it } from "vitest";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { resolveSession, startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { changeRole, endMemberSessions, listMembers, removeMember } from "@/lib/team/service";
import { appErrorOf as errorOf } from "@/lib/testing/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

const info = { ip: "198.51.100.8", userAgent: "vitest" };
let tenantId: string;
let admin: Ctx, viewer: Ctx, partner: Ctx, staff: Ctx, otherAdmin: Ctx;

beforeAll(async () => {
  tenantId = (await makeTenant()).id;
  admin = await makeCtx("tenant_admin", { tenantId });
  viewer = await makeCtx("tenant_viewer", { tenantId });
  const programId = (await makeProgram(admin)).id;
  partner = await makeCtx("partner_viewer", { tenantId, programId });
  staff = await makeCtx("staff_reviewer");
  otherAdmin = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
});

/** A signed-in browser of `ctx`'s user: its session's claims, as the JWT carries them. */
async function signIn(ctx: Ctx) {
  return { uid: ctx.userId!, sid: await startSession(ctx.userId!, info) };
}
const roleOf = async (id: string) => (await db.user.findUnique({ where: { id }, select: { role: true } }))!.role;

describe("listMembers", () => {
  it("lists the team (not partners or staff) with role, 2FA, last sign-in, disabled and you", async () => {
    const signedIn = new Date("2026-12-01T10:00:00Z");
    await db.user.update({ where: { id: viewer.userId! }, data: { lastSignInAt: signedIn } });
    await signIn(viewer);
    const members = await listMembers(admin);
    expect(members.map((m) => m.email).sort()).toEqual([admin.actorLabel, viewer.actorLabel].sort());
    expect(members.find((m) => m.id === viewer.userId)).toMatchObject({
      role: "tenant_viewer",
      twoFactor: false,
      lastSignInAt: signedIn,
      disabled: false,
      you: false,
      liveSessions: 1,
    });
    expect(members.find((m) => m.id === admin.userId)).toMatchObject({ you: true, lastSignInAt: null });

    // 2FA: a confirmed TOTP app, or any passkey
    await db.user.update({ where: { id: admin.userId! }, data: { totpConfirmedAt: new Date() } });
    expect((await listMembers(viewer)).find((m) => m.id === admin.userId)).toMatchObject({
      twoFactor: true,
      you: false,
    });
    await db.user.update({ where: { id: admin.userId! }, data: { totpConfirmedAt: null } });
    await db.passkey.create({
      data: { userId: viewer.userId!, credentialId: `cred-${viewer.userId}`, publicKey: "pk", name: "Key" },
    });
    expect((await listMembers(viewer)).find((m) => m.id === viewer.userId)).toMatchObject({
      twoFactor: true,
      you: true,
    });

    for (const outsider of [partner, staff]) expect((await errorOf(listMembers(outsider))).code).toBe("NOT_FOUND");
    expect((await listMembers(otherAdmin)).map((m) => m.email)).toEqual([otherAdmin.actorLabel]);
  });
});

describe("changeRole", () => {
  it("takes effect at once (the next request sees the new role), audited; viewers and other Tenants may not", async () => {
    const member = await makeCtx("tenant_viewer", { tenantId });
    const browser = await signIn(member);
    expect((await resolveSession(browser))!.role).toBe("tenant_viewer");

    expect(await changeRole(admin, { userId: member.userId!, role: "tenant_admin" })).toEqual({
      id: member.userId,
      role: "tenant_admin",
      changed: true,
    });
    expect((await resolveSession(browser))!.role).toBe("tenant_admin");
    const audit = await db.auditEvent.findFirst({ where: { action: "team.role_changed", targetId: member.userId! } });
    expect(audit).toMatchObject({ actorLabel: admin.actorLabel, tenantId });
    expect(JSON.parse(audit!.before!)).toMatchObject({ role: "tenant_viewer" });
    expect(JSON.parse(audit!.after!)).toMatchObject({ role: "tenant_admin" });

    await changeRole(admin, { userId: member.userId!, role: "tenant_viewer" });
    expect((await resolveSession(browser))!.role).toBe("tenant_viewer");
    // the same role again changes nothing and records nothing
    expect((await changeRole(admin, { userId: member.userId!, role: "tenant_viewer" })).changed).toBe(false);
    expect(await db.auditEvent.count({ where: { action: "team.role_changed", targetId: member.userId! } })).toBe(2);

    expect((await errorOf(changeRole(viewer, { userId: member.userId!, role: "tenant_admin" }))).code).toBe(
      "FORBIDDEN",
    );
    // another Tenant's member, a partner user, Axys staff: not members, "not found", nothing changes
    for (const target of [viewer, partner, staff]) {
      const before = await roleOf(target.userId!);
      const e = await errorOf(changeRole(otherAdmin, { userId: target.userId!, role: "tenant_admin" }));
      expect([e.code, e.message]).toEqual(["NOT_FOUND", "Member not found."]);
      expect(await roleOf(target.userId!)).toBe(before);
    }
    for (const target of [partner, staff])
      expect((await errorOf(changeRole(admin, { userId: target.userId!, role: "tenant_admin" }))).code).toBe(
        "NOT_FOUND",
      );
    expect((await errorOf(changeRole(admin, { userId: member.userId!, role: "partner_viewer" as never }))).field).toBe(
      "role",
    );
    expect(await roleOf(member.userId!)).toBe("tenant_viewer");
  });
});

describe("the last administrator", () => {
  it("cannot be demoted or removed", async () => {
    const t = (await makeTenant()).id;
    const a = await makeCtx("tenant_admin", { tenantId: t });
    const b = await makeCtx("tenant_admin", { tenantId: t });
    await changeRole(a, { userId: b.userId!, role: "tenant_viewer" });
    expect(await errorOf(changeRole(a, { userId: a.userId!, role: "tenant_viewer" }))).toMatchObject({
      code: "CONFLICT",
      message: `${a.actorLabel} is the last administrator of this Tenant. Make another member an administrator first, then change this role.`,
    });
    // only an operator could try to remove the last admin (nobody removes themselves)
    expect((await errorOf(removeMember(a, { userId: a.userId! }))).message).toMatch(/cannot remove yourself/);
    expect((await errorOf(removeMember(operatorCtx({ tenantId: t }), { userId: a.userId! }))).message).toMatch(
      /is the last administrator of this Tenant/,
    );
    expect(await db.user.findUnique({ where: { id: a.userId! } })).toMatchObject({
      role: "tenant_admin",
      disabledAt: null,
    });
    // a disabled admin does not count
    const c = await makeCtx("tenant_admin", { tenantId: t });
    await db.user.update({ where: { id: c.userId! }, data: { disabledAt: new Date() } });
    expect((await errorOf(changeRole(a, { userId: a.userId!, role: "tenant_viewer" }))).code).toBe("CONFLICT");
    // with a second enabled admin, the first may step down
    await changeRole(a, { userId: b.userId!, role: "tenant_admin" });
    await changeRole(a, { userId: a.userId!, role: "tenant_viewer" });
    expect(await roleOf(a.userId!)).toBe("tenant_viewer");
  });

  it("survives two admins demoting (or removing) each other at the same moment", async () => {
    for (let round = 0; round < 3; round++) {
      const t = (await makeTenant()).id;
      const a = await makeCtx("tenant_admin", { tenantId: t });
      const b = await makeCtx("tenant_admin", { tenantId: t });
      const results = await Promise.allSettled(
        round === 2
          ? [removeMember(a, { userId: b.userId! }), removeMember(b, { userId: a.userId! })]
          : [
              changeRole(a, { userId: b.userId!, role: "tenant_viewer" }),
              changeRole(b, { userId: a.userId!, role: "tenant_viewer" }),
            ],
      );
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(await db.user.count({ where: { tenantId: t, role: "tenant_admin", disabledAt: null } })).toBe(1);
    }
  });
});

describe("removeMember", () => {
  it("disables the account and ends its open sessions at once, in one audited change", async () => {
    const member = await makeCtx("tenant_viewer", { tenantId });
    const [laptop, phone] = [await signIn(member), await signIn(member)];
    expect(await resolveSession(laptop)).not.toBeNull();

    expect((await errorOf(removeMember(viewer, { userId: member.userId! }))).code).toBe("FORBIDDEN");
    expect((await errorOf(removeMember(otherAdmin, { userId: member.userId! }))).code).toBe("NOT_FOUND");
    expect((await errorOf(removeMember(admin, { userId: partner.userId! }))).code).toBe("NOT_FOUND");
    expect(await resolveSession(laptop)).not.toBeNull();

    expect(await removeMember(admin, { userId: member.userId! })).toEqual({ id: member.userId, revokedSessions: 2 });
    expect(await resolveSession(laptop)).toBeNull();
    expect(await resolveSession(phone)).toBeNull();
    expect(await db.session.findMany({ where: { userId: member.userId! }, select: { revokedReason: true } })).toEqual([
      { revokedReason: "member_removed" },
      { revokedReason: "member_removed" },
    ]);
    expect((await db.user.findUnique({ where: { id: member.userId! } }))!.disabledAt).not.toBeNull();
    const audit = await db.auditEvent.findFirst({ where: { action: "team.member_removed", targetId: member.userId! } });
    expect(JSON.parse(audit!.after!)).toEqual({ disabled: true, revokedSessions: 2 });

    expect((await listMembers(admin)).find((m) => m.id === member.userId)).toMatchObject({
      disabled: true,
      liveSessions: 0,
    });
    expect((await errorOf(removeMember(admin, { userId: member.userId! }))).message).toMatch(/already removed/);
    expect((await errorOf(changeRole(admin, { userId: member.userId!, role: "tenant_admin" }))).code).toBe("CONFLICT");
  });
});

describe("endMemberSessions", () => {
  it("revokes every live session of a member of the same Tenant; the account stays enabled", async () => {
    const member = await makeCtx("tenant_viewer", { tenantId });
    const browser = await signIn(member);
    expect((await errorOf(endMemberSessions(otherAdmin, { userId: member.userId! }))).code).toBe("NOT_FOUND");
    expect((await errorOf(endMemberSessions(viewer, { userId: member.userId! }))).code).toBe("FORBIDDEN");
    expect(await resolveSession(browser)).not.toBeNull();

    expect(await endMemberSessions(admin, { userId: member.userId! })).toEqual({
      id: member.userId,
      revokedSessions: 1,
    });
    expect(await resolveSession(browser)).toBeNull();
    expect(await db.session.findUnique({ where: { id: browser.sid }, select: { revokedReason: true } })).toEqual({
      revokedReason: "ended_by_admin",
    });
    expect(await db.auditEvent.count({ where: { action: "team.sessions_ended", targetId: member.userId! } })).toBe(1);
    // a new sign-in works
    expect(await resolveSession(await signIn(member))).not.toBeNull();
  });
});
