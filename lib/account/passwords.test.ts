import { beforeAll, describe, expect, it } from "vitest";
import {
  changePassword,
  requestPasswordReset,
  resetPassword,
  RESET_THROTTLE,
  viewPasswordReset,
} from "@/lib/account/passwords";
import { isCommonPassword } from "@/lib/account/password-rules";
import type { Ctx } from "@/lib/auth/context";
import { verifyPassword } from "@/lib/auth/password";
import { resolveSession, startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { mailBodies } from "@/lib/mail/outbox";
import { appErrorOf } from "@/lib/testing/errors";
import { makeCtx, makeTenant, TEST_PASSWORD } from "@/lib/testing/factories";

const NEW = "plum-orbit-kettle-92";
let tenantId: string;
beforeAll(async () => {
  tenantId = (await makeTenant()).id;
});

let ipSeq = 0;
const freshIp = () => `192.0.2.${++ipSeq}`;
const info = (ip = freshIp()) => ({ ip, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36" });

async function signedIn(role: "tenant_admin" | "tenant_viewer" = "tenant_viewer"): Promise<Ctx> {
  const ctx = await makeCtx(role, { tenantId });
  return { ...ctx, sessionId: await startSession(ctx.userId!, info()) };
}
const mailsTo = (to: string, kind?: string) =>
  db.mailMessage.findMany({ where: { to, ...(kind ? { kind } : {}) }, orderBy: { createdAt: "asc" } });
const linkToken = (text: string) => /\/reset\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? null;
const live = (ctx: Ctx, sid = ctx.sessionId!) => resolveSession({ uid: ctx.userId, sid });

describe("password rules", () => {
  it("refuses common passwords, also padded with digits/symbols or repeated, and accepts a passphrase", () => {
    for (const p of ["password1234", "Password1234!", "monkeymonkey", "123456789012", "qwertyuiop12", "!!football99!!"])
      expect(isCommonPassword(p), p).toBe(true);
    expect(isCommonPassword(NEW)).toBe(false);
    expect(isCommonPassword(TEST_PASSWORD)).toBe(false);
  });
});

describe("changePassword", () => {
  it("needs the current password, checks the rules, ends the other sessions, keeps this one, audits and notifies", async () => {
    const ctx = await signedIn();
    const other = await startSession(ctx.userId!, info());
    expect(
      await appErrorOf(changePassword(ctx, { currentPassword: "wrong-password-x", newPassword: NEW })),
    ).toMatchObject({
      code: "VALIDATION",
      field: "currentPassword",
    });
    expect(
      await appErrorOf(changePassword(ctx, { currentPassword: TEST_PASSWORD, newPassword: "Password1234" })),
    ).toMatchObject({ code: "VALIDATION", field: "newPassword", message: expect.stringMatching(/too easy to guess/) });
    expect(
      await appErrorOf(changePassword(ctx, { currentPassword: TEST_PASSWORD, newPassword: "short" })),
    ).toMatchObject({
      field: "newPassword",
      message: "Passwords need at least 12 characters.",
    });
    expect(await live(ctx, other)).not.toBeNull(); // refusals changed nothing

    expect(await changePassword(ctx, { currentPassword: TEST_PASSWORD, newPassword: NEW })).toEqual({
      otherSessionsEnded: 1,
    });
    const u = await db.user.findUniqueOrThrow({ where: { id: ctx.userId! } });
    expect(await verifyPassword(u.passwordHash, NEW)).toBe(true);
    expect(u.passwordChangedAt).not.toBeNull();
    expect(await live(ctx, other)).toBeNull();
    expect(await live(ctx)).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: "account.password_changed", targetId: ctx.userId } })).toBe(1);
    expect(await mailsTo(ctx.actorLabel, "password_reset")).toHaveLength(1);
  });
});

