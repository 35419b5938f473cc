import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { resolveSession, startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { axys, cliErrorOf } from "@/lib/testing/cli";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

// every CLI call is a child process (seconds each on a loaded machine)
vi.setConfig({ testTimeout: 300_000 });

let slug: string;
let admin: Ctx, viewer: Ctx, partner: Ctx;
beforeAll(async () => {
  const t = await makeTenant();
  slug = t.slug;
  admin = await makeCtx("tenant_admin", { tenantId: t.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
  partner = await makeCtx("partner_viewer", { tenantId: t.id, programId: (await makeProgram(admin)).id });
  await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
});

describe("axys user list / user disable", () => {
  it("lists a Tenant's users with role, 2FA, last sign-in and disabled", async () => {
    const at = new Date("2026-12-02T08:30:00Z");
    await db.user.update({ where: { id: admin.userId! }, data: { lastSignInAt: at, totpConfirmedAt: at } });
    const r = axys(["user", "list", "--tenant", slug, "--json"]);
    expect(r.code, r.err).toBe(0);
    const { users } = JSON.parse(r.out) as { users: Record<string, unknown>[] };
    expect(users.map((u) => u.email)).toEqual([admin, partner, viewer].map((c) => c.actorLabel).sort());
    expect(users.find((u) => u.email === admin.actorLabel)).toEqual({
      email: admin.actorLabel,
      name: expect.any(String),
      role: "tenant_admin",
      programId: null,
      twoFactor: true,
      lastSignInAt: at.toISOString(),
      disabled: false,
    });
    expect(users.find((u) => u.email === partner.actorLabel)).toMatchObject({
      role: "partner_viewer",
      programId: partner.programId,
      twoFactor: false,
      lastSignInAt: null,
    });
    expect(cliErrorOf(axys(["user", "list", "--tenant", "no-such-tenant", "--json"]))).toMatchObject({
      code: "NOT_FOUND",
      field: "tenant",
    });
  });

  it("disables a user and ends its sessions at once, audited; refuses the last admin and unknown addresses", async () => {
    const session = { uid: viewer.userId!, sid: await startSession(viewer.userId!, { ip: null, userAgent: "t" }) };
    expect(await resolveSession(session)).not.toBeNull();
    const r = axys(["user", "disable", "--email", viewer.actorLabel.toUpperCase(), "--json"]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ email: viewer.actorLabel, disabled: true, revokedSessions: 1 });
    expect(await resolveSession(session)).toBeNull();
    expect(
      await db.auditEvent.findFirst({ where: { action: "user.disabled", targetId: viewer.userId! } }),
    ).toMatchObject({ tenantId: viewer.tenantId, actorLabel: expect.stringMatching(/^cli:/) });

    expect(cliErrorOf(axys(["user", "disable", "--email", admin.actorLabel, "--json"]))).toEqual({
      exit: 1,
      code: "CONFLICT",
      message: `${admin.actorLabel} is the last administrator of this Tenant. Another administrator of the Tenant must exist first (invite one from the team page).`,
    });
    expect((await db.user.findUnique({ where: { id: admin.userId! } }))!.disabledAt).toBeNull();
    expect(cliErrorOf(axys(["user", "disable", "--email", "nobody@example.test"]))).toMatchObject({
      exit: 1,
      code: "NOT_FOUND",
      message: "No user with email nobody@example.test.",
    });
    expect(cliErrorOf(axys(["user", "disable", "--email", viewer.actorLabel, "--json"])).message).toBe(
      `${viewer.actorLabel} is already disabled.`,
    );
  });
});
