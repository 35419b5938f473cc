import { beforeAll, describe, expect, it } from "vitest";
import { networkOf } from "@/lib/account/device";
import { wantsMail } from "@/lib/account/preferences";
import {
  confirmEmailChange,
  getProfile,
  requestEmailChange,
  setMailPreferences,
  updateName,
} from "@/lib/account/profile";
import { assertRecentAuth, reauthenticate, REAUTH_WINDOW_MS } from "@/lib/account/reauth";
import { listMySessions, revokeMySession, revokeOtherSessions } from "@/lib/account/sessions";
import { describeUserAgent } from "@/lib/account/user-agent";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { resolveSession, startSession } from "@/lib/auth/sessions";
import { THROTTLE } from "@/lib/auth/sign-in";
import { issueApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { createApiUser } from "@/lib/api-users/service";
import { revealBankCredentials, setBankCredentials } from "@/lib/bank/service";
import { db } from "@/lib/db";
import { HTTP_STATUS } from "@/lib/errors";
import { changeRole } from "@/lib/team/service";
import { passkeyRegistrationOptions, removePasskey } from "@/lib/two-factor/passkeys";
import {
  confirmTotpEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from "@/lib/two-factor/service";
import { completeSignIn } from "@/lib/two-factor/sign-in-step";
import { totpCodeAt, totpStepOf } from "@/lib/two-factor/totp";
import { setTwoFactorRequirement } from "@/lib/two-factor/tenant-requirement";
import { mailBodies } from "@/lib/mail/outbox";
import { appErrorOf } from "@/lib/testing/errors";
import { makeCtx, makeProgram, makeTenant, TEST_PASSWORD } from "@/lib/testing/factories";

const CHROME =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
let tenantId: string;
beforeAll(async () => {
  tenantId = (await makeTenant()).id;
});

async function signedIn(role: "tenant_admin" | "tenant_viewer" = "tenant_viewer", ua = CHROME): Promise<Ctx> {
  const ctx = await makeCtx(role, { tenantId });
  return { ...ctx, sessionId: await startSession(ctx.userId!, { ip: "198.51.100.20", userAgent: ua }) };
}
const live = (ctx: Ctx, sid: string) => resolveSession({ uid: ctx.userId, sid });
const mailsTo = (to: string, kind?: string) =>
  db.mailMessage.findMany({ where: { to, ...(kind ? { kind } : {}) }, orderBy: { createdAt: "asc" } });

describe("sessions", () => {
  it("lists the caller's live sessions with browser, IP and the current one; revokes one, then all others", async () => {
    const me = await signedIn();
    const firefox = await startSession(me.userId!, { ip: "203.0.113.5", userAgent: FIREFOX });
    const third = await startSession(me.userId!, { ip: "203.0.113.6", userAgent: CHROME });
    const stranger = await signedIn();
    const list = await listMySessions(me);
    expect(list.map((s) => s.id).sort()).toEqual([me.sessionId, firefox, third].sort());
    expect(list.find((s) => s.id === firefox)).toMatchObject({
      browser: "Firefox 133",
      os: "Linux",
      ip: "203.0.113.5",
      current: false,
    });
    expect(list.find((s) => s.id === me.sessionId)).toMatchObject({
      browser: "Chrome 131",
      os: "macOS",
      current: true,
    });

    expect(await appErrorOf(revokeMySession(me, { sessionId: stranger.sessionId! }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await live(stranger, stranger.sessionId!)).not.toBeNull();
    expect(await appErrorOf(revokeMySession(me, { sessionId: me.sessionId! }))).toMatchObject({ code: "VALIDATION" });

    expect(await revokeMySession(me, { sessionId: firefox })).toEqual({ id: firefox });
    expect(await live(me, firefox)).toBeNull(); // a revoked session stops resolving at once
    expect(await appErrorOf(revokeMySession(me, { sessionId: firefox }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await revokeOtherSessions(me)).toEqual({ revoked: 1 });
    expect(await live(me, third)).toBeNull();
    expect(await live(me, me.sessionId!)).not.toBeNull();
    expect(await live(stranger, stranger.sessionId!)).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: "auth.session_revoked", actorId: me.userId } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "auth.other_sessions_revoked", actorId: me.userId } })).toBe(1);
  });

  it("parses user agents and groups addresses by network", () => {
    expect(
      describeUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1",
      ),
    ).toEqual({
      browser: "Safari 17",
      os: "iOS",
      mobile: true,
    });
    expect(describeUserAgent(null).browser).toBe("Unknown browser");
    expect(networkOf("203.0.113.77")).toBe("203.0.113.0/24");
    expect(networkOf("::ffff:203.0.113.77")).toBe("203.0.113.0/24");
    expect(networkOf("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::/48");
    expect(networkOf("2001:db8::1")).toBe("2001:db8:0::/48");
    expect(networkOf("unknown")).toBe("unknown");
  });
});

describe("new sign-in email", () => {
  it("is queued once per new device (user agent + network), not for the first sign-in, not when muted", async () => {
    const me = await signedIn(); // first sign-in ever: no email
    expect(await mailsTo(me.actorLabel, "new_sign_in")).toHaveLength(0);
    await startSession(me.userId!, { ip: "198.51.100.99", userAgent: CHROME }); // same /24, same browser
    expect(await mailsTo(me.actorLabel, "new_sign_in")).toHaveLength(0);
    await startSession(me.userId!, { ip: "203.0.113.40", userAgent: FIREFOX });
    await startSession(me.userId!, { ip: "203.0.113.41", userAgent: FIREFOX }); // same device again
    const mails = await mailsTo(me.actorLabel, "new_sign_in");
    expect(mails).toHaveLength(1);
    expect(mailBodies(mails[0]).text).toMatch(/Browser: Firefox 133 on Linux\nIP address: 203\.0\.113\.40/);
    const sessions = await db.session.findMany({
      where: { userId: me.userId! },
      select: { deviceKey: true, reauthenticatedAt: true },
    });
    expect(new Set(sessions.map((s) => s.deviceKey)).size).toBe(2);
    expect(sessions.every((s) => s.reauthenticatedAt)).toBe(true);

    await setMailPreferences(me, { muted: ["new_sign_in", "password_reset"] });
    await startSession(me.userId!, { ip: "192.0.2.1", userAgent: FIREFOX });
    expect(await mailsTo(me.actorLabel, "new_sign_in")).toHaveLength(1);
  });

  it("waits for the second factor: a sign-in that still owes it sends nothing until it is given", async () => {
    const me = await signedIn();
    const pendingId = await startSession(me.userId!, { ip: "203.0.113.77", userAgent: FIREFOX }, new Date(), {
      pendingStep: "two_factor",
    });
    expect(await mailsTo(me.actorLabel, "new_sign_in")).toHaveLength(0);
    expect((await db.session.findUniqueOrThrow({ where: { id: pendingId } })).deviceKey).toBeNull();
    const u = await db.user.findUniqueOrThrow({ where: { id: me.userId! } });
    await completeSignIn(
      {
        id: u.id,
        email: u.email,
        role: u.role,
        tenantId: u.tenantId,
        programId: u.programId,
        sessionId: pendingId,
        pendingStep: "two_factor",
        hasTotp: true,
        hasPasskey: false,
      },
      "totp",
      { ip: "203.0.113.77", userAgent: FIREFOX },
    );
    expect(await mailsTo(me.actorLabel, "new_sign_in")).toHaveLength(1);
  });

  it("wantsMail: optional kinds can be muted, security kinds cannot", async () => {
    const me = await signedIn();
    expect(await setMailPreferences(me, { muted: ["certificate_expiry", "two_factor", "email_change"] })).toEqual({
      muted: ["certificate_expiry"],
    });
    const u = await db.user.findUniqueOrThrow({ where: { id: me.userId! } });
    expect(u.mutedMailKinds).toBe("certificate_expiry");
    expect(wantsMail(u, "certificate_expiry")).toBe(false);
    expect(wantsMail(u, "new_sign_in")).toBe(true);
    for (const k of ["password_reset", "two_factor", "email_change", "invitation"] as const)
      expect(wantsMail({ mutedMailKinds: "password_reset,two_factor,email_change,invitation" }, k)).toBe(true);
  });
});

describe("profile", () => {
  it("changes the name (audited)", async () => {
    const me = await signedIn();
    expect(await updateName(me, { name: "Ada Lovelace" })).toEqual({ name: "Ada Lovelace" });
    expect((await getProfile(me)).name).toBe("Ada Lovelace");
    expect(await db.auditEvent.count({ where: { action: "account.name_changed", targetId: me.userId } })).toBe(1);
  });

  it("email change: needs a recent password, confirmed once from the new address, old address told", async () => {
    const me = await signedIn();
    const old = me.actorLabel;
    const newEmail = `new-${Date.now()}@example.test`;
    const late = new Date(Date.now() + REAUTH_WINDOW_MS + 60_000);
    expect(await appErrorOf(requestEmailChange(me, { newEmail }, late))).toMatchObject({ code: "REAUTH_REQUIRED" });
    expect(await appErrorOf(requestEmailChange(me, { newEmail: (await signedIn()).actorLabel }))).toMatchObject({
      code: "CONFLICT",
      field: "newEmail",
    });
    expect(await requestEmailChange(me, { newEmail })).toEqual({ pendingEmail: newEmail });
    expect((await getProfile(me)).pendingEmail).toBe(newEmail);
    const [mail] = await mailsTo(newEmail, "email_change");
    const token = /\/confirm-email\/([A-Za-z0-9_-]{43})/.exec(mailBodies(mail).text!)![1];
    expect((await db.user.findUniqueOrThrow({ where: { id: me.userId! } })).email).toBe(old); // nothing yet

    const info = { ip: "198.51.100.1", userAgent: CHROME };
    expect(await confirmEmailChange(token, info)).toEqual({ email: newEmail });
    expect((await db.user.findUniqueOrThrow({ where: { id: me.userId! } })).email).toBe(newEmail);
    expect(await mailsTo(old, "email_change")).toHaveLength(1);
    expect(await appErrorOf(confirmEmailChange(token, info))).toMatchObject({ code: "NOT_FOUND" });
    expect(await db.auditEvent.count({ where: { action: "account.email_changed", targetId: me.userId } })).toBe(1);
  });

  it("email change: an address taken meanwhile changes nothing", async () => {
    const me = await signedIn();
    const wanted = `wanted-${Date.now()}@example.test`;
    await requestEmailChange(me, { newEmail: wanted });
    const token = /\/confirm-email\/([A-Za-z0-9_-]{43})/.exec(mailBodies((await mailsTo(wanted))[0]).text!)![1];
    await db.user.update({ where: { id: (await signedIn()).userId! }, data: { email: wanted } });
    expect(await appErrorOf(confirmEmailChange(token, { ip: null, userAgent: null }))).toMatchObject({
      code: "CONFLICT",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: me.userId! } })).email).toBe(me.actorLabel);
    expect(await mailsTo(me.actorLabel, "email_change")).toHaveLength(0);
  });
});

