import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { checkArtwork } from "@/lib/card-designs/artwork";
import type { ArtworkStore } from "@/lib/card-designs/artwork-store";
import {
  getDesignArtwork,
  listDesignHistory,
  listDesignSlots,
  listReviewQueue,
  reviewDesign,
  submitDesign,
} from "@/lib/card-designs/service";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

const image = (w: number, h: number, format: "png" | "jpeg" = "png", colour = "#1f45b8") => {
  const s = sharp({ create: { width: w, height: h, channels: 3, background: colour } });
  return format === "png" ? s.png().toBuffer() : s.jpeg().toBuffer();
};

let admin: Ctx;
let viewer: Ctx;
let staff: Ctx;
let other: Ctx;
let programId: string;
let card: Buffer;
beforeAll(async () => {
  const t = await makeTenant();
  admin = await makeCtx("tenant_admin", { tenantId: t.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
  staff = await makeCtx("staff_reviewer");
  other = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
  programId = (await makeProgram(admin)).id;
  card = await image(1600, 1009);
});

const meta = (slot: number) => ({
  programId,
  slot,
  name: `Design ${slot}`,
  cardType: "physical" as const,
  network: "visa" as const,
  finish: "matte" as const,
});
async function fails(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected AppError, got ${String(e)}`);
  return { code: e.code, message: e.message, field: e.field };
}

describe("artwork checks", () => {
  it("accepts PNG and JPEG at card ratio in either orientation, re-encoded as PNG", async () => {
    const png = await checkArtwork(card);
    expect(png).toMatchObject({ ok: true, width: 1600, height: 1009 });
    expect((await checkArtwork(await image(1009, 1600, "jpeg"))).ok).toBe(true);
    if (png.ok) expect((await sharp(png.png).metadata()).format).toBe("png");
  });

  it.each([
    ["a text file named .png", async () => Buffer.from("hello, not an image"), "format", /not a PNG or JPEG/],
    ["a truncated PNG", async () => (await image(1600, 1009)).subarray(0, 200), "format", /could not be decoded/],
    ["too small", async () => image(800, 504), "resolution", /800 x 504 pixels; it must be at least 1536 x 969/],
    ["square", async () => image(1600, 1600), "aspect", /aspect ratio is 1\.000; a card is 1\.586/],
    [
      "oversize",
      async () =>
        Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(5 * 1024 * 1024)]),
      "size",
      /limit is 5 MiB/,
    ],
    [
      "CMYK",
      async () =>
        sharp({ create: { width: 1600, height: 1009, channels: 3, background: "#888" } })
          .toColourspace("cmyk")
          .jpeg()
          .toBuffer(),
      "colour",
      /CMYK colour space; card artwork must be sRGB/,
    ],
  ])("refuses %s with the rule in the message", async (_n, make, rule, message) => {
    const r = await checkArtwork(await make());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(message);
      expect(r.checks.at(-1)).toMatchObject({ rule, ok: false });
    }
  });
});

describe("card designs", () => {
  it("refuses slots outside 0-5, staging, viewers, staff and other tenants, storing nothing", async () => {
    const before = await db.cardDesign.count();
    expect(await fails(submitDesign(admin, meta(-1), card))).toMatchObject({ code: "VALIDATION", field: "slot" });
    expect(await fails(submitDesign(admin, meta(6), card))).toMatchObject({ code: "VALIDATION", field: "slot" });
    expect(await fails(submitDesign({ ...admin, environment: "staging" }, meta(0), card))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await fails(submitDesign(viewer, meta(0), card))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(submitDesign(staff, meta(0), card))).toMatchObject({ code: "FORBIDDEN" });
    expect(await fails(submitDesign(other, meta(0), card))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(submitDesign(admin, meta(0), Buffer.from("GIF89a...")))).toMatchObject({
      code: "VALIDATION",
      field: "artwork",
    });
    expect(await db.cardDesign.count()).toBe(before);
  });

  it("goes pending -> rejected -> resubmitted -> approved, keeping history and the active version", async () => {
    const v1 = await submitDesign(admin, meta(1), card);
    expect(v1).toMatchObject({ slot: 1, version: 1, status: "pending" });
    expect(await fails(submitDesign(admin, meta(1), card))).toMatchObject({ code: "CONFLICT" }); // one pending at a time
    expect(await fails(reviewDesign(admin, { designId: v1.id, decision: "approve" }))).toMatchObject({
      code: "FORBIDDEN",
    }); // no self-approval
    expect((await listReviewQueue(staff)).map((q) => q.id)).toContain(v1.id);
    const rejected = await reviewDesign(staff, {
      designId: v1.id,
      decision: "reject",
      reason: "trademark_misuse",
      note: "network logo too small",
    });
    expect(rejected).toMatchObject({
      status: "rejected",
      rejectionLabel: "Trademark or network brand mark misuse",
      rejectionNote: "network logo too small",
      reviewedBy: staff.actorLabel,
    });
    expect(await fails(reviewDesign(staff, { designId: v1.id, decision: "approve" }))).toMatchObject({
      code: "CONFLICT",
    });

    const v2 = await submitDesign(admin, meta(1), card);
    await reviewDesign(staff, { designId: v2.id, decision: "approve" });
    expect(await fails(reviewDesign(staff, { designId: v2.id, decision: "approve" }))).toMatchObject({
      code: "CONFLICT",
    }); // no approving an approved version
    const v3 = await submitDesign(admin, meta(1), card);
    const slot = (await listDesignSlots(viewer, programId))[1];
    expect(slot).toMatchObject({
      latest: { id: v3.id, status: "pending" },
      active: { id: v2.id, status: "approved" },
      versions: 3,
    });
    expect((await listDesignHistory(admin, programId, 1)).map((d) => [d.version, d.status])).toEqual([
      [3, "pending"],
      [2, "approved"],
      [1, "rejected"],
    ]);
    const audit = (
      await db.auditEvent.findMany({ where: { targetId: { in: [v1.id, v2.id] } }, orderBy: { createdAt: "asc" } })
    ).map((a) => [a.action, a.actorLabel]);
    expect(audit).toEqual([
      ["card_design.submitted", admin.actorLabel],
      ["card_design.rejected", staff.actorLabel],
      ["card_design.submitted", admin.actorLabel],
      ["card_design.approved", staff.actorLabel],
    ]);
    expect(
      await db.notification.count({ where: { tenantId: admin.tenantId!, kind: { startsWith: "card_design." } } }),
    ).toBe(2);
  });

  it("serves artwork to its tenant and to staff only; staff never read tenant secrets", async () => {
    const d = await submitDesign(admin, meta(2), card);
    expect((await getDesignArtwork(admin, d.id)).subarray(1, 4).toString()).toBe("PNG");
    expect((await getDesignArtwork(staff, d.id)).length).toBeGreaterThan(0);
    expect(await fails(getDesignArtwork(other, d.id))).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(listDesignSlots(other, programId))).toMatchObject({ code: "NOT_FOUND" });
    const { listApiUsers } = await import("@/lib/api-users/service");
    const { listCertificates } = await import("@/lib/certificates/service");
    const { listWebhookEndpoints } = await import("@/lib/webhooks/service");
    for (const p of [
      listApiUsers(staff),
      listCertificates(staff, { environment: "production", programId: null }),
      listWebhookEndpoints(staff),
      listDesignSlots(staff, programId),
    ]) {
      expect((await fails(p)).code).toBe("NOT_FOUND");
    }
  });

  it("keeps artwork behind the ArtworkStore interface: an injected store holds the bytes, the row only its reference", async () => {
    const objects = new Map<string, Buffer>();
    const memory: ArtworkStore = {
      put: async (key, png) => (objects.set(key, Buffer.from(png)), new Uint8Array(Buffer.from(`mem:${key}`))),
      get: async (ref) => objects.get(Buffer.from(ref).toString().replace(/^mem:/, "")) ?? Buffer.alloc(0),
    };
    expect(await fails(submitDesign(admin, meta(4), Buffer.from("not an image"), memory))).toMatchObject({
      code: "VALIDATION",
    });
    expect(objects.size).toBe(0); // refused artwork is never stored
    const d = await submitDesign(admin, meta(4), card, memory);
    const [key] = [...objects.keys()];
    const row = await db.cardDesign.findUniqueOrThrow({
      where: { id: d.id },
      select: { artwork: true, artworkSha256: true },
    });
    expect(key).toBe(`card-designs/${admin.tenantId}/${programId}/${row.artworkSha256}.png`);
    expect(Buffer.from(row.artwork).toString()).toBe(`mem:${key}`);
    const png = await getDesignArtwork(admin, d.id, memory);
    expect(png.equals(objects.get(key)!)).toBe(true);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(await fails(getDesignArtwork(other, d.id, memory))).toMatchObject({ code: "NOT_FOUND" });
  });
});
