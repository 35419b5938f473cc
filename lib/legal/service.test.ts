import { beforeAll, describe, expect, it } from "vitest";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  ensureDefaultLegalDocuments,
  getLegalDocument,
  listLegalDocuments,
  listLegalHistory,
  publishLegalDocument,
} from "@/lib/legal/service";
import type { PublishLegalDocumentInput } from "@/lib/legal/schemas";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

const op = operatorCtx({ actor: "test" });
let admin: Ctx;
let viewer: Ctx;
let partner: Ctx;
let staff: Ctx;

beforeAll(async () => {
  const t = await makeTenant("Legal");
  admin = await makeCtx("tenant_admin", { tenantId: t.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
  partner = await makeCtx("partner_viewer", { tenantId: t.id, programId: (await makeProgram(admin)).id });
  staff = await makeCtx("staff_reviewer");
});

async function fails(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected AppError, got ${String(e)}`);
  return { code: e.code, message: e.message, field: e.field, fields: e.fields };
}

const doc = (over: Partial<PublishLegalDocumentInput> = {}): PublishLegalDocumentInput => ({
  kind: "terms_of_use",
  title: "Terms of use",
  body: "# Terms\n\nBe nice.",
  changeSummary: "Initial version.",
  ...over,
});
const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

describe("publishing", () => {
  it("numbers versions per kind, records who published, and audits without a tenant", async () => {
    const t1 = await publishLegalDocument(op, doc());
    const t2 = await publishLegalDocument(
      op,
      doc({ title: "Terms of use (2)", changeSummary: "Clarified acceptable use." }),
    );
    const d1 = await publishLegalDocument(op, doc({ kind: "dpa", title: "DPA" }));
    expect([t1.version, t2.version, d1.version]).toEqual([1, 2, 1]);
    expect(t2).toMatchObject({
      kind: "terms_of_use",
      title: "Terms of use (2)",
      changeSummary: "Clarified acceptable use.",
      publishedBy: "cli:test",
      status: "current",
    });
    expect(t2.effectiveAt.getTime()).toBeLessThanOrEqual(Date.now());

    const events = await db.auditEvent.findMany({
      where: { action: "legal.published", targetId: { in: [t1.id, t2.id, d1.id] } },
    });
    expect(events).toHaveLength(3);
    expect(
      events.every((e) => e.tenantId === null && e.actorLabel === "cli:test" && e.targetType === "legal_document"),
    ).toBe(true);
    expect(JSON.parse(events.find((e) => e.targetId === t2.id)!.after!)).toMatchObject({
      kind: "terms_of_use",
      version: 2,
      changeSummary: "Clarified acceptable use.",
    });

    expect((await listLegalHistory(viewer, "terms_of_use")).map((v) => [v.version, v.status])).toEqual([
      [2, "current"],
      [1, "superseded"],
    ]);
  });

  it("keeps the current version in force until a scheduled version's effective date, showing it as upcoming", async () => {
    const now = new Date();
    await publishLegalDocument(
      op,
      doc({ kind: "sla", title: "SLA", body: "## 99.99% monthly uptime", changeSummary: "Initial version." }),
      now,
    );
    const effective = isoDay(new Date(now.getTime() + 30 * DAY));
    const v2 = await publishLegalDocument(
      op,
      doc({
        kind: "sla",
        title: "SLA",
        body: "## 99.99% monthly uptime\n\nNew credits.",
        changeSummary: "New credit tiers.",
        effectiveAt: effective,
      }),
      now,
    );
    expect(v2).toMatchObject({ version: 2, status: "upcoming", effectiveAt: new Date(`${effective}T00:00:00Z`) });

    const sla = (await listLegalDocuments(viewer, now)).find((d) => d.kind === "sla")!;
    expect(sla.current).toMatchObject({ version: 1, status: "current" });
    expect(sla.upcoming).toMatchObject({ version: 2, status: "upcoming", changeSummary: "New credit tiers." });
    expect(sla.upcomingCount).toBe(1);
    expect(await getLegalDocument(viewer, "sla", undefined, now)).toMatchObject({ version: 1, status: "current" });
    expect(await getLegalDocument(viewer, "sla", 2, now)).toMatchObject({ version: 2, status: "upcoming" });

    // History: newest first, with each version's status.
    expect((await listLegalHistory(viewer, "sla", now)).map((v) => [v.version, v.status, v.changeSummary])).toEqual([
      [2, "upcoming", "New credit tiers."],
      [1, "current", "Initial version."],
    ]);

    // Once the date has passed, version 2 is in force and nothing is upcoming.
    const later = new Date(now.getTime() + 31 * DAY);
    const slaLater = (await listLegalDocuments(viewer, later)).find((d) => d.kind === "sla")!;
    expect(slaLater.current?.version).toBe(2);
    expect(slaLater.upcoming).toBeNull();
    expect((await getLegalDocument(viewer, "sla", 1, later)).status).toBe("superseded");

    // A newer version may not take effect before the scheduled one (which would silently cancel it).
    const r = await fails(publishLegalDocument(op, doc({ kind: "sla", changeSummary: "Typo." }), now));
    expect(r).toMatchObject({ code: "VALIDATION", field: "effectiveAt" });
    expect(r.message).toMatch(/Version 2 takes effect on .*a newer version cannot take effect before it/);
    expect(await db.legalDocument.count({ where: { kind: "sla" } })).toBe(2);
  });

  it("lists the four kinds in a fixed order, with null for kinds not yet published", async () => {
    const list = await listLegalDocuments(staff);
    expect(list.map((d) => d.kind)).toEqual(["terms_of_use", "sla", "dpa", "attestations"]);
    expect(list.find((d) => d.kind === "attestations")).toMatchObject({
      current: null,
      upcoming: null,
      upcomingCount: 0,
    });
    expect(await listLegalHistory(viewer, "attestations")).toEqual([]);
    expect(await fails(getLegalDocument(viewer, "attestations"))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("access", () => {
  it("lets tenant users and staff read, hides everything from partner users, and lets only the operator publish", async () => {
    for (const ctx of [admin, viewer, staff]) {
      expect((await listLegalDocuments(ctx)).length).toBe(4);
      expect((await getLegalDocument(ctx, "terms_of_use")).version).toBe(2);
    }
    expect(await fails(listLegalDocuments(partner))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(getLegalDocument(partner, "terms_of_use"))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(listLegalHistory(partner, "terms_of_use"))).toMatchObject({ code: "NOT_FOUND" });

    const before = await db.legalDocument.count();
    for (const ctx of [admin, viewer, staff, partner]) {
      expect(await fails(publishLegalDocument(ctx, doc()))).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await fails(ensureDefaultLegalDocuments(admin))).toMatchObject({ code: "FORBIDDEN" });
    expect(await db.legalDocument.count()).toBe(before);
  });

  it("answers NOT_FOUND for unknown kinds and versions", async () => {
    expect(await fails(getLegalDocument(viewer, "privacy"))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(listLegalHistory(viewer, "../sla"))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(getLegalDocument(viewer, "terms_of_use", 99))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("validation", () => {
  it("reports every bad field and writes nothing", async () => {
    const before = { docs: await db.legalDocument.count(), audit: await db.auditEvent.count() };
    const empty = await fails(publishLegalDocument(op, doc({ title: "  ", body: " \n ", changeSummary: "" })));
    expect(empty).toMatchObject({ code: "VALIDATION", field: "title" });
    expect(empty.fields).toEqual({
      title: "Give the document a title.",
      body: "The document body (Markdown) is empty.",
      changeSummary: "Summarise what changed in this version.",
    });
    const kind = await fails(publishLegalDocument(op, doc({ kind: "privacy" as never })));
    expect(kind).toMatchObject({
      code: "VALIDATION",
      field: "kind",
      message: "Choose one of: terms_of_use, sla, dpa, attestations.",
    });
    for (const bad of ["next tuesday", "2026-02-30", "2026-13-01", "01/12/2026", "2026-12-01T10:00"]) {
      expect(await fails(publishLegalDocument(op, doc({ effectiveAt: bad }))), bad).toMatchObject({
        code: "VALIDATION",
        field: "effectiveAt",
      });
    }
    const past = await fails(publishLegalDocument(op, doc({ effectiveAt: isoDay(new Date(Date.now() - 2 * DAY)) })));
    expect(past).toMatchObject({
      code: "VALIDATION",
      field: "effectiveAt",
      message: expect.stringMatching(/is in the past/),
    });
    expect({ docs: await db.legalDocument.count(), audit: await db.auditEvent.count() }).toEqual(before);
  });

  it("accepts a full ISO date-time with a zone", async () => {
    const when = new Date(Date.now() + 90 * DAY);
    const iso = `${isoDay(when)}T09:30:00+02:00`;
    const v = await publishLegalDocument(op, doc({ kind: "dpa", changeSummary: "Scheduled.", effectiveAt: iso }));
    expect(v.effectiveAt).toEqual(new Date(iso));
    expect(v.status).toBe("upcoming");
  });
});

describe("rendering", () => {
  it("renders Markdown to HTML, escaping raw HTML and dropping unsafe links", async () => {
    const body = [
      "# Attestations",
      "",
      "<script>alert('x')</script>",
      "",
      "See [the report](https://example.com/report) and <img src=x onerror=alert(1)>, not [this](javascript:alert(1)).",
      "",
      "| Attestation | Period |",
      "|---|---|",
      "| PCI DSS | annual |",
      "",
      "- one",
      "- two",
    ].join("\n");
    await publishLegalDocument(op, doc({ kind: "attestations", title: "Attestations", body }));
    const { html, body: stored } = await getLegalDocument(viewer, "attestations");
    expect(stored).toBe(body); // Markdown kept as published
    expect(html).toContain("<h1>Attestations</h1>");
    expect(html).not.toMatch(/<script|<img|javascript:/i);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(html).toContain(
      '<a href="https://example.com/report" rel="noopener noreferrer" target="_blank">the report</a>',
    );
    expect(html).toMatch(/<table>[\s\S]*<td>PCI DSS<\/td>[\s\S]*<\/table>/);
    expect(html).toMatch(/<ul>\s*<li>one<\/li>/);
  });
});

describe("seed", () => {
  it("publishes version 1 of every kind that has none, once", async () => {
    await db.legalDocument.deleteMany({ where: { kind: { in: ["sla", "attestations"] } } });
    expect(await ensureDefaultLegalDocuments(operatorCtx({ actor: "seed" }))).toEqual(["sla", "attestations"]);
    expect(await ensureDefaultLegalDocuments(operatorCtx({ actor: "seed" }))).toEqual([]);
    const sla = await getLegalDocument(viewer, "sla");
    expect(sla).toMatchObject({ version: 1, publishedBy: "cli:seed", changeSummary: "Initial version." });
    expect(sla.body).toMatch(/99\.99%/);
    expect(sla.html).toMatch(/<h2>99\.99% monthly uptime commitment<\/h2>/);
    for (const section of ["How uptime is measured", "Exclusions", "Service credits"])
      expect(sla.html).toContain(`<h2>${section}</h2>`);
    expect((await getLegalDocument(viewer, "terms_of_use")).version).toBe(2); // existing kinds untouched
  });
});