describe("password reset", () => {
  it("answers the same for an unknown address and queues no mail; a known one gets a single-use 1-hour link", async () => {
    const ctx = await signedIn();
    const unknown = `nobody-${Date.now()}@example.test`;
    expect(await requestPasswordReset({ email: unknown }, info())).toBeUndefined();
    expect(await mailsTo(unknown)).toHaveLength(0);
    expect(await db.passwordResetRequest.count({ where: { email: unknown } })).toBe(1);

    const now = new Date();
    expect(await requestPasswordReset({ email: ` ${ctx.actorLabel.toUpperCase()} ` }, info(), now)).toBeUndefined();
    const [mail] = await mailsTo(ctx.actorLabel, "password_reset");
    const text = mailBodies(mail).text!;
    const token = linkToken(text)!;
    expect(text).toContain(`/reset/${token}`);
    const row = await db.accountToken.findFirstOrThrow({ where: { userId: ctx.userId!, kind: "password_reset" } });
    expect(row.tokenSha256).not.toContain(token); // hashed at rest
    expect(row.expiresAt.getTime() - now.getTime()).toBe(60 * 60_000);
    expect(await viewPasswordReset(token)).toEqual({ email: ctx.actorLabel });

    // a refused password leaves the link usable
    expect(await appErrorOf(resetPassword({ token, password: "password1234" }, info()))).toMatchObject({
      code: "VALIDATION",
    });
    expect(await resetPassword({ token, password: NEW }, info())).toEqual({ email: ctx.actorLabel });
    expect(await live(ctx)).toBeNull(); // every session ended, none started
    expect(await db.session.count({ where: { userId: ctx.userId!, revokedAt: null } })).toBe(0);
    const u = await db.user.findUniqueOrThrow({ where: { id: ctx.userId! } });
    expect(await verifyPassword(u.passwordHash, NEW)).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "account.password_reset", targetId: ctx.userId } })).toBe(1);

    // single use
    expect(await appErrorOf(resetPassword({ token, password: "another-fine-pass-77" }, info()))).toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(/invalid, already used or expired/),
    });
    expect(
      await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: ctx.userId! } })).passwordHash, NEW),
    ).toBe(true);
  });

  it("an expired link is refused", async () => {
    const ctx = await signedIn();
    const t0 = new Date(Date.now() - 61 * 60_000);
    await requestPasswordReset({ email: ctx.actorLabel }, info(), t0);
    const token = linkToken(mailBodies((await mailsTo(ctx.actorLabel, "password_reset"))[0]).text!)!;
    expect(await appErrorOf(viewPasswordReset(token))).toMatchObject({ code: "NOT_FOUND" });
    expect(await appErrorOf(resetPassword({ token, password: NEW }, info()))).toMatchObject({ code: "NOT_FOUND" });
    // one minute before expiry it still worked
    expect(await viewPasswordReset(token, new Date(t0.getTime() + 59 * 60_000))).toEqual({ email: ctx.actorLabel });
  });

  it("two concurrent uses of one link: exactly one wins", async () => {
    const ctx = await signedIn();
    await requestPasswordReset({ email: ctx.actorLabel }, info());
    const token = linkToken(mailBodies((await mailsTo(ctx.actorLabel, "password_reset"))[0]).text!)!;
    const results = await Promise.allSettled([
      resetPassword({ token, password: NEW }, info()),
      resetPassword({ token, password: "second-racer-pass-88" }, info()),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("is throttled per address and per IP, whether or not the address exists", async () => {
    for (const email of [`ghost-${Date.now()}@example.test`, (await signedIn()).actorLabel]) {
      for (let i = 0; i < RESET_THROTTLE.perEmail; i++) await requestPasswordReset({ email }, info());
      expect(await appErrorOf(requestPasswordReset({ email }, info()))).toMatchObject({ code: "RATE_LIMITED" });
    }
    const ip = freshIp();
    for (let i = 0; i < RESET_THROTTLE.perIp; i++)
      await requestPasswordReset({ email: `ip-${i}-${Date.now()}@example.test` }, info(ip));
    expect(await appErrorOf(requestPasswordReset({ email: "fresh@example.test" }, info(ip)))).toMatchObject({
      code: "RATE_LIMITED",
    });
    // an hour later the address may ask again
    expect(
      await requestPasswordReset({ email: "fresh@example.test" }, info(ip), new Date(Date.now() + 61 * 60_000)),
    ).toBeUndefined();
  });
});
