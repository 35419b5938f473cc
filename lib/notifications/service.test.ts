import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { countUnreadNotifications, listNotifications, markNotificationsRead } from "@/lib/notifications/service";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

let admin: Ctx;
let admin2: Ctx;
let viewer: Ctx;
let other: Ctx;

beforeAll(async () => {
  const t = await makeTenant("Notices");
  admin = await makeCtx("tenant_admin", { tenantId: t.id });
  admin2 = await makeCtx("tenant_admin", { tenantId: t.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
  other = await makeCtx("tenant_admin", { tenantId: (await makeTenant("Other")).id });
});

let seq = 0; // distinct creation times, so the newest-first order is exact
const notice = (tenantId: string, title: string) =>
  db.notification.create({
    data: {
      tenantId,
      kind: "webhook.failing",
      title,
      body: "Deliveries are failing.",
      link: null,
      createdAt: new Date(Date.UTC(2026, 1, 1, 0, ++seq)),
    },
  });

describe("markNotificationsRead", () => {
  it("marks the tenant's notices read for the caller only: a viewer's 'Mark all read' leaves the admins' alerts unread", async () => {
    const one = await notice(admin.tenantId!, "one");
    const two = await notice(admin.tenantId!, "two");
    const foreign = await notice(other.tenantId!, "foreign");
    const now = new Date("2026-03-01T12:00:00Z");

    expect(await markNotificationsRead(viewer, now)).toBe(2);
    expect(await countUnreadNotifications(viewer)).toBe(0);
    expect(await countUnreadNotifications(admin)).toBe(2);
    expect(await countUnreadNotifications(admin2)).toBe(2);
    expect((await listNotifications(admin)).map((n) => [n.title, n.readAt])).toEqual([
      ["two", null],
      ["one", null],
    ]);
    expect((await listNotifications(viewer)).map((n) => [n.title, n.readAt])).toEqual([
      ["two", now],
      ["one", now],
    ]);
    expect(await db.notificationRead.findMany({ orderBy: { notificationId: "asc" } })).toEqual(
      [
        { notificationId: one.id, userId: viewer.userId, readAt: now },
        { notificationId: two.id, userId: viewer.userId, readAt: now },
      ].sort((a, b) => a.notificationId.localeCompare(b.notificationId)),
    );
    expect(await db.notificationRead.count({ where: { notificationId: foreign.id } })).toBe(0);
    expect(await countUnreadNotifications(other)).toBe(1);

    const events = await db.auditEvent.findMany({ where: { action: "notifications.read_all" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      tenantId: admin.tenantId,
      actorId: viewer.userId,
      targetType: "notification",
      ip: "203.0.113.7",
      userAgent: "vitest",
    });
    expect(JSON.parse(events[0].after!)).toEqual({ marked: 2, readAt: now.toISOString() });
    expect(await db.auditEvent.count({ where: { action: "notifications.read_all", tenantId: other.tenantId } })).toBe(
      0,
    );
  });

  it("keeps each user's own marks: an admin marks its own, a later notice is unread for everyone, marking again adds only the new one", async () => {
    const t1 = new Date("2026-03-02T08:00:00Z");
    const t2 = new Date("2026-03-03T08:00:00Z");
    expect(await markNotificationsRead(admin, t1)).toBe(2);
    expect(await countUnreadNotifications(admin)).toBe(0);
    expect(await countUnreadNotifications(admin2)).toBe(2);

    await notice(admin.tenantId!, "three");
    expect([
      await countUnreadNotifications(admin),
      await countUnreadNotifications(admin2),
      await countUnreadNotifications(viewer),
    ]).toEqual([1, 3, 1]);
    expect(await markNotificationsRead(admin, t2)).toBe(1);
    expect((await listNotifications(admin)).map((n) => [n.title, n.readAt])).toEqual([
      ["three", t2],
      ["two", t1],
      ["one", t1],
    ]);
    expect(await markNotificationsRead(admin, t2)).toBe(0); // nothing left: no duplicate marks, still audited
    expect(await db.notificationRead.count({ where: { userId: admin.userId! } })).toBe(3);
    expect([
      await countUnreadNotifications(admin),
      await countUnreadNotifications(admin2),
      await countUnreadNotifications(viewer),
    ]).toEqual([0, 3, 1]);
  });

  it("answers a partner user not found (no notifications:read), shows it no unread count and writes nothing", async () => {
    const partner = await makeCtx("partner_viewer", {
      tenantId: admin.tenantId,
      programId: (await makeProgram(admin)).id,
    });
    const before = [
      await db.auditEvent.count({ where: { action: "notifications.read_all" } }),
      await db.notificationRead.count(),
    ];
    await expect(markNotificationsRead(partner)).rejects.toMatchObject({ code: "NOT_FOUND" }); // reads it may not see answer as absent
    await expect(listNotifications(partner)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await countUnreadNotifications(partner)).toBe(0);
    expect([
      await db.auditEvent.count({ where: { action: "notifications.read_all" } }),
      await db.notificationRead.count(),
    ]).toEqual(before);
  });

  it("refuses a caller without a user (the CLI operator): there is no one to mark the notices read for", async () => {
    const operator: Ctx = { ...admin, role: "axys_operator", userId: null };
    const before = await db.notificationRead.count();
    await expect(markNotificationsRead(operator)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.notificationRead.count()).toBe(before);
  });
});
