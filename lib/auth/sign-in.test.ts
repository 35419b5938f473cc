import { beforeAll, describe, expect, it } from "vitest";
import { authenticate, THROTTLE } from "@/lib/auth/sign-in";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeCtx, makeTenant, TEST_PASSWORD } from "@/lib/testing/factories";

let email: string;
let tenantId: string;
beforeAll(async () => {
  tenantId = (await makeTenant()).id;
  email = (await makeCtx("tenant_admin", { tenantId })).actorLabel;
});

const attempt = (over: Partial<{ email: string; password: string; ip: string }> = {}, now?: Date) =>
  authenticate({ email, password: TEST_PASSWORD, ip: "198.51.100.1", userAgent: "vitest", ...over }, now);

async function codeOf(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return { code: (e as AppError).code, message: (e as AppError).message };
}

describe("authenticate", () => {
  it("signs in with the right password, case-insensitive email, and records it", async () => {
    const u = await attempt({ email: email.toUpperCase() });
    expect(u).toMatchObject({ email, role: "tenant_admin", tenantId });
    expect(await db.auditEvent.count({ where: { action: "auth.signed_in", actorLabel: email } })).toBe(1);
  });

  it("gives the same answer for a wrong password and an unknown account, and audits both", async () => {
    const wrong = await codeOf(attempt({ password: "wrong-password-1", ip: "198.51.100.2" }));
    const unknown = await codeOf(attempt({ email: "nobody@example.test", ip: "198.51.100.2" }));
    expect(wrong).toEqual({ code: "UNAUTHENTICATED", message: "Wrong email or password." });
    expect(unknown).toEqual(wrong);
    const failed = await db.auditEvent.findMany({ where: { action: "auth.sign_in_failed", ip: "198.51.100.2" } });
    expect(failed.map((e) => e.actorLabel).sort()).toEqual([email, "nobody@example.test"].sort());
    expect(failed.find((e) => e.actorLabel === email)?.tenantId).toBe(tenantId);
  });

  it("locks an account after repeated failures, even for the right password, until the window passes", async () => {
    const t = await makeTenant();
    const victim = (await makeCtx("tenant_viewer", { tenantId: t.id })).actorLabel;
    const start = new Date("2030-01-01T10:00:00Z");
    for (let i = 0; i < THROTTLE.perAccount; i++) {
      const ip = `192.0.2.${i + 10}`; // several IPs: the per-account limit holds on its own
      expect(
        (await codeOf(attempt({ email: victim, password: "nope-nope-nope", ip }, new Date(start.getTime() + i * 1000))))
          .code,
      ).toBe("UNAUTHENTICATED");
    }
    const locked = await codeOf(attempt({ email: victim, ip: "192.0.2.99" }, new Date(start.getTime() + 60_000)));
    expect(locked.code).toBe("RATE_LIMITED");
    expect(locked.message).toMatch(/Too many failed sign-in attempts\. Try again in 14 minutes\./);
    const after = new Date(start.getTime() + THROTTLE.windowMs + 5_000);
    await expect(attempt({ email: victim, ip: "192.0.2.99" }, after)).resolves.toMatchObject({ email: victim });
  });

  it("throttles one IP trying many accounts", async () => {
    const ip = "203.0.113.250";
    const now = new Date("2030-02-01T10:00:00Z");
    for (let i = 0; i < THROTTLE.perIp; i++)
      await codeOf(attempt({ email: `spray${i}@example.test`, password: "guess-guess-1", ip }, now));
    expect((await codeOf(attempt({ ip }, now))).code).toBe("RATE_LIMITED");
    await expect(attempt({ ip: "203.0.113.251" }, now)).resolves.toMatchObject({ email });
  });

  it("refuses a disabled account like a wrong password", async () => {
    const t = await makeTenant();
    const ctx = await makeCtx("tenant_admin", { tenantId: t.id });
    await db.user.update({ where: { id: ctx.userId! }, data: { disabledAt: new Date() } });
    expect((await codeOf(attempt({ email: ctx.actorLabel, ip: "198.51.100.77" }))).code).toBe("UNAUTHENTICATED");
  });

  it("never stores the password in clear", async () => {
    const row = await db.user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(TEST_PASSWORD);
  });
});
