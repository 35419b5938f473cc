import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diff, targets } from "@/scripts/migrations.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");
const folders = {
  sqlite: path.join(root, "prisma", "migrations"),
  postgres: path.join(root, "prisma", "postgres", "migrations"),
};
const names = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

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
        readFileSync(path.join(dir, name, "migration.sql"), "utf8")
          .split("\n")
          .forEach((line, i) => {
            const comment = line.indexOf("--");
            if (comment >= 0 && /;/.test(line.slice(comment)))
              offending.push(`${path.relative(root, dir)}/${name}:${i + 1}`);
          });
      }
    }
    expect(offending).toEqual([]);
  });

  // The migrations are what production runs; schema.prisma is what the client is generated from. Each suite checks
  // its own database kind (the PostgreSQL unit suite runs with TEST_DATABASE_URL set): `prisma migrate diff
  // --exit-code` replays the folder into a shadow database and compares it with the schema.
  const target = /^postgres(ql)?:/.test(process.env.TEST_DATABASE_URL ?? "") ? "postgres" : "sqlite";

  it("the migrations rebuild this database's schema.prisma exactly", { timeout: 180_000 }, () => {
    const r = diff(target);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  });

  it("a schema change without its migration is caught", { timeout: 180_000 }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "axys-drift-"));
    try {
      const schema = path.join(dir, "schema.prisma");
      const real = readFileSync(path.join(root, targets[target].schema), "utf8");
      writeFileSync(schema, `${real}\nmodel DriftProbe {\n  id String @id\n}\n`);
      const r = diff(target, { schema });
      expect(r.code).toBe(2);
      expect(r.stdout).toContain("DriftProbe");
    } finally {
      rmSync(dir, { force: true, recursive: true });
    }
  });
});
