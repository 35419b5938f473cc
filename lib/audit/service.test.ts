import { beforeAll, describe, expect, it } from "vitest";
import { auditFilterSchema } from "@/lib/audit/schemas";
import { iterateAuditEvents, listAuditActions, listAuditEvents } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

let admin: Ctx;
let viewer: Ctx;
let other: Ctx;
beforeAll(async () => {
  const [a, b] = [await makeTenant(), await makeTenant()];
  admin = await makeCtx("tenant_admin", { tenantId: a.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: a.id });
  other = await makeCtx("tenant_admin", { tenantId: b.id });
  for (let i = 0; i < 7; i++) await makeProgram(admin);
  await makeProgram(other);
});

const filter = (q: Record<string, string> = {}) => auditFilterSchema.parse(q);

describe("audit log", () => {
  it("lists only the caller's tenant, newest first", async () => {
    const { events } = await listAuditEvents(viewer, filter());
    expect(events.length).toBeGreaterThanOrEqual(7);
    const times = events.map((e) => e.createdAt.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const foreign = (await listAuditEvents(other, filter({ action: "program.created" }))).events;
    expect(foreign).toHaveLength(1);
    expect(events.map((e) => e.id)).not.toContain(foreign[0].id);
  });

  it("filters by action, actor and date range", async () => {
    expect((await listAuditEvents(admin, filter({ action: "program.created" }))).events).toHaveLength(7);
    expect((await listAuditEvents(admin, filter({ actor: admin.actorLabel.toUpperCase() }))).events).toHaveLength(7);
    expect((await listAuditEvents(admin, filter({ actor: "nobody" }))).events).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await listAuditEvents(admin, filter({ from: today, to: today, action: "program.created" }))).events,
    ).toHaveLength(7);
    expect((await listAuditEvents(admin, filter({ to: "2000-01-01" }))).events).toHaveLength(0);
    expect(await listAuditActions(admin)).toEqual(expect.arrayContaining(["program.created", "user.created"]));
  });

  it("rejects a malformed date filter", () => {
    expect(auditFilterSchema.safeParse({ from: "22/11/2026" }).success).toBe(false);
  });

  it("pages by keyset without gaps or repeats, and ignores another tenant's cursor", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditEvents(admin, { ...filter({ action: "program.created" }), cursor }, 3);
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const foreignId = (await listAuditEvents(other, filter())).events[0].id;
    expect((await listAuditEvents(admin, { ...filter(), cursor: foreignId })).events).toEqual([]);
    const all: string[] = [];
    for await (const e of iterateAuditEvents(admin, filter({ action: "program.created" }), 2)) all.push(e.id);
    expect(all).toEqual(seen);
  });

  it("is not readable by a partner or staff", async () => {
    const p = await makeProgram(admin);
    const partner = await makeCtx("partner_viewer", { tenantId: admin.tenantId, programId: p.id });
    const staff = await makeCtx("staff_reviewer");
    for (const ctx of [partner, staff]) {
      await expect(listAuditEvents(ctx, filter())).rejects.toSatisfy(
        (e: unknown) => e instanceof AppError && e.code === "NOT_FOUND",
      );
    }
  });
});
