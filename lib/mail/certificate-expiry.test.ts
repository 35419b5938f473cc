import { describe, expect, it } from "vitest";
import { submitCsr } from "@/lib/certificates/service";
import { db } from "@/lib/db";
import { mailBodies } from "@/lib/mail/outbox";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { opensslCsr } from "@/lib/testing/openssl";
import { scheduleExpiryReminders } from "@/lib/webhooks/reminders";

const DAY = 86_400_000;

describe("certificate expiry reminders by email", () => {
  it("caught up late, send one email for the most urgent threshold, and still each webhook", async () => {
    const t = await makeTenant();
    const a = await makeCtx("tenant_admin", { tenantId: t.id });
    const legal = (await db.tenant.findUniqueOrThrow({ where: { id: t.id } })).legalName;
    const cert = await submitCsr(
      a,
      {
        environment: "staging",
        programId: null,
        csrPem: opensslCsr("ec:P-256", `/O=${legal}/OU=tenant/CN=a.example`).csrPem,
      },
      new Date("2031-01-01T00:00:00Z"),
    );
    await scheduleExpiryReminders(new Date(cert.notAfter.getTime() - 10 * DAY)); // nothing ran at 30 days
    const rows = await db.mailMessage.findMany({ where: { tenantId: t.id } });
    expect(rows.map((r) => r.dedupeKey)).toEqual([`cert-expiry:${cert.id}:15:${a.userId}`]);
    expect(
      await db.webhookEvent.count({ where: { dedupeKey: { startsWith: `certificate.expiring:${cert.id}:` } } }),
    ).toBe(2);
    await scheduleExpiryReminders(new Date(cert.notAfter.getTime() - 4 * DAY));
    expect((await db.mailMessage.findMany({ where: { tenantId: t.id } })).map((r) => r.dedupeKey).sort()).toEqual(
      [`cert-expiry:${cert.id}:15:${a.userId}`, `cert-expiry:${cert.id}:5:${a.userId}`].sort(),
    );
  });

  it("go to each active admin who did not mute them, exactly once per (certificate, threshold, admin)", async () => {
    const t = await makeTenant();
    const a1 = await makeCtx("tenant_admin", { tenantId: t.id });
    const a2 = await makeCtx("tenant_admin", { tenantId: t.id }); // mutes certificate_expiry
    const a3 = await makeCtx("tenant_admin", { tenantId: t.id }); // disabled
    const a4 = await makeCtx("tenant_admin", { tenantId: t.id }); // mutes another kind only
    await makeCtx("tenant_viewer", { tenantId: t.id });
    const otherAdmin = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
    await db.user.update({ where: { id: a2.userId! }, data: { mutedMailKinds: "new_sign_in,certificate_expiry" } });
    await db.user.update({ where: { id: a3.userId! }, data: { disabledAt: new Date() } });
    await db.user.update({ where: { id: a4.userId! }, data: { mutedMailKinds: "new_sign_in" } });
    const p = await makeProgram(a1);
    const legal = (await db.tenant.findUniqueOrThrow({ where: { id: t.id } })).legalName;
    const cert = await submitCsr(
      a1,
      {
        environment: "production",
        programId: p.id,
        csrPem: opensslCsr("ec:P-256", `/O=${legal}/OU=${p.id}/CN=api.t.example`).csrPem,
      },
      new Date("2031-01-01T00:00:00Z"),
    );
    const at = (ms: number) => new Date(cert.notAfter.getTime() - ms);
    const mails = () =>
      db.mailMessage.findMany({
        where: { kind: "certificate_expiry", dedupeKey: { startsWith: `cert-expiry:${cert.id}:` } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });

    await scheduleExpiryReminders(at(30 * DAY + 1000));
    expect(await mails()).toHaveLength(0);
    // several workers at once, and again later: still one email per admin
    await Promise.all([
      scheduleExpiryReminders(at(30 * DAY)),
      scheduleExpiryReminders(at(30 * DAY)),
      scheduleExpiryReminders(at(30 * DAY)),
    ]);
    await scheduleExpiryReminders(at(29 * DAY));
    let rows = await mails();
    expect(rows.map((r) => [r.to, r.dedupeKey]).sort()).toEqual(
      [
        [a1.actorLabel, `cert-expiry:${cert.id}:30:${a1.userId}`],
        [a4.actorLabel, `cert-expiry:${cert.id}:30:${a4.userId}`],
      ].sort(),
    );
    const first = rows[0];
    expect(first).toMatchObject({ tenantId: t.id, status: "pending" });
    expect(first.subject).toMatch(/production certificate of .* expires in 30 days/);
    const { text, html } = mailBodies(first);
    expect(text).toContain(cert.serialHex);
    expect(text).toContain(`/certificates/${p.id}`);
    expect(text).toContain(p.name);
    expect(html).toContain(`/certificates/${p.id}"`);
    // the webhook event of the same reminder exists: they were written together
    expect(await db.webhookEvent.count({ where: { dedupeKey: `certificate.expiring:${cert.id}:30` } })).toBe(1);

    await scheduleExpiryReminders(at(15 * DAY));
    await scheduleExpiryReminders(at(5 * DAY));
    await scheduleExpiryReminders(at(0)); // expiry itself: a webhook and a notice, no email
    await scheduleExpiryReminders(at(-DAY));
    rows = await mails();
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(6);
    for (const d of [30, 15, 5])
      expect(rows.filter((r) => r.dedupeKey!.startsWith(`cert-expiry:${cert.id}:${d}:`))).toHaveLength(2);
    expect(rows.some((r) => [a2, a3, otherAdmin].some((a) => a.actorLabel === r.to))).toBe(false);
  });

  it("queue nothing when every admin muted them, and the webhook reminder still fires", async () => {
    const t = await makeTenant();
    const a = await makeCtx("tenant_admin", { tenantId: t.id });
    await db.user.update({ where: { id: a.userId! }, data: { mutedMailKinds: "certificate_expiry" } });
    const legal = (await db.tenant.findUniqueOrThrow({ where: { id: t.id } })).legalName;
    const cert = await submitCsr(
      a,
      {
        environment: "staging",
        programId: null,
        csrPem: opensslCsr("ec:P-256", `/O=${legal}/OU=tenant/CN=api.t.example`).csrPem,
      },
      new Date("2031-01-01T00:00:00Z"),
    );
    await scheduleExpiryReminders(new Date(cert.notAfter.getTime() - 10 * DAY));
    expect(await db.mailMessage.count({ where: { tenantId: t.id } })).toBe(0);
    expect(
      await db.webhookEvent.count({ where: { dedupeKey: { startsWith: `certificate.expiring:${cert.id}:` } } }),
    ).toBe(2);
  });
});
