import { encode, type JWT } from "next-auth/jwt";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { authOptions } from "@/lib/auth/options";
import { userOfSessionCookie } from "@/lib/auth/session";
import { resolveSession } from "@/lib/auth/sessions";
import { authenticate, THROTTLE } from "@/lib/auth/sign-in";
import { db } from "@/lib/db";
import { mailBodies } from "@/lib/mail/outbox";
import { appErrorOf } from "@/lib/testing/errors";
import { makeCtx, makeTenant, TEST_PASSWORD } from "@/lib/testing/factories";
import { operatorCtx } from "@/lib/auth/context";
import { resetTwoFactor } from "@/lib/two-factor/reset";
import {
  confirmTotpEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from "@/lib/two-factor/service";
import { removePasskey } from "@/lib/two-factor/passkeys";
import { assertMayEnrol, resolvePendingSession, signInWithCode } from "@/lib/two-factor/sign-in-step";
import { getTwoFactorRequirement, setTwoFactorRequirement } from "@/lib/two-factor/tenant-requirement";
import { totpCodeAt, totpStepOf } from "@/lib/two-factor/totp";
import { verifySecondFactor } from "@/lib/two-factor/verify";
import { storeChallenge, takeChallenge } from "@/lib/two-factor/webauthn";

process.env.NEXTAUTH_SECRET ??= "two-factor-test-secret-0123456789abcdef";
const secret = process.env.NEXTAUTH_SECRET;
const STEP_MS = 30_000;
let tenantId: string;
let ipSeq = 0;
/** A request from its own IP, so the per-IP throttle of one test never touches another. */
const req = () => ({ ip: `198.51.100.${++ipSeq}`, userAgent: "vitest" });

beforeAll(async () => {
  tenantId = (await makeTenant()).id;
});
afterEach(() => {
  delete process.env.AXYS_DEPLOYMENT;
});

/** A user with TOTP confirmed at `at`; returns the secret and the recovery codes. */
async function enrolled(role: "tenant_admin" | "tenant_viewer" = "tenant_viewer", at = new Date()) {
  const ctx = await makeCtx(role, { tenantId });
  const setup = await startTotpEnrolment(ctx);
  const { recoveryCodes } = await confirmTotpEnrolment(
    ctx,
    { code: await totpCodeAt(setup.secret, totpStepOf(at)) },
    at,
  );
  return { ctx, secret: setup.secret, recoveryCodes, step: totpStepOf(at) };
}
const atStep = (step: number) => new Date(step * STEP_MS + 7_000);

/** What next-auth does at sign-in: the password check, then the jwt callback with the authorized user, then the cookie. */
async function signIn(email: string, ip = req().ip) {
  const u = await authenticate({ email, password: TEST_PASSWORD, ip, userAgent: "vitest" });
  const token = (await authOptions.callbacks!.jwt!({
    token: { email },
    user: u,
    account: null,
    trigger: "signIn",
  } as never)) as JWT;
  const value = await encode({ token, secret });
  return { u, token, cookies: { getAll: () => [{ name: "next-auth.session-token", value }] } };
}

describe("TOTP", () => {
  it("enrolment stores the secret sealed and confirms with a first code", async () => {
    const ctx = await makeCtx("tenant_viewer", { tenantId });
    const setup = await startTotpEnrolment(ctx);
    expect(setup.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(setup.uri).toContain(`secret=${setup.secret}`);
    const row = await db.user.findUniqueOrThrow({ where: { id: ctx.userId! } });
    expect(row.totpSecretSealed).not.toContain(setup.secret);
    expect(row.totpConfirmedAt).toBeNull();
    const now = new Date();
    expect((await appErrorOf(confirmTotpEnrolment(ctx, { code: "000000" }, now))).field).toBe("code");
    const code = await totpCodeAt(setup.secret, totpStepOf(now));
    const r = await confirmTotpEnrolment(ctx, { code }, now);
    expect(r.recoveryCodes).toHaveLength(10);
    expect(new Set(r.recoveryCodes).size).toBe(10);
    const stored = await db.recoveryCode.findMany({ where: { userId: ctx.userId! } });
    expect(stored.map((s) => s.codeSha256)).not.toContain(r.recoveryCodes[0]);
    expect(await db.mailMessage.count({ where: { to: ctx.actorLabel, kind: "two_factor" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { actorId: ctx.userId, action: "two_factor.totp_enabled" } })).toBe(1);
    // the confirming code is used: it cannot sign in
    expect((await appErrorOf(verifySecondFactor(ctx.userId!, { method: "totp", code }, req(), now))).code).toBe(
      "VALIDATION",
    );
    expect((await appErrorOf(startTotpEnrolment(ctx))).code).toBe("CONFLICT");
  });

  it("accepts the codes of the step before and after, refuses two steps away", async () => {
    const { ctx, secret, step } = await enrolled();
    const now = atStep(step + 10);
    const r = req();
    const tryCode = async (s: number) =>
      verifySecondFactor(ctx.userId!, { method: "totp", code: await totpCodeAt(secret, s) }, r, now);
    expect((await appErrorOf(tryCode(step + 8))).code).toBe("VALIDATION");
    expect((await appErrorOf(tryCode(step + 12))).code).toBe("VALIDATION");
    await expect(tryCode(step + 9)).resolves.toEqual({ factor: "totp" });
    await expect(tryCode(step + 11)).resolves.toEqual({ factor: "totp" });
  });

  it("refuses a replayed code and a code older than the last one used", async () => {
    const { ctx, secret, step } = await enrolled();
    const now = atStep(step + 20);
    const code = await totpCodeAt(secret, step + 20);
    await verifySecondFactor(ctx.userId!, { method: "totp", code }, req(), now);
    expect((await appErrorOf(verifySecondFactor(ctx.userId!, { method: "totp", code }, req(), now))).code).toBe(
      "VALIDATION",
    );
    const older = await totpCodeAt(secret, step + 19);
    expect((await appErrorOf(verifySecondFactor(ctx.userId!, { method: "totp", code: older }, req(), now))).code).toBe(
      "VALIDATION",
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: ctx.userId! } })).totpLastStep).toBe(step + 20);
  });

  it("lets exactly one of two concurrent uses of a code pass", async () => {
    const { ctx, secret, step } = await enrolled();
    const now = atStep(step + 30);
    const code = await totpCodeAt(secret, step + 30);
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => verifySecondFactor(ctx.userId!, { method: "totp", code }, req(), now)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("recovery codes", () => {
  it("work once each, also under concurrency, and regenerating replaces them", async () => {
    const { ctx, recoveryCodes } = await enrolled();
    const now = new Date();
    await expect(
      verifySecondFactor(ctx.userId!, { method: "recovery_code", code: recoveryCodes[0].toUpperCase() }, req(), now),
    ).resolves.toEqual({ factor: "recovery_code" });
    expect(
      (
        await appErrorOf(
          verifySecondFactor(ctx.userId!, { method: "recovery_code", code: recoveryCodes[0] }, req(), now),
        )
      ).field,
    ).toBe("code");
    const results = await Promise.allSettled(
      [1, 2, 3].map(() =>
        verifySecondFactor(ctx.userId!, { method: "recovery_code", code: recoveryCodes[1] }, req(), now),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes(ctx);
    expect(fresh).toHaveLength(10);
    expect(
      (
        await appErrorOf(
          verifySecondFactor(ctx.userId!, { method: "recovery_code", code: recoveryCodes[2] }, req(), now),
        )
      ).code,
    ).toBe("VALIDATION");
    await expect(
      verifySecondFactor(ctx.userId!, { method: "recovery_code", code: fresh[2] }, req(), now),
    ).resolves.toBeTruthy();
  });
});

describe("two-factor change emails", () => {
  it("each change queues one email to the user with its change; a refused change queues none", async () => {
    const t = await makeTenant();
    const ctx = await makeCtx("tenant_viewer", { tenantId: t.id });
    const mails = async () =>
      (await db.mailMessage.findMany({ where: { to: ctx.actorLabel, kind: "two_factor" } })).map((m) => m.subject);
    const setup = await startTotpEnrolment(ctx);
    expect(await mails()).toEqual([]); // nothing is in force before the first code
    const now = new Date();
    await confirmTotpEnrolment(ctx, { code: await totpCodeAt(setup.secret, totpStepOf(now)) }, now);
    expect(await mails()).toEqual(["Axys: two-factor sign-in turned on"]);
    await regenerateRecoveryCodes(ctx);
    expect(await mails()).toHaveLength(2);
    expect(await mails()).toContain("Axys: new recovery codes generated");
    // refused (the Tenant requires 2FA): the email is in the change's transaction, so none is queued
    await db.tenant.update({ where: { id: t.id }, data: { requireTwoFactor: true } });
    expect((await appErrorOf(disableTwoFactor(ctx))).code).toBe("FORBIDDEN");
    expect(await mails()).toHaveLength(2);
    await db.tenant.update({ where: { id: t.id }, data: { requireTwoFactor: false } });
    await disableTwoFactor(ctx);
    expect(await mails()).toHaveLength(3);
    expect(await mails()).toContain("Axys: two-factor sign-in turned off");
    const off = await db.mailMessage.findFirstOrThrow({
      where: { to: ctx.actorLabel, subject: "Axys: two-factor sign-in turned off" },
    });
    expect(off.userId).toBe(ctx.userId);
    expect(mailBodies(off).text).toContain("/settings/security/two-factor");
  });
});

describe("throttling of second-factor attempts", () => {
  it("per account: after five failures even the right code is refused, and rows name the factor", async () => {
    const { ctx, secret, step } = await enrolled();
    const now = atStep(step + 40);
    for (let i = 0; i < THROTTLE.perAccount; i++)
      await appErrorOf(verifySecondFactor(ctx.userId!, { method: "totp", code: "123456" }, req(), now));
    const code = await totpCodeAt(secret, step + 40);
    expect((await appErrorOf(verifySecondFactor(ctx.userId!, { method: "totp", code }, req(), now))).code).toBe(
      "RATE_LIMITED",
    );
    const rows = await db.signInAttempt.findMany({ where: { email: ctx.actorLabel, factor: "totp" } });
    expect(rows.filter((r) => !r.success)).toHaveLength(THROTTLE.perAccount);
    // the password is throttled by the same budget
    expect(
      (
        await appErrorOf(
          authenticate({ email: ctx.actorLabel, password: TEST_PASSWORD, ip: req().ip, userAgent: null }, now),
        )
      ).code,
    ).toBe("RATE_LIMITED");
    // after the window it works again
    const later = new Date(now.getTime() + THROTTLE.windowMs + STEP_MS);
    const laterCode = await totpCodeAt(secret, totpStepOf(later));
    await expect(
      verifySecondFactor(ctx.userId!, { method: "totp", code: laterCode }, req(), later),
    ).resolves.toBeTruthy();
  });

  it("per IP: one address trying many accounts", async () => {
    const ip = { ip: "192.0.2.200", userAgent: "vitest" };
    const now = new Date("2031-03-01T10:00:00Z");
    const users: Ctx[] = [];
    for (let i = 0; i < 5; i++) users.push((await enrolled()).ctx);
    for (let i = 0; i < THROTTLE.perIp; i++)
      await appErrorOf(
        verifySecondFactor(users[i % 5].userId!, { method: "recovery_code", code: "aaaaa-bbbbb" }, ip, now),
      );
    const fresh = (await enrolled()).ctx;
    expect(
      (await appErrorOf(verifySecondFactor(fresh.userId!, { method: "recovery_code", code: "aaaaa-bbbbb" }, ip, now)))
        .code,
    ).toBe("RATE_LIMITED");
  });
});

describe("the second sign-in step", () => {
  it("a pending session reaches neither resolveSession nor getCtx's cookie check until the code is given", async () => {
    const { ctx, secret } = await enrolled();
    const before = await db.user.findUniqueOrThrow({ where: { id: ctx.userId! } });
    const { u, token, cookies } = await signIn(ctx.actorLabel);
    expect(u.pendingStep).toBe("two_factor");
    expect(await resolveSession(token)).toBeNull();
    expect(await userOfSessionCookie(cookies)).toBeNull();
    const p = await resolvePendingSession(token);
    expect(p).toMatchObject({ id: ctx.userId, pendingStep: "two_factor", hasTotp: true });
    // the password alone did not count as a sign-in
    expect((await db.user.findUniqueOrThrow({ where: { id: ctx.userId! } })).lastSignInAt).toEqual(before.lastSignInAt);
    const now = new Date();
    await signInWithCode(p!, { method: "totp", code: await totpCodeAt(secret, totpStepOf(now) + 1) }, req(), now);
    expect(await userOfSessionCookie(cookies)).toMatchObject({ id: ctx.userId });
    expect(await resolvePendingSession(token)).toBeNull();
    const s = await db.session.findUniqueOrThrow({ where: { id: token.sid as string } });
    expect(s.pendingStep).toBeNull();
    expect(s.reauthenticatedAt).toEqual(now);
    expect((await db.user.findUniqueOrThrow({ where: { id: ctx.userId! } })).lastSignInAt).toEqual(now);
  });

  it("a user without 2FA signs in in one step, with lastSignInAt set", async () => {
    const ctx = await makeCtx("tenant_viewer", { tenantId });
    const { u, token } = await signIn(ctx.actorLabel);
    expect(u.pendingStep).toBeNull();
    expect(await resolveSession(token)).toMatchObject({ id: ctx.userId });
    expect((await db.user.findUniqueOrThrow({ where: { id: ctx.userId! } })).lastSignInAt).not.toBeNull();
  });

  it("too many wrong codes end the pending session", async () => {
    const { ctx } = await enrolled();
    const { token } = await signIn(ctx.actorLabel);
    const r = req();
    let last;
    for (let i = 0; i < THROTTLE.perAccount; i++) {
      const p = await resolvePendingSession(token);
      expect(p).not.toBeNull();
      last = await appErrorOf(signInWithCode(p!, { method: "totp", code: "000000" }, r));
    }
    expect(last!.code).toBe("RATE_LIMITED");
    expect(await resolvePendingSession(token)).toBeNull();
    const s = await db.session.findUniqueOrThrow({ where: { id: token.sid as string } });
    expect(s.revokedReason).toBe("two_factor_failed");
  });

  it("a Tenant requiring 2FA sends members without a factor to enrolment; only an admin may set it", async () => {
    const t = await makeTenant();
    const admin = await makeCtx("tenant_admin", { tenantId: t.id });
    const viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
    expect((await appErrorOf(setTwoFactorRequirement(viewer, { required: true }))).code).toBe("FORBIDDEN");
    expect((await signIn(viewer.actorLabel)).u.pendingStep).toBeNull();
    const r = await setTwoFactorRequirement(admin, { required: true });
    expect(r).toEqual({ required: true, membersWithoutFactor: 2 });
    expect(await db.auditEvent.count({ where: { tenantId: t.id, action: "tenant.two_factor_requirement_set" } })).toBe(
      1,
    );
    const { u, token } = await signIn(viewer.actorLabel);
    expect(u.pendingStep).toBe("enrol_two_factor");
    expect(await resolveSession(token)).toBeNull();
    expect(await resolvePendingSession(token)).toMatchObject({ pendingStep: "enrol_two_factor" });
    // the requirement holds: nobody turns it off
    const setup = await startTotpEnrolment(viewer);
    const now = new Date();
    await confirmTotpEnrolment(viewer, { code: await totpCodeAt(setup.secret, totpStepOf(now)) }, now);
    expect((await appErrorOf(disableTwoFactor(viewer))).code).toBe("FORBIDDEN");
    expect((await getTwoFactorRequirement(admin)).membersWithoutFactor).toBe(1);
    // another Tenant's setting is untouched
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).requireTwoFactor).toBe(false);
  });

  it("staff accounts must enrol in production, and cannot turn 2FA off there", async () => {
    const staff = await makeCtx("staff_reviewer");
    expect((await signIn(staff.actorLabel)).u.pendingStep).toBeNull();
    process.env.AXYS_DEPLOYMENT = "production";
    expect((await signIn(staff.actorLabel)).u.pendingStep).toBe("enrol_two_factor");
    delete process.env.AXYS_DEPLOYMENT;
    const setup = await startTotpEnrolment(staff);
    const now = new Date();
    await confirmTotpEnrolment(staff, { code: await totpCodeAt(setup.secret, totpStepOf(now)) }, now);
    process.env.AXYS_DEPLOYMENT = "production";
    expect((await appErrorOf(disableTwoFactor(staff))).message).toMatch(/staff/);
    delete process.env.AXYS_DEPLOYMENT;
    await expect(disableTwoFactor(staff)).resolves.toEqual({ disabled: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: staff.userId! } })).totpSecretSealed).toBeNull();
  });
});