describe("re-authentication", () => {
  it("assertRecentAuth: within 10 minutes of the password, REAUTH_REQUIRED after; no session (CLI) passes", async () => {
    const me = await signedIn();
    const t0 = (await db.session.findUniqueOrThrow({ where: { id: me.sessionId! } })).reauthenticatedAt!;
    await expect(assertRecentAuth(me, new Date(t0.getTime() + REAUTH_WINDOW_MS - 1000))).resolves.toBeUndefined();
    expect(await appErrorOf(assertRecentAuth(me, new Date(t0.getTime() + REAUTH_WINDOW_MS + 1000)))).toMatchObject({
      code: "REAUTH_REQUIRED",
    });
    expect(HTTP_STATUS.REAUTH_REQUIRED).toBe(403);
    await db.session.update({ where: { id: me.sessionId! }, data: { reauthenticatedAt: null } });
    expect(await appErrorOf(assertRecentAuth(me))).toMatchObject({ code: "REAUTH_REQUIRED" });
    // another user's session id does not count
    const other = await signedIn();
    expect(await appErrorOf(assertRecentAuth({ ...me, sessionId: other.sessionId }))).toMatchObject({
      code: "REAUTH_REQUIRED",
    });
    await expect(assertRecentAuth(operatorCtx({ actor: "ops" }))).resolves.toBeUndefined();

    const later = new Date(Date.now() + 60_000);
    expect(await reauthenticate(me, { password: TEST_PASSWORD }, later)).toEqual({ reauthenticatedAt: later });
    await expect(assertRecentAuth(me, new Date(later.getTime() + 5 * 60_000))).resolves.toBeUndefined();
  });

  it("reauthenticate: a wrong password is refused (field error, audited) and throttled like sign-in", async () => {
    const me = await signedIn();
    await db.session.update({ where: { id: me.sessionId! }, data: { reauthenticatedAt: null } });
    for (let i = 0; i < THROTTLE.perAccount; i++)
      expect(await appErrorOf(reauthenticate(me, { password: "not-my-password" }))).toMatchObject({
        code: "VALIDATION",
        field: "password",
      });
    // now even the right password is refused until the window passes
    expect(await appErrorOf(reauthenticate(me, { password: TEST_PASSWORD }))).toMatchObject({ code: "RATE_LIMITED" });
    expect(await appErrorOf(assertRecentAuth(me))).toMatchObject({ code: "REAUTH_REQUIRED" });
    expect(await db.signInAttempt.count({ where: { email: me.actorLabel, factor: "reauth", success: false } })).toBe(
      THROTTLE.perAccount,
    );
    expect(await db.auditEvent.count({ where: { action: "auth.reauthentication_failed", actorId: me.userId } })).toBe(
      THROTTLE.perAccount,
    );
    const after = new Date(Date.now() + THROTTLE.windowMs + 60_000);
    expect(await reauthenticate(me, { password: TEST_PASSWORD }, after)).toEqual({ reauthenticatedAt: after });
  });

  it("revealing bank credentials is refused without a recent password, and works right after one", async () => {
    const admin = await signedIn("tenant_admin");
    const programId = (await makeProgram(admin)).id;
    await setBankCredentials(operatorCtx({ tenantId, actor: "ops" }), {
      programId,
      scheme: "iban",
      accountNumber: "GB82 WEST 1234 5698 7654 32",
      bic: "NWBKGB2L",
      accountHolder: "Acme Cards Ltd",
      paymentReferenceFormat: "AXYS-{cardholderId}",
    });
    await db.session.update({
      where: { id: admin.sessionId! },
      data: { reauthenticatedAt: new Date(Date.now() - REAUTH_WINDOW_MS - 1000) },
    });
    const audits = () => db.auditEvent.count({ where: { action: "bank_credentials.revealed", actorId: admin.userId } });
    expect(await appErrorOf(revealBankCredentials(admin, programId))).toMatchObject({ code: "REAUTH_REQUIRED" });
    expect(await audits()).toBe(0);
    await reauthenticate(admin, { password: TEST_PASSWORD });
    expect((await revealBankCredentials(admin, programId)).accountNumber).toBe("GB82WEST12345698765432");
    expect(await audits()).toBe(1);
  });

  it("issuing and rotating an API key need a recent password too; nothing is issued without it", async () => {
    const admin = await signedIn("tenant_admin");
    const apiUser = await createApiUser(admin, { name: "Backend", pattern: "tenant_admin" });
    const stale = () =>
      db.session.update({
        where: { id: admin.sessionId! },
        data: { reauthenticatedAt: new Date(Date.now() - REAUTH_WINDOW_MS - 1000) },
      });
    await stale();
    expect(await appErrorOf(issueApiKey(admin, { apiUserId: apiUser.id, environment: "staging" }))).toMatchObject({
      code: "REAUTH_REQUIRED",
    });
    expect(await db.apiKey.count({ where: { apiUserId: apiUser.id } })).toBe(0);
    await reauthenticate(admin, { password: TEST_PASSWORD });
    const issued = await issueApiKey(admin, { apiUserId: apiUser.id, environment: "staging" });
    await stale();
    expect(await appErrorOf(rotateApiKey(admin, { keyId: issued.apiKey.id, overlap: "24h" }))).toMatchObject({
      code: "REAUTH_REQUIRED",
    });
    expect(await db.apiKey.count({ where: { apiUserId: apiUser.id } })).toBe(1);
  });
});

