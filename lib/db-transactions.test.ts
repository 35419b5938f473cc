import { describe, expect, it } from "vitest";
import { db, preparedStatement } from "@/lib/db";

const tenant = (slug: string) => ({ id: `t_${slug}`, slug, name: slug, legalName: slug });
const countBySlug = preparedStatement<{ n: number | bigint }>(
  "axys_test_tenants_by_slug",
  `SELECT COUNT(*) AS "n" FROM "Tenant" WHERE "slug" = ?`,
);

/** A transaction that writes `slug`, then waits for `release` and rolls back; `opened` once its row is written. */
function rollingBack(slug: string) {
  let opened!: () => void;
  const isOpen = new Promise<void>((r) => (opened = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const done = db
    .$transaction(async (t) => {
      await t.tenant.create({ data: tenant(slug) });
      opened();
      await released;
      throw new Error("business rule: roll back");
    })
    .catch((e: Error) => e.message);
  return { isOpen, release, done };
}

// Prisma's SQLite adapter runs every query on one connection: without lib/db.ts's turn, these other requests' queries
// ran inside the open transaction (PostgreSQL runs them on other pool connections, where they are outside it anyway).
describe("the queries of other requests while a transaction is open", () => {
  it("keep their own writes when the transaction rolls back", async () => {
    const tx = rollingBack("inside-1");
    await tx.isOpen;
    const outside = db.tenant.create({ data: tenant("outside-1") });
    setTimeout(tx.release, 50);
    await outside;
    expect(await tx.done).toBe("business rule: roll back");
    const slugs = await db.tenant.findMany({
      where: { slug: { in: ["inside-1", "outside-1"] } },
      select: { slug: true },
    });
    expect(slugs.map((t) => t.slug)).toEqual(["outside-1"]);
  });

  it("never see the transaction's uncommitted rows, through Prisma or a prepared statement", async () => {
    const tx = rollingBack("inside-2");
    await tx.isOpen;
    const read = db.tenant.findUnique({ where: { slug: "inside-2" } });
    const counted = countBySlug("inside-2");
    setTimeout(tx.release, 50);
    expect(await read).toBeNull();
    expect(Number((await counted)[0].n)).toBe(0);
    expect(await tx.done).toBe("business rule: roll back");
  });

  it("still run at once, and in order, when no transaction is open", async () => {
    await db.tenant.create({ data: tenant("alone") });
    const [found, n] = await Promise.all([db.tenant.findUnique({ where: { slug: "alone" } }), countBySlug("alone")]);
    expect(found?.id).toBe("t_alone");
    expect(Number(n[0].n)).toBe(1);
  });
});
