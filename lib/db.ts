import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import { PrismaClient as PgClient } from "@/lib/generated/pg/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { errorInfo, log } from "@/lib/log/logger";
import { registerGauge } from "@/lib/metrics/registry";

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
    // our own pool (ended by $disconnect) so that its use can be measured
    const pool = new pg.Pool({ connectionString: url });
    handles.axysPgPool = pool;
    // An idle connection the server closes (a restart, a failover, an idle timeout) is reported on the pool; with
    // no listener Node treats it as an uncaught exception and the whole process dies. The pool has already
    // dropped that connection: the next query opens a fresh one (the cluster harness restarts PostgreSQL).
    pool.on("error", (e) => log.warn({ err: errorInfo(e) }, "database connection lost (idle); the pool reconnects"));
    registerGauge(
      "axys_db_pool_connections",
      "PostgreSQL pool connections of this process by state (total, idle, waiting clients).",
      (g) => {
        g.set({ state: "total" }, pool.totalCount);
        g.set({ state: "idle" }, pool.idleCount);
        g.set({ state: "waiting" }, pool.waitingCount);
      },
      ["state"],
    );
    return new PgClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as DB;
  }
  // Busy timeout: the app, the CLI and a worker may write the same file; wait rather than fail.
  return new SqliteClient({ adapter: new ConcurrentSqlite({ url, timeout: 5000 }) });
}

/**
 * SQLite tuned for several processes on one file (app, CLI, worker): WAL so readers never block the
 * writer, and write transactions opened with BEGIN IMMEDIATE. A plain (deferred) BEGIN that reads and
 * then writes fails at once with SQLITE_BUSY when another process writes meanwhile (SQLite's deadlock
 * avoidance skips the busy timeout); IMMEDIATE takes the write lock up front and waits its turn.
 */
// on globalThis, as the client is: a dev hot reload re-runs this module while the connected client survives
const handles = globalThis as { axysSqlite?: import("better-sqlite3").Database; axysPgPool?: pg.Pool };
/** The PostgreSQL pool under the Prisma client (undefined on SQLite). */
const pgPool = () => handles.axysPgPool;
/**
 * The SQLite connection under the Prisma client (null before it connects, and on PostgreSQL). Prisma runs every query
 * and transaction on this one connection, so a statement run on it inside `db.$transaction` belongs to that
 * transaction. For bulk writes only (lib/monitoring/ingest.ts), where Prisma's cost per bound parameter dominates.
 */
export const rawSqlite = () => handles.axysSqlite ?? null;

/**
 * The one SQLite connection's turn: Prisma's better-sqlite3 adapter runs every query, and every transaction, on one
 * connection, and only makes transactions wait for each other. A query of another request issued while a
 * transaction is open (between its awaits) would run inside that transaction: it would see its uncommitted rows and,
 * when it rolls back, be rolled back with it although it had answered success. So while a transaction is open, every
 * other query on the connection waits for it (first come, first served); with none open, a query runs at once.
 */
class SqliteTurn {
  #held = false;
  #waiting: (() => void)[] = [];
  /** Whether a transaction is open or waiting: a query must then take its turn. */
  get busy() {
    return this.#held || this.#waiting.length > 0;
  }
  take(): Promise<void> {
    if (!this.busy) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
  give() {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
  /** `f` now when no transaction is open or waiting, else once the ones before it are done. */
  async when<T>(f: () => T | Promise<T>): Promise<T> {
    if (!this.busy) return f();
    await this.take();
    try {
      return await f();
    } finally {
      this.give();
    }
  }
}
// on globalThis, as the client is (a dev hot reload keeps the connected client and its wrapped methods)
const sqliteTurn = ((globalThis as { axysSqliteTurn?: SqliteTurn }).axysSqliteTurn ??= new SqliteTurn());

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

class ConcurrentSqlite extends PrismaBetterSQLite3 {
  async connect() {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client: import("better-sqlite3").Database }).client;
    client.pragma("journal_mode = WAL");
    handles.axysSqlite = client;
    const prepare = client.prepare.bind(client);
    client.prepare = ((sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql)) as typeof client.prepare;

    // a transaction holds the connection from BEGIN to its COMMIT or ROLLBACK (Prisma runs those statements through
    // the transaction, then calls commit() or rollback(), which hand the connection on)
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      await sqliteTurn.take();
      let tx: Transaction;
      try {
        tx = await startTransaction(isolationLevel);
      } catch (e) {
        sqliteTurn.give();
        throw e;
      }
      let open = true;
      const end = (f: () => Promise<void>) => async () => {
        try {
          await f();
        } finally {
          if (open) {
            open = false;
            sqliteTurn.give();
          }
        }
      };
      tx.commit = end(tx.commit.bind(tx));
      tx.rollback = end(tx.rollback.bind(tx));
      return tx;
    };
    // the queries outside transactions (the transaction's own go through its object, not these)
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    const executeScript = adapter.executeScript.bind(adapter);
    adapter.queryRaw = (q) => sqliteTurn.when(() => queryRaw(q));
    adapter.executeRaw = (q) => sqliteTurn.when(() => executeRaw(q));
    adapter.executeScript = (s) => sqliteTurn.when(() => executeScript(s));
    return adapter;
  }
}

/** Prisma's error codes for a database it cannot reach or that did not answer in time. */
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** The driver adapters' error kinds (DriverAdapterError cause) of the same. */
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);
/** Socket errors, PostgreSQL's shutdown and overload states (57P0x, 53300), SQLite's busy beyond its timeout. */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "SQLITE_BUSY",
  "SQLITE_CANTOPEN",
]);

