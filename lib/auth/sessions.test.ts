import { encode, type JWT } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { authOptions } from "@/lib/auth/options";
import { userOfSessionCookie } from "@/lib/auth/session";
import {
  LAST_SEEN_EVERY_MS,
  resolveSession,
  revokeAllSessions,
  SESSION_MAX_AGE_S,
  startSession,
} from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { appErrorOf } from "@/lib/testing/errors";
import { makeCtx, makeTenant } from "@/lib/testing/factories";

process.env.NEXTAUTH_SECRET ??= "sessions-test-secret-0123456789abcdef";
const secret = process.env.NEXTAUTH_SECRET;
const info = { ip: "198.51.100.9", userAgent: "vitest" };

let alice: Ctx, bob: Ctx;
beforeAll(async () => {
  const tenantId = (await makeTenant()).id;
  alice = await makeCtx("tenant_admin", { tenantId });
  bob = await makeCtx("tenant_viewer", { tenantId });
});

/** What next-auth does at sign-in: the jwt callback with the authorized user, then the encrypted cookie. */
async function signIn(ctx: Ctx): Promise<{ token: JWT; cookies: { getAll(): { name: string; value: string }[] } }> {
  const user = {
    id: ctx.userId!,
    email: ctx.actorLabel,
    role: ctx.role,
    tenantId: ctx.tenantId,
    programId: ctx.programId,
  };
  const token = await authOptions.callbacks!.jwt!({
    token: { email: ctx.actorLabel },
    user,
    account: null,
    trigger: "signIn",
  } as never);
  const value = await encode({ token, secret });
  return { token, cookies: { getAll: () => [{ name: "next-auth.session-token", value }] } };
}
const cookieOf = async (token: JWT) => {
  const value = await encode({ token, secret });
  return { getAll: () => [{ name: "next-auth.session-token", value }] };
};

