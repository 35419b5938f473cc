import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { countUnreadNotifications, listNotifications, markNotificationsRead } from "@/lib/notifications/service";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

let admin: Ctx;
let viewer: Ctx;
let other: Ctx;

beforeAll(async () => {
  const t = await makeTenant("Notices");
  admin = await makeCtx("tenant_admin", { tenantId: t.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
  other = await makeCtx("tenant_admin", { tenantId: (await makeTenant("Other")).id });
});

const notice = (tenantId: string, title: string) =>
  db.notification.create({ data: { tenantId, kind: "webhook.failing", title, body: "Deliveries are failing.", link: null } });

describe("markNotificationsRead", () => {
  it("marks only the caller's tenant's notices read and records notifications.read_all in the audit log", async () => {
    await notice(admin.tenantId!, "one");
    await notice(admin.tenantId!, "two");
    const foreign = await notice(other.tenantId!, "foreign");
    const now = new Date("2026-03-01T12:00:00Z");

    expect(await markNotificationsRead(viewer, now)).toBe(2);
    expect(await countUnreadNotifications(admin)).toBe(0);
    expect((await listNotifications(admin)).map((n) => n.readAt?.getTime())).toEqual([now.getTime(), now.getTime()]);
    expect((await db.notification.findUniqueOrThrow({ where: { id: foreign.id } })).readAt).toBeNull();

    const events = await db.auditEvent.findMany({ where: { action: "notifications.read_all" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ tenantId: admin.tenantId, actorId: viewer.userId, targetType: "notification", ip: "203.0.113.7", userAgent: "vitest" });
    expect(JSON.parse(events[0].after!)).toEqual({ marked: 2, readAt: now.toISOString() });
    expect(await db.auditEvent.count({ where: { action: "notifications.read_all", tenantId: other.tenantId } })).toBe(0);
  });

  it("answers a partner user not found and writes no audit event", async () => {
    const partner = await makeCtx("partner_viewer", { tenantId: admin.tenantId, programId: (await makeProgram(admin)).id });
    const before = await db.auditEvent.count({ where: { action: "notifications.read_all" } });
    await expect(markNotificationsRead(partner)).rejects.toMatchObject({ code: "NOT_FOUND" }); // reads it may not see answer as absent
    expect(await db.auditEvent.count({ where: { action: "notifications.read_all" } })).toBe(before);
  });
});