/**
 * Whether an error says the database is down or unreachable for now (rather than a bug or a refused query): a
 * caller may answer 503 with Retry-After. Reads Prisma's errors, the driver adapters' causes and the drivers' own
 * errors (preparedStatement), through `cause` chains.
 */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 5) return false;
  const x = e as {
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: { cause?: unknown } };
  };
  if (typeof x.code === "string" && (UNAVAILABLE_PRISMA_CODES.has(x.code) || UNAVAILABLE_CODES.has(x.code)))
    return true;
  if (typeof x.kind === "string" && UNAVAILABLE_KINDS.has(x.kind)) return true;
  // An interactive transaction that could not get a connection from the pool within maxWait: the database is
  // saturated for now, not refusing the query (P2028 also names bugs such as an expired transaction: not those)
  if (
    x.code === "P2028" &&
    typeof x.message === "string" &&
    /Unable to start a transaction in the given time/.test(x.message)
  )
    return true;
  // pg's own words for a connection that ended or could not be had from the pool in time (no code)
  if (
    typeof x.message === "string" &&
    /^(Connection terminated|timeout exceeded when trying to connect)/.test(x.message)
  )
    return true;
  return (
    isDatabaseUnavailable(x.meta?.driverAdapterError?.cause, depth + 1) || isDatabaseUnavailable(x.cause, depth + 1)
  );
}

/** A bound parameter of a prepared statement. */
export type SqlParam = string | number | bigint | null;

/** A timestamp as Prisma stores it in SQLite (ISO 8601 with +00:00), for statements that write one themselves. */
export const sqliteTimestamp = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** A timestamp column as the driver returns it: ISO text (Prisma's SQLite format), epoch ms, or a Date (pg). */
export function sqlDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  const s = String(v);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(" ", "T")}Z`);
}

// PostgreSQL values as Prisma reads them: TIMESTAMP(3) columns hold UTC (pg would read them as local time), and
// BIGINT as bigint (pg gives strings).
const PG_TIMESTAMP = 1114;
const PG_INT8 = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === PG_TIMESTAMP
      ? (s: string) => sqlDate(s)
      : oid === PG_INT8
        ? (s: string) => BigInt(s)
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * One statement of a hot path (the gateway's per-request reads and its rate-limit count) run on the driver under
 * Prisma, prepared once: a better-sqlite3 statement on SQLite (integers come back as bigint), a named prepared
 * statement on each pg connection on PostgreSQL. Prisma 6.19 compiles every query (raw ones too) in WebAssembly on
 * the event loop, about 0.2 ms even for `SELECT 1`; these skip that. The SQL is the caller's, the same for both
 * databases with `?` parameters (numbered `$n` for PostgreSQL here: no `?` elsewhere in it) or one text for each;
 * like every query it
 * carries the tenant in its WHERE. Outside a transaction only: on SQLite it runs on Prisma's one connection, as
 * Prisma's own non-transactional queries do.
 */
export function preparedStatement<Row>(
  name: string,
  sql: string | { sqlite: string; postgres: string },
): (...params: SqlParam[]) => Promise<Row[]> {
  let i = 0;
  const postgres = typeof sql === "string" ? sql.replace(/\?/g, () => `$${++i}`) : sql.postgres;
  const sqlite = typeof sql === "string" ? sql : sql.sqlite;
  let prepared: { on: import("better-sqlite3").Database; stmt: import("better-sqlite3").Statement } | null = null;
  return async (...params) => {
    if (onPostgres) {
      return (await pgPool()!.query<Row & pg.QueryResultRow>({ name, text: postgres, values: params, types: pgTypes }))
        .rows;
    }
    if (!handles.axysSqlite?.open) await db.$connect();
    // never inside another request's open transaction (SqliteTurn): at once when none is open, else after it ends
    return sqliteTurn.when(() => {
      const handle = handles.axysSqlite;
      if (!handle?.open) throw new Error("The SQLite connection under Prisma is not open.");
      if (prepared?.on !== handle) prepared = { on: handle, stmt: handle.prepare(sqlite).safeIntegers(true) };
      const { stmt } = prepared;
      if (stmt.reader) return stmt.all(...params) as Row[];
      stmt.run(...params);
      return [];
    });
  };
}

const g = globalThis as unknown as { prisma?: DB };
/** The process-wide Prisma client (one per process; survives Next's dev hot reloads). */
export const db: DB = g.prisma ?? createClient();
g.prisma = db;

/** Whether this process's database is PostgreSQL (for the few statements that differ from SQLite). */
export const onPostgres = isPostgresUrl(process.env.DATABASE_URL ?? "");
/**
 * A case-insensitive `contains` filter on both databases: SQLite's LIKE already ignores ASCII case,
 * PostgreSQL needs Prisma's `mode: "insensitive"` (absent from the SQLite client's types).
 */
export function containsInsensitive(q: string): { contains: string } {
  return (onPostgres ? { contains: q, mode: "insensitive" } : { contains: q }) as { contains: string };
}

/** How many rows a search reads to match text the database cannot match literally (see likeLiteral). */
export const SEARCH_SCAN_LIMIT = 1000;

/**
 * User text that `containsInsensitive` matches literally and alike on both databases, or null. Prisma's contains and
 * startsWith are LIKE patterns it does not escape (% and _ stay wildcards; SQLite's LIKE has no escape character and
 * ignores only ASCII case, PostgreSQL's ILIKE all case): so only printable ASCII without % _ \ goes to the database.
 * For anything else a search reads at most SEARCH_SCAN_LIMIT rows of its scope and matches with `includesFolded`.
 */
export function likeLiteral(q: string): string | null {
  return /^[\x20-\x7e]*$/.test(q) && !/[%_\\]/.test(q) ? q : null;
}

/** A case-insensitive substring test in JS, the same whichever database the rows came from. */
export function includesFolded(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}