describe("re-authentication of role changes and two-factor settings", () => {
  it("refuses each without a recent password, and allows it right after one", async () => {
    const admin = await signedIn("tenant_admin");
    const member = await makeCtx("tenant_viewer", { tenantId });
    const stale = () =>
      db.session.update({
        where: { id: admin.sessionId! },
        data: { reauthenticatedAt: new Date(Date.now() - REAUTH_WINDOW_MS - 1000) },
      });
    await stale();
    const refused: [string, Promise<unknown>][] = [
      ["changeRole", changeRole(admin, { userId: member.userId!, role: "tenant_admin" })],
      ["setTwoFactorRequirement", setTwoFactorRequirement(admin, { required: true })],
      ["startTotpEnrolment", startTotpEnrolment(admin)],
      ["regenerateRecoveryCodes", regenerateRecoveryCodes(admin)],
      ["disableTwoFactor", disableTwoFactor(admin)],
      ["passkeyRegistrationOptions", passkeyRegistrationOptions(admin)],
      ["removePasskey", removePasskey(admin, { id: "pk_none" })],
    ];
    for (const [what, p] of refused) expect(await appErrorOf(p), what).toMatchObject({ code: "REAUTH_REQUIRED" });
    expect((await db.user.findUniqueOrThrow({ where: { id: member.userId! } })).role).toBe("tenant_viewer");
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).requireTwoFactor).toBe(false);

    await reauthenticate(admin, { password: TEST_PASSWORD });
    expect(await changeRole(admin, { userId: member.userId!, role: "tenant_admin" })).toMatchObject({ changed: true });
    expect(await setTwoFactorRequirement(admin, { required: true })).toMatchObject({ required: true });
    await setTwoFactorRequirement(admin, { required: false });
    expect((await startTotpEnrolment(admin)).secret).toMatch(/^[A-Z2-7]+$/);
  });
});

