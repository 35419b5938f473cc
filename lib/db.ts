import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import { PrismaClient as PgClient } from "@/lib/generated/pg/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

// Both generated clients have identical model APIs; the app is typed against the SQLite one.
export type DB = SqliteClient;
/** A transaction client: what `db.$transaction(async (tx) => ...)` hands its callback. */
export type Tx = Parameters<Parameters<DB["$transaction"]>[0]>[0];

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

function createClient(): DB {
  const url = process.env.DATABASE_URL ?? "file:./dev.db";
  if (isPostgresUrl(url)) {
    return new PgClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as DB;
  }
  // Busy timeout: the app, the CLI and a worker may write the same file; wait rather than fail.
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 5000 }) });
}

const g = globalThis as unknown as { prisma?: DB };
/** The process-wide Prisma client (one per process; survives Next's dev hot reloads). */
export const db: DB = g.prisma ?? createClient();
g.prisma = db;

const onPostgres = isPostgresUrl(process.env.DATABASE_URL ?? "");
/**
 * A case-insensitive `contains` filter on both databases: SQLite's LIKE already ignores ASCII case,
 * PostgreSQL needs Prisma's `mode: "insensitive"` (absent from the SQLite client's types).
 */
export function containsInsensitive(q: string): { contains: string } {
  return (onPostgres ? { contains: q, mode: "insensitive" } : { contains: q }) as { contains: string };
}
