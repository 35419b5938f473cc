import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

/** The migrations' SQL in order; `range` keeps those with name >= from and < before (for migration tests). */
function migrationSql(dir: string, range: { from?: string; before?: string } = {}): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .filter((name) => (!range.from || name >= range.from) && (!range.before || name < range.before))
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

const isPg = (url: string) => /^postgres(ql)?:\/\//.test(url);

/**
 * Plain SQL on a test database (no Prisma), for migration tests: `all` returns rows as objects.
 * `migrate(from)` applies the migrations from that name on, as `createTestDatabase` does.
 */
export async function openSql(url: string) {
  if (isPg(url)) {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      exec: async (sql: string) => void (await client.query(sql)),
      all: async <T = Record<string, unknown>>(sql: string) => (await client.query(sql)).rows as T[],
      migrate: async (from: string) => { for (const sql of migrationSql(path.join(root, "prisma", "postgres", "migrations"), { from })) await client.query(sql); },
      close: () => client.end(),
    };
  }
  const Database = (await import("better-sqlite3")).default;
  const sqlite = new Database(url.replace(/^file:/, ""));
  return {
    exec: async (sql: string) => void sqlite.exec(sql),
    all: async <T = Record<string, unknown>>(sql: string) => sqlite.prepare(sql).all() as T[],
    migrate: async (from: string) => { for (const sql of migrationSql(path.join(root, "prisma", "migrations"), { from })) sqlite.exec(sql); },
    close: async () => void sqlite.close(),
  };
}

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or, when
 * TEST_DATABASE_URL is a PostgreSQL URL, a new database on that server. Returns its URL and a disposer.
 */
export async function createTestDatabase(range: { before?: string } = {}): Promise<{ url: string; dispose: () => Promise<void> }> {
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
    for (const sql of migrationSql(path.join(root, "prisma", "postgres", "migrations"), range)) await client.query(sql);
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
  for (const sql of migrationSql(path.join(root, "prisma", "migrations"), range)) sqlite.exec(sql);
  sqlite.close();
  return { url: `file:${file}`, dispose: async () => rmSync(file, { force: true }) };
}