describe("passkeys", () => {
  it("the last factor of an account that must have one cannot be removed; others can, and the codes go with the last", async () => {
    const t = await makeTenant();
    const ctx = await makeCtx("tenant_viewer", { tenantId: t.id });
    const key = await db.passkey.create({
      data: { userId: ctx.userId!, credentialId: `only-${ctx.userId}`, publicKey: "x", name: "Only key" },
    });
    await db.recoveryCode.create({ data: { userId: ctx.userId!, codeSha256: "h" } });
    await db.tenant.update({ where: { id: t.id }, data: { requireTwoFactor: true } });
    expect((await appErrorOf(removePasskey(ctx, { id: key.id }))).code).toBe("FORBIDDEN");
    const other = await makeCtx("tenant_viewer", { tenantId: t.id });
    expect((await appErrorOf(removePasskey(other, { id: key.id }))).code).toBe("NOT_FOUND");
    await db.tenant.update({ where: { id: t.id }, data: { requireTwoFactor: false } });
    await expect(removePasskey(ctx, { id: key.id })).resolves.toEqual({ id: key.id });
    expect(await db.recoveryCode.count({ where: { userId: ctx.userId! } })).toBe(0);
    expect(await db.mailMessage.count({ where: { to: ctx.actorLabel, kind: "two_factor" } })).toBe(1);
  });

  it("a session that owes its second factor cannot enrol a new one", async () => {
    const { ctx } = await enrolled();
    const { token } = await signIn(ctx.actorLabel);
    const p = await resolvePendingSession(token);
    expect((await appErrorOf(assertMayEnrol(p!))).code).toBe("FORBIDDEN");
  });
});