describe("re-authentication with an authenticator code", () => {
  it("accepts a current TOTP code once (not replayed), refuses a wrong one (throttled as at sign-in: lib/two-factor tests)", async () => {
    const me = await signedIn();
    const t0 = new Date();
    const setup = await startTotpEnrolment(me);
    await confirmTotpEnrolment(me, { code: await totpCodeAt(setup.secret, totpStepOf(t0)) }, t0);
    await db.session.update({ where: { id: me.sessionId! }, data: { reauthenticatedAt: null } });
    const later = new Date(t0.getTime() + 60_000);
    expect(await appErrorOf(reauthenticate(me, { code: "000000" }, later))).toMatchObject({
      code: "VALIDATION",
      field: "code",
    });
    expect(await appErrorOf(assertRecentAuth(me, later))).toMatchObject({ code: "REAUTH_REQUIRED" });
    const code = await totpCodeAt(setup.secret, totpStepOf(later));
    expect(await reauthenticate(me, { code }, later)).toEqual({ reauthenticatedAt: later });
    await expect(assertRecentAuth(me, later)).resolves.toBeUndefined();
    // the same code again (its step was used) is refused
    expect(await appErrorOf(reauthenticate(me, { code }, later))).toMatchObject({ code: "VALIDATION" });
    expect(
      await db.auditEvent.count({
        where: { actorId: me.userId, action: "auth.reauthenticated", after: { contains: "totp" } },
      }),
    ).toBe(1);
  });
});