describe("server-side sessions", () => {
  it("a signed-in cookie works until sign-out, and the same cookie is refused after it", async () => {
    const { token, cookies } = await signIn(alice);
    expect(typeof token.sid).toBe("string");
    expect(await userOfSessionCookie(cookies)).toEqual({
      id: alice.userId,
      email: alice.actorLabel,
      role: "tenant_admin",
      tenantId: alice.tenantId,
      programId: null,
      sessionId: token.sid,
      tenantName: (await db.tenant.findUniqueOrThrow({ where: { id: alice.tenantId! } })).name,
    });
    const row = await db.session.findUnique({ where: { id: token.sid as string } });
    expect(row!.userId).toBe(alice.userId);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(SESSION_MAX_AGE_S * 1000);
    expect(row!.revokedAt).toBeNull();

    // next-auth's POST /api/auth/signout fires this event with the JWT being signed out
    await authOptions.events!.signOut!({ token, session: undefined as never });
    expect(await userOfSessionCookie(cookies)).toBeNull();
    expect(
      await db.session.findUnique({ where: { id: token.sid as string }, select: { revokedReason: true } }),
    ).toEqual({ revokedReason: "signed_out" });
    const audits = await db.auditEvent.findMany({
      where: { action: "auth.signed_out", targetId: token.sid as string },
    });
    expect(audits.map((a) => [a.actorLabel, a.tenantId, a.targetType])).toEqual([
      [alice.actorLabel, alice.tenantId, "session"],
    ]);

    // signing out twice changes nothing more
    await authOptions.events!.signOut!({ token, session: undefined as never });
    expect(await db.auditEvent.count({ where: { action: "auth.signed_out", targetId: token.sid as string } })).toBe(1);
  });

  it("refuses a JWT without a session id, with another user's session, an expired session, a disabled user", async () => {
    const { token } = await signIn(alice);
    expect(await userOfSessionCookie(await cookieOf({ ...token, sid: undefined }))).toBeNull();
    expect(await userOfSessionCookie(await cookieOf({ ...token, uid: bob.userId }))).toBeNull();
    expect(await userOfSessionCookie(await cookieOf({ ...token, sid: "no-such-session" }))).toBeNull();
    expect(await userOfSessionCookie(await cookieOf(token))).toMatchObject({ id: alice.userId });

    const t0 = new Date(Date.now() - SESSION_MAX_AGE_S * 1000 - 1000);
    const old = await startSession(alice.userId!, info, t0);
    expect(await resolveSession({ uid: alice.userId, sid: old }, new Date(t0.getTime() + 60_000))).toMatchObject({
      id: alice.userId,
    });
    expect(await resolveSession({ uid: alice.userId, sid: old })).toBeNull();

    const carol = await makeCtx("tenant_viewer", { tenantId: alice.tenantId });
    const carols = await signIn(carol);
    expect(await userOfSessionCookie(carols.cookies)).toMatchObject({ id: carol.userId });
    await db.user.update({ where: { id: carol.userId! }, data: { disabledAt: new Date() } });
    expect(await userOfSessionCookie(carols.cookies)).toBeNull();
  });

  it("writes lastSeenAt at most once a minute", async () => {
    const t0 = new Date("2026-12-04T10:00:00Z");
    const sid = await startSession(alice.userId!, info, t0);
    const seen = async () =>
      (await db.session.findUnique({ where: { id: sid }, select: { lastSeenAt: true } }))!.lastSeenAt.toISOString();
    const at = (ms: number) => resolveSession({ uid: alice.userId, sid }, new Date(t0.getTime() + ms));
    await at(LAST_SEEN_EVERY_MS - 1);
    expect(await seen()).toBe("2026-12-04T10:00:00.000Z");
    await at(LAST_SEEN_EVERY_MS);
    expect(await seen()).toBe("2026-12-04T10:01:00.000Z");
    await at(LAST_SEEN_EVERY_MS + 30_000);
    expect(await seen()).toBe("2026-12-04T10:01:00.000Z");
  });

  it("sign out of all sessions revokes every live session of that user only, audited", async () => {
    const dave = await makeCtx("tenant_admin", { tenantId: alice.tenantId });
    const a = await signIn(dave);
    const b = await signIn(dave);
    const signedOut = await signIn(dave);
    await authOptions.events!.signOut!({ token: signedOut.token, session: undefined as never });
    const signedOutRow = await db.session.findUnique({ where: { id: signedOut.token.sid as string } });
    const bobs = await signIn(bob);

    expect(await revokeAllSessions(dave)).toEqual({ revoked: 2 });
    expect(await userOfSessionCookie(a.cookies)).toBeNull();
    expect(await userOfSessionCookie(b.cookies)).toBeNull();
    expect(await db.session.count({ where: { userId: dave.userId!, revokedAt: null } })).toBe(0);
    expect(await db.session.count({ where: { userId: dave.userId!, revokedReason: "signed_out_everywhere" } })).toBe(2);
    // the earlier sign-out keeps its own time and reason
    expect(await db.session.findUnique({ where: { id: signedOut.token.sid as string } })).toEqual(signedOutRow);
    // another user's session is untouched
    expect(await userOfSessionCookie(bobs.cookies)).toMatchObject({ id: bob.userId });
    expect(
      await db.session.findUnique({ where: { id: bobs.token.sid as string }, select: { revokedAt: true } }),
    ).toEqual({ revokedAt: null });

    const audit = await db.auditEvent.findMany({
      where: { action: "auth.signed_out_everywhere", targetId: dave.userId! },
    });
    expect(audit.map((e) => [e.actorLabel, e.tenantId, e.after])).toEqual([
      [dave.actorLabel, dave.tenantId, JSON.stringify({ revokedSessions: 2 })],
    ]);

    expect(await revokeAllSessions(dave)).toEqual({ revoked: 0 });
    expect((await appErrorOf(revokeAllSessions({ ...dave, userId: null }))).code).toBe("UNAUTHENTICATED");
  });
});
