import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

function migrationSql(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or, when
 * TEST_DATABASE_URL is a PostgreSQL URL, a new database on that server. Returns its URL and a disposer.
 */
export async function createTestDatabase(): Promise<{ url: string; dispose: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  const name = `axys_test_${randomBytes(6).toString("hex")}`;
  if (base && /^postgres(ql)?:\/\//.test(base)) {
    const pg = (await import("pg")).default;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    for (const sql of migrationSql(path.join(root, "prisma", "postgres", "migrations"))) await client.query(sql);
    await client.end();
    return {
      url: url.toString(),
      dispose: async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const Database = (await import("better-sqlite3")).default;
  const file = path.join(os.tmpdir(), `${name}.db`);
  const sqlite = new Database(file);
  for (const sql of migrationSql(path.join(root, "prisma", "migrations"))) sqlite.exec(sql);
  sqlite.close();
  return { url: `file:${file}`, dispose: async () => rmSync(file, { force: true }) };
}
