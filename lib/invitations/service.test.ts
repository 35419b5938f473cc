import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { verifyPassword } from "@/lib/auth/password";
import { portalOrigin } from "@/lib/auth/redirect";
import { db } from "@/lib/db";
import { acceptInvitation, CANNOT_ACCEPT, viewInvitation } from "@/lib/invitations/service";
import { mailBodies } from "@/lib/mail/outbox";
import { invitePartner } from "@/lib/partners/service";
import {
  inviteMember,
  listTeamInvitations,
  removeMember,
  resendTeamInvitation,
  revokeTeamInvitation,
} from "@/lib/team/service";
import { appErrorOf as errorOf } from "@/lib/testing/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

let admin: Ctx, viewer: Ctx, partner: Ctx, other: Ctx;
let programId: string;
const req = { ip: "198.51.100.7", userAgent: "vitest" };
const PASSWORD = "member-password-1";
const DAY = 86_400_000;

beforeAll(async () => {
  const [a, b] = [await makeTenant("Acme"), await makeTenant("Other")];
  admin = await makeCtx("tenant_admin", { tenantId: a.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: a.id });
  programId = (await makeProgram(admin)).id;
  partner = await makeCtx("partner_viewer", { tenantId: a.id, programId });
  other = await makeCtx("tenant_admin", { tenantId: b.id });
});

