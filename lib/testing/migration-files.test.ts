import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
const folders = { sqlite: path.join(root, "prisma", "migrations"), postgres: path.join(root, "prisma", "postgres", "migrations") };
const names = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe("migration files", () => {
  it("the SQLite and PostgreSQL folders hold the same migrations", () => {
    expect(names(folders.sqlite).length).toBeGreaterThan(0);
    expect(names(folders.postgres)).toEqual(names(folders.sqlite));
  });

  // `prisma migrate deploy` on PostgreSQL (driver adapter) splits a script at every ";", comments included: a
  // comment reading "...); each user clears them" failed the deploy with a syntax error, though the raw SQL ran
  // in the service tests (which apply migrations with the driver).
  it("no SQL comment holds a semicolon", () => {
    const offending: string[] = [];
    for (const dir of Object.values(folders)) {
      for (const name of names(dir)) {
        readFileSync(path.join(dir, name, "migration.sql"), "utf8").split("\n").forEach((line, i) => {
          const comment = line.indexOf("--");
          if (comment >= 0 && /;/.test(line.slice(comment))) offending.push(`${path.relative(root, dir)}/${name}:${i + 1}`);
        });
      }
    }
    expect(offending).toEqual([]);
  });
});
