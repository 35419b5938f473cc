import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

/** Which migrations to apply, by folder name: those after `after` and up to `through` (inclusive); all by default. */
export interface MigrationRange {
  after?: string;
  through?: string;
}

function migrationSql(dir: string, range: MigrationRange = {}): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .filter((name) => (!range.after || name > range.after) && (!range.through || name <= range.through))
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or, when
 * TEST_DATABASE_URL is a PostgreSQL URL, a new database on that server. Returns its URL and a disposer.
 */
export async function createTestDatabase(
  range: MigrationRange = {},
): Promise<{ url: string; dispose: () => Promise<void> }> {
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

/**
 * Runs SQL on a test database (created with a `through` range) with the driver itself, not Prisma, and
 * applies further migrations: for migration tests that write rows as an older schema held them.
 */
export async function withRawConnection<T>(
  url: string,
  run: (
    exec: (sql: string, params?: unknown[]) => Promise<unknown[]>,
    migrate: (range: MigrationRange) => Promise<void>,
  ) => Promise<T>,
): Promise<T> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await run(
        async (sql, params = []) => (await client.query(sql, params)).rows,
        async (range) => {
          for (const sql of migrationSql(path.join(root, "prisma", "postgres", "migrations"), range))
            await client.query(sql);
        },
      );
    } finally {
      await client.end();
    }
  }
  const Database = (await import("better-sqlite3")).default;
  const sqlite = new Database(url.replace(/^file:/, ""));
  try {
    return await run(
      async (sql, params = []) => {
        const stmt = sqlite.prepare(sql.replace(/\$\d+/g, "?"));
        return stmt.reader ? stmt.all(...params) : (stmt.run(...params), []);
      },
      async (range) => {
        for (const sql of migrationSql(path.join(root, "prisma", "migrations"), range)) sqlite.exec(sql);
      },
    );
  } finally {
    sqlite.close();
  }
}
