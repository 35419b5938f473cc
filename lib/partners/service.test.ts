import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { acceptInvitation, CANNOT_ACCEPT, viewInvitation } from "@/lib/invitations/service";
import {
  getPartnerVisibility,
  invitePartner,
  listPartnerAccess,
  removePartnerUser,
  revokePartnerInvitation as revokeInvitation,
  setPartnerVisibility,
} from "@/lib/partners/service";
import { appErrorOf } from "@/lib/testing/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

let admin: Ctx, viewer: Ctx, partner: Ctx, other: Ctx;
let programId: string, otherProgramId: string;
const req = { ip: "198.51.100.4", userAgent: "vitest" };
const PASSWORD = "partner-password-1";

const errorOf = appErrorOf;

beforeAll(async () => {
  const [a, b] = [await makeTenant(), await makeTenant()];
  admin = await makeCtx("tenant_admin", { tenantId: a.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: a.id });
  programId = (await makeProgram(admin)).id;
  partner = await makeCtx("partner_viewer", { tenantId: a.id, programId });
  other = await makeCtx("tenant_admin", { tenantId: b.id });
  otherProgramId = (await makeProgram(other)).id;
});

describe("partner visibility", () => {
  it("exposes nothing by default, is set by admins only, audited with before/after", async () => {
    expect(await getPartnerVisibility(viewer, programId)).toEqual({
      transactions: false,
      includeMerchant: false,
      balances: false,
      granularity: "daily",
    });
    // merchant details need transactions exposed
    const v = await setPartnerVisibility(admin, {
      programId,
      exposeTransactions: false,
      includeMerchant: true,
      exposeBalances: true,
      granularity: "individual",
    });
    expect(v).toEqual({ transactions: false, includeMerchant: false, balances: true, granularity: "individual" });
    const audit = await db.auditEvent.findFirst({
      where: { action: "partner_visibility.updated", targetId: programId },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(audit!.before!)).toMatchObject({ balances: false });
    expect(JSON.parse(audit!.after!)).toMatchObject({ balances: true });
    expect(audit!.actorLabel).toBe(admin.actorLabel);

    const before = await db.partnerVisibility.findUnique({ where: { programId } });
    expect(
      (
        await errorOf(
          setPartnerVisibility(viewer, {
            programId,
            exposeTransactions: true,
            includeMerchant: true,
            exposeBalances: true,
            granularity: "daily",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await errorOf(
          setPartnerVisibility(partner, {
            programId,
            exposeTransactions: true,
            includeMerchant: true,
            exposeBalances: true,
            granularity: "daily",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await errorOf(
          setPartnerVisibility(admin, {
            programId,
            exposeTransactions: true,
            includeMerchant: true,
            exposeBalances: true,
            granularity: "hourly" as never,
          }),
        )
      ).field,
    ).toBe("granularity");
    expect(
      (
        await errorOf(
          setPartnerVisibility(other, {
            programId,
            exposeTransactions: true,
            includeMerchant: true,
            exposeBalances: true,
            granularity: "daily",
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(await db.partnerVisibility.findUnique({ where: { programId } })).toEqual(before);
    expect((await errorOf(getPartnerVisibility(partner, programId))).code).toBe("NOT_FOUND");
  });
});

describe("invitations", () => {
  it("create a partner user bound to the Program, once, with the token stored only as a hash", async () => {
    const { invitation, token } = await invitePartner(admin, { programId, email: " New.Partner@Example.test " });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.invitation.findUnique({ where: { id: invitation.id } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.email).toBe("new.partner@example.test");
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(6.9 * 86_400_000);
    expect((await listPartnerAccess(viewer, programId)).invitations.map((i) => i.email)).toContain(
      "new.partner@example.test",
    );

    expect(await viewInvitation(token)).toMatchObject({ email: "new.partner@example.test" });
    expect(
      (await errorOf(acceptInvitation({ token, name: "Nia", password: PASSWORD, confirm: "other-password-1" }, req)))
        .field,
    ).toBe("confirm");
    expect(
      (await errorOf(acceptInvitation({ token, name: "Nia", password: "short", confirm: "short" }, req))).field,
    ).toBe("password");
    expect(await acceptInvitation({ token, name: "Nia Partner", password: PASSWORD, confirm: PASSWORD }, req)).toEqual({
      email: "new.partner@example.test",
    });
    const user = await db.user.findUnique({ where: { email: "new.partner@example.test" } });
    expect(user).toMatchObject({
      role: "partner_viewer",
      tenantId: admin.tenantId,
      programId,
      name: "Nia Partner",
      disabledAt: null,
    });
    expect(await verifyPassword(user!.passwordHash, PASSWORD)).toBe(true);
    const joined = await db.auditEvent.findFirst({ where: { action: "partner.joined", targetId: user!.id } });
    expect(joined).toMatchObject({ actorLabel: "new.partner@example.test", tenantId: admin.tenantId, ip: req.ip });

    // the link works once
    expect(
      (await errorOf(acceptInvitation({ token, name: "Again", password: PASSWORD, confirm: PASSWORD }, req))).message,
    ).toMatch(/already used/);
    expect((await listPartnerAccess(admin, programId)).users.map((u) => u.email)).toContain("new.partner@example.test");
  });

  it("refuse expired, revoked, forged links and taken addresses", async () => {
    const t0 = new Date("2026-12-01T00:00:00Z");
    const { token } = await invitePartner(admin, { programId, email: "late@example.test", expiresInDays: 1 }, t0);
    expect((await errorOf(viewInvitation(token, new Date("2026-12-02T00:00:01Z")))).message).toMatch(/expired/);
    expect(
      (
        await errorOf(
          acceptInvitation(
            { token, name: "Late", password: PASSWORD, confirm: PASSWORD },
            req,
            new Date("2026-12-03T00:00:00Z"),
          ),
        )
      ).message,
    ).toMatch(/expired/);

    const second = await invitePartner(admin, { programId, email: "revoked@example.test" });
    expect((await errorOf(invitePartner(admin, { programId, email: "revoked@example.test" }))).message).toMatch(
      /pending invitation/,
    );
    expect((await errorOf(revokeInvitation(other, { id: second.invitation.id }))).code).toBe("NOT_FOUND");
    await revokeInvitation(admin, { id: second.invitation.id });
    expect(
      (await errorOf(acceptInvitation({ token: second.token, name: "R", password: PASSWORD, confirm: PASSWORD }, req)))
        .code,
    ).toBe("NOT_FOUND");
    expect((await errorOf(viewInvitation("A".repeat(43)))).code).toBe("NOT_FOUND");
    expect((await errorOf(viewInvitation("../../etc"))).code).toBe("NOT_FOUND");

    expect(await errorOf(invitePartner(admin, { programId, email: viewer.actorLabel }))).toMatchObject({
      code: "CONFLICT",
      field: "email",
      message: `${viewer.actorLabel} is already a user of this Tenant. Invite another address.`,
    });
    expect((await errorOf(invitePartner(admin, { programId, email: "x@example.test", expiresInDays: 31 }))).field).toBe(
      "expiresInDays",
    );
    expect((await errorOf(invitePartner(viewer, { programId, email: "v@example.test" }))).code).toBe("FORBIDDEN");
    expect((await errorOf(invitePartner(other, { programId, email: "o@example.test" }))).code).toBe("NOT_FOUND");
    expect(await db.user.count({ where: { email: { in: ["late@example.test", "revoked@example.test"] } } })).toBe(0);
  });
});

describe("invitations do not reveal other accounts", () => {
  /** The parts of an invite's answer that do not name the invitation itself. */
  const shapeOf = (r: Awaited<ReturnType<typeof invitePartner>>) => ({
    keys: Object.keys(r).sort(),
    invitationKeys: Object.keys(r.invitation).sort(),
    tokenLength: r.token.length,
    status: r.invitation.status,
    createdBy: r.invitation.createdBy,
    expiresAt: r.invitation.expiresAt,
  });

  it("answers an address of another Tenant's account exactly like a new address, and refuses it at acceptance", async () => {
    const now = new Date();
    const fresh = await invitePartner(admin, { programId, email: "brand-new@example.test" }, now);
    const taken = await invitePartner(admin, { programId, email: other.actorLabel.toUpperCase() }, now);
    expect(shapeOf(taken)).toEqual(shapeOf(fresh));
    expect(taken.invitation.email).toBe(other.actorLabel);
    expect(
      (await listPartnerAccess(admin, programId)).invitations
        .filter((i) => [fresh.invitation.id, taken.invitation.id].includes(i.id))
        .map((i) => i.status),
    ).toEqual(["pending", "pending"]);
    const audits = await db.auditEvent.findMany({
      where: { action: "partner.invited", targetId: { in: [fresh.invitation.id, taken.invitation.id] } },
      orderBy: { targetId: "asc" },
    });
    expect(audits.map((a) => [a.tenantId, a.actorLabel, Object.keys(JSON.parse(a.after!)).sort().join()])).toEqual([
      [admin.tenantId, admin.actorLabel, "email,expiresAt,programId"],
      [admin.tenantId, admin.actorLabel, "email,expiresAt,programId"],
    ]);

    // the link of the taken address: refused when opened and when accepted, without saying why; nothing changes
    const before = await db.user.findUnique({ where: { email: other.actorLabel } });
    expect(await errorOf(viewInvitation(taken.token))).toMatchObject({ code: "CONFLICT", message: CANNOT_ACCEPT });
    expect(
      await errorOf(
        acceptInvitation({ token: taken.token, name: "Mallory", password: PASSWORD, confirm: PASSWORD }, req),
      ),
    ).toMatchObject({ code: "CONFLICT", message: CANNOT_ACCEPT });
    expect(await db.user.findUnique({ where: { email: other.actorLabel } })).toEqual(before);
    expect(
      await db.invitation.findUnique({
        where: { id: taken.invitation.id },
        select: { acceptedAt: true, acceptedUserId: true },
      }),
    ).toEqual({ acceptedAt: null, acceptedUserId: null });
    expect(await db.auditEvent.count({ where: { action: "partner.joined", actorLabel: other.actorLabel } })).toBe(0);

    // an Axys staff account is another account too
    const staff = await makeCtx("staff_reviewer");
    const staffInvite = await invitePartner(admin, { programId, email: staff.actorLabel }, now);
    expect(shapeOf(staffInvite)).toEqual(shapeOf(fresh));
    expect(
      await errorOf(
        acceptInvitation({ token: staffInvite.token, name: "S", password: PASSWORD, confirm: PASSWORD }, req),
      ),
    ).toMatchObject({ code: "CONFLICT", message: CANNOT_ACCEPT });

    // the new address's link still works
    expect(
      await acceptInvitation({ token: fresh.token, name: "Fresh", password: PASSWORD, confirm: PASSWORD }, req),
    ).toEqual({ email: "brand-new@example.test" });
  });
});

describe("removing a partner user", () => {
  it("disables the account at once; other tenants and non-partners are not found", async () => {
    const p = await makeCtx("partner_viewer", { tenantId: admin.tenantId, programId });
    expect((await errorOf(removePartnerUser(other, { id: p.userId! }))).code).toBe("NOT_FOUND");
    expect((await errorOf(removePartnerUser(admin, { id: viewer.userId! }))).code).toBe("NOT_FOUND");
    expect((await errorOf(removePartnerUser(viewer, { id: p.userId! }))).code).toBe("FORBIDDEN");
    expect(await db.user.findUnique({ where: { id: p.userId! }, select: { disabledAt: true } })).toEqual({
      disabledAt: null,
    });
    await removePartnerUser(admin, { id: p.userId! });
    expect((await db.user.findUnique({ where: { id: p.userId! } }))!.disabledAt).not.toBeNull();
    expect((await listPartnerAccess(admin, programId)).users.map((u) => u.id)).not.toContain(p.userId);
    expect(await db.auditEvent.count({ where: { action: "partner.removed", targetId: p.userId! } })).toBe(1);
    expect((await errorOf(listPartnerAccess(other, programId))).code).toBe("NOT_FOUND");
    expect((await errorOf(listPartnerAccess(admin, otherProgramId))).code).toBe("NOT_FOUND");
  });
});