/** The newest invitation email to `to`, its body unsealed, and the token of its link. */
async function mailTo(to: string) {
  const m = await db.mailMessage.findFirst({ where: { to }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  if (!m) return null;
  const text = mailBodies(m).text ?? "";
  const token = new RegExp(`${portalOrigin()}/invite/([A-Za-z0-9_-]{43})\\b`).exec(text)?.[1] ?? null;
  return { ...m, text, token };
}
const accept = (token: string, name = "New Member", now?: Date) =>
  acceptInvitation({ token, name, password: PASSWORD, confirm: PASSWORD }, req, now);

describe("team invitations", () => {
  it("queue the email with the link in the creating transaction; the link creates a member once", async () => {
    const inv = await inviteMember(admin, { email: " Vera.Viewer@Example.test ", role: "tenant_viewer" });
    expect(inv).toMatchObject({ email: "vera.viewer@example.test", role: "tenant_viewer", programId: null });
    expect(inv.expiresAt.getTime() - inv.createdAt.getTime()).toBe(7 * DAY);

    const mail = await mailTo("vera.viewer@example.test");
    expect(mail).toMatchObject({ kind: "invitation", tenantId: admin.tenantId, status: "pending" });
    expect(mail!.subject).toMatch(/^You're invited to Acme /);
    expect(mail!.text).toContain(admin.actorLabel);
    expect(mail!.text).toMatch(/as a tenant viewer/);
    const token = mail!.token!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // stored as SHA-256 only; the email body is sealed at rest
    const row = await db.invitation.findUnique({ where: { id: inv.id } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(mail!.textSealed).not.toContain(token);

    expect(await db.auditEvent.findFirst({ where: { action: "team.invited", targetId: inv.id } })).toMatchObject({
      tenantId: admin.tenantId,
      actorLabel: admin.actorLabel,
    });
    expect((await listTeamInvitations(viewer)).map((i) => [i.email, i.status])).toContainEqual([
      "vera.viewer@example.test",
      "pending",
    ]);

    expect(await viewInvitation(token)).toMatchObject({
      email: "vera.viewer@example.test",
      role: "tenant_viewer",
      kind: "team",
      programName: null,
    });
    expect(await accept(token, "Vera Viewer")).toEqual({ email: "vera.viewer@example.test" });
    const user = await db.user.findUnique({ where: { email: "vera.viewer@example.test" } });
    expect(user).toMatchObject({
      role: "tenant_viewer",
      tenantId: admin.tenantId,
      programId: null,
      name: "Vera Viewer",
    });
    expect(await verifyPassword(user!.passwordHash, PASSWORD)).toBe(true);
    expect(
      await db.auditEvent.findFirst({ where: { action: "team.member_joined", targetId: user!.id } }),
    ).toMatchObject({ actorLabel: "vera.viewer@example.test", tenantId: admin.tenantId, ip: req.ip });
    // single use; an accepted invitation is no longer listed
    expect((await errorOf(accept(token, "Again"))).message).toMatch(/already used/);
    expect((await listTeamInvitations(admin)).map((i) => i.id)).not.toContain(inv.id);
  });

  it("an admin invitation creates an administrator", async () => {
    await inviteMember(admin, { email: "ada.admin@example.test", role: "tenant_admin" });
    const { token } = (await mailTo("ada.admin@example.test"))!;
    expect((await mailTo("ada.admin@example.test"))!.text).toMatch(/as a tenant administrator/);
    // the portal's password rules hold here too: a common password is refused and the link still works
    for (const weak of ["password1234", "Password1234!", "ada.admin-secret"])
      expect(
        await errorOf(acceptInvitation({ token: token!, name: "Ada", password: weak, confirm: weak }, req)),
      ).toMatchObject({ code: "VALIDATION", field: "password" });
    await accept(token!);
    expect(await db.user.findUnique({ where: { email: "ada.admin@example.test" } })).toMatchObject({
      role: "tenant_admin",
      tenantId: admin.tenantId,
    });
  });

  it("refuse duplicates, members, bad input and callers who may not, changing nothing", async () => {
    await inviteMember(admin, { email: "dup@example.test", role: "tenant_viewer" });
    const count = () => db.invitation.count({ where: { tenantId: admin.tenantId! } });
    const mails = () => db.mailMessage.count();
    const [n, m] = [await count(), await mails()];
    expect(await errorOf(inviteMember(admin, { email: "DUP@example.test", role: "tenant_admin" }))).toMatchObject({
      code: "CONFLICT",
      field: "email",
      message:
        "dup@example.test already has a pending invitation to the team of this Tenant: resend or revoke it instead.",
    });
    // one pending invitation per address in the Tenant, whichever page it came from
    await invitePartner(admin, { programId, email: "both@example.test" });
    expect((await errorOf(inviteMember(admin, { email: "both@example.test", role: "tenant_viewer" }))).message).toMatch(
      /pending invitation for a Program/,
    );
    await inviteMember(admin, { email: "both2@example.test", role: "tenant_viewer" });
    expect((await errorOf(invitePartner(admin, { programId, email: "both2@example.test" }))).message).toMatch(
      /pending invitation to the team/,
    );
    const [n2, m2] = [await count(), await mails()];
    expect([n2, m2]).toEqual([n + 2, m + 2]);

    for (const member of [viewer, partner]) {
      expect(await errorOf(inviteMember(admin, { email: member.actorLabel, role: "tenant_viewer" }))).toMatchObject({
        code: "CONFLICT",
        field: "email",
        message: `${member.actorLabel} is already a user of this Tenant. Invite another address.`,
      });
    }
    expect(
      (await errorOf(inviteMember(admin, { email: "x@example.test", role: "partner_viewer" as never }))).field,
    ).toBe("role");
    expect((await errorOf(inviteMember(admin, { email: "not-an-email", role: "tenant_viewer" }))).field).toBe("email");
    expect((await errorOf(inviteMember(viewer, { email: "v@example.test", role: "tenant_viewer" }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await errorOf(inviteMember(partner, { email: "p@example.test", role: "tenant_viewer" }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await errorOf(listTeamInvitations(partner))).code).toBe("NOT_FOUND");
    expect([await count(), await mails()]).toEqual([n2, m2]);
  });

  it("resend mails a new link and kills the old one; revoke kills the link; other Tenants find neither", async () => {
    const t0 = new Date(Date.now() - 2 * DAY);
    const inv = await inviteMember(admin, { email: "resend@example.test", role: "tenant_viewer" }, t0);
    const first = (await mailTo("resend@example.test"))!.token!;

    expect((await errorOf(resendTeamInvitation(other, { id: inv.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(resendTeamInvitation(viewer, { id: inv.id }))).code).toBe("FORBIDDEN");
    expect((await errorOf(revokeTeamInvitation(other, { id: inv.id }))).code).toBe("NOT_FOUND");
    expect(await viewInvitation(first)).toMatchObject({ email: "resend@example.test" });

    const now = new Date();
    const resent = await resendTeamInvitation(admin, { id: inv.id }, now);
    expect(resent.resentAt).toEqual(now);
    expect(resent.expiresAt.getTime()).toBe(now.getTime() + 7 * DAY);
    const second = (await mailTo("resend@example.test"))!.token!;
    expect(second).not.toBe(first);
    expect(await db.mailMessage.count({ where: { to: "resend@example.test", kind: "invitation" } })).toBe(2);
    expect((await errorOf(viewInvitation(first))).code).toBe("NOT_FOUND");
    expect((await errorOf(accept(first))).code).toBe("NOT_FOUND");
    expect(await viewInvitation(second)).toMatchObject({ email: "resend@example.test" });
    expect(await db.auditEvent.count({ where: { action: "team.invitation_resent", targetId: inv.id } })).toBe(1);

    await revokeTeamInvitation(admin, { id: inv.id });
    expect((await errorOf(viewInvitation(second))).code).toBe("NOT_FOUND");
    expect((await errorOf(accept(second))).code).toBe("NOT_FOUND");
    expect((await listTeamInvitations(admin)).map((i) => i.id)).not.toContain(inv.id);
    expect((await errorOf(resendTeamInvitation(admin, { id: inv.id }))).code).toBe("NOT_FOUND");
    expect(await db.auditEvent.count({ where: { action: "team.invitation_revoked", targetId: inv.id } })).toBe(1);
    // revoked: the address may be invited again
    await inviteMember(admin, { email: "resend@example.test", role: "tenant_viewer" });
    expect(await db.user.count({ where: { email: "resend@example.test" } })).toBe(0);

    // the team page does not act on a partner invitation, nor the partner page on a team one
    const p = await invitePartner(admin, { programId, email: "partner-only@example.test" });
    expect((await errorOf(revokeTeamInvitation(admin, { id: p.invitation.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(resendTeamInvitation(admin, { id: p.invitation.id }))).code).toBe("NOT_FOUND");
  });

  it("expire after 7 days (listed as expired), and an expired one may be resent", async () => {
    const t0 = new Date(Date.now() - 8 * DAY);
    const inv = await inviteMember(admin, { email: "late@example.test", role: "tenant_viewer" }, t0);
    const token = (await mailTo("late@example.test"))!.token!;
    expect(await viewInvitation(token, new Date(t0.getTime() + 7 * DAY - 1000))).toMatchObject({
      email: "late@example.test",
    });
    expect((await errorOf(viewInvitation(token))).message).toMatch(/expired/);
    expect((await errorOf(accept(token))).message).toMatch(/expired/);
    expect((await listTeamInvitations(admin)).find((i) => i.id === inv.id)?.status).toBe("expired");
    // an expired invitation does not block a new one, and resending revives it
    await resendTeamInvitation(admin, { id: inv.id });
    expect((await listTeamInvitations(admin)).find((i) => i.id === inv.id)?.status).toBe("pending");
    await accept((await mailTo("late@example.test"))!.token!);
    expect(await db.user.count({ where: { email: "late@example.test", tenantId: admin.tenantId } })).toBe(1);
  });

  it("a removed member can be invited back: accepting re-enables the same account, fresh (new role and password, no second factor)", async () => {
    await inviteMember(admin, { email: "boomerang@example.test", role: "tenant_admin" });
    await accept((await mailTo("boomerang@example.test"))!.token!, "Bo Merang");
    const first = await db.user.findUniqueOrThrow({ where: { email: "boomerang@example.test" } });
    await db.user.update({ where: { id: first.id }, data: { totpConfirmedAt: new Date(), totpSecretSealed: "x" } });
    await removeMember(admin, { userId: first.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: first.id } })).disabledAt).not.toBeNull();

    await inviteMember(admin, { email: "boomerang@example.test", role: "tenant_viewer" });
    await accept((await mailTo("boomerang@example.test"))!.token!, "Bo Again");
    const back = await db.user.findUniqueOrThrow({ where: { email: "boomerang@example.test" } });
    expect(back).toMatchObject({
      id: first.id,
      name: "Bo Again",
      role: "tenant_viewer",
      disabledAt: null,
      totpConfirmedAt: null,
      totpSecretSealed: null,
    });
    expect(await verifyPassword(back.passwordHash, PASSWORD)).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "team.member_rejoined", targetId: first.id } })).toBe(1);
    // an enabled member is still refused
    expect(await errorOf(inviteMember(admin, { email: "boomerang@example.test", role: "tenant_admin" }))).toMatchObject(
      {
        code: "CONFLICT",
      },
    );
  });

  it("accept at once from two tabs: one account, the other refused", async () => {
    await inviteMember(admin, { email: "race@example.test", role: "tenant_viewer" });
    const token = (await mailTo("race@example.test"))!.token!;
    const results = await Promise.allSettled([accept(token, "One"), accept(token, "Two")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { email: "race@example.test" } })).toBe(1);
  });

  it("an address of another Tenant's account is invited like a new one and refused, neutrally, at acceptance", async () => {
    const inv = await inviteMember(admin, { email: other.actorLabel, role: "tenant_admin" });
    expect(inv.status).toBe("pending");
    const token = (await mailTo(other.actorLabel))!.token!;
    expect(await errorOf(viewInvitation(token))).toMatchObject({ code: "CONFLICT", message: CANNOT_ACCEPT });
    expect(await errorOf(accept(token))).toMatchObject({ code: "CONFLICT", message: CANNOT_ACCEPT });
    expect(await db.user.findUnique({ where: { email: other.actorLabel }, select: { tenantId: true } })).toEqual({
      tenantId: other.tenantId,
    });
  });

  it("partner invitations go through the same machinery: an email with the same link the page shows", async () => {
    const { token, invitation } = await invitePartner(admin, { programId, email: "pat@example.test" });
    const mail = (await mailTo("pat@example.test"))!;
    expect(mail.token).toBe(token);
    expect(mail.text).toMatch(/see the program /);
    expect(invitation).toMatchObject({ role: "partner_viewer", programId });
    expect(await viewInvitation(token)).toMatchObject({ kind: "partner", role: "partner_viewer" });
  });
});