describe("axys user reset-2fa", () => {
  it("removes every factor, ends every session, audits the reason and emails the user", async () => {
    const { ctx } = await enrolled();
    await db.passkey.create({
      data: { userId: ctx.userId!, credentialId: `cred-${ctx.userId}`, publicKey: "x", name: "Key" },
    });
    const { token } = await signIn(ctx.actorLabel);
    expect((await appErrorOf(resetTwoFactor(ctx, { email: ctx.actorLabel, reason: "lost device" }))).code).toBe(
      "FORBIDDEN",
    );
    const op = operatorCtx({ actor: "test" });
    expect((await appErrorOf(resetTwoFactor(op, { email: ctx.actorLabel, reason: "" }))).field).toBe("reason");
    expect((await appErrorOf(resetTwoFactor(op, { email: "nobody@example.test", reason: "lost" }))).code).toBe(
      "NOT_FOUND",
    );
    const r = await resetTwoFactor(op, { email: ctx.actorLabel, reason: "lost device" });
    expect(r).toMatchObject({ removed: { totp: true, passkeys: 1 }, sessionsRevoked: 1 });
    const u = await db.user.findUniqueOrThrow({ where: { id: ctx.userId! } });
    expect([u.totpSecretSealed, u.totpConfirmedAt, u.totpLastStep]).toEqual([null, null, null]);
    expect(await db.recoveryCode.count({ where: { userId: ctx.userId! } })).toBe(0);
    expect(await db.passkey.count({ where: { userId: ctx.userId! } })).toBe(0);
    expect(await resolvePendingSession(token)).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: ctx.userId, action: "two_factor.reset" } });
    expect(audit.tenantId).toBe(tenantId);
    expect(JSON.parse(audit.after!)).toMatchObject({ reason: "lost device" });
    expect(await db.mailMessage.count({ where: { to: ctx.actorLabel, kind: "two_factor" } })).toBe(2);
    // the next sign-in is a single step again (no requirement in this Tenant)
    expect((await signIn(ctx.actorLabel)).u.pendingStep).toBeNull();
  });
});

describe("WebAuthn challenges", () => {
  it("are answered once and not after they expire", async () => {
    const ctx = await makeCtx("tenant_viewer", { tenantId });
    const { token } = await signIn(ctx.actorLabel);
    const sid = token.sid as string;
    const now = new Date();
    await storeChallenge(sid, "challenge-1", now);
    expect(await takeChallenge(sid, now)).toBe("challenge-1");
    expect(await takeChallenge(sid, now)).toBeNull();
    await storeChallenge(sid, "challenge-2", now);
    expect(await takeChallenge(sid, new Date(now.getTime() + 6 * 60_000))).toBeNull();
  });
});
