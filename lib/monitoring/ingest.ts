import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { CURRENCIES } from "@/lib/core/currencies";
import { db, onPostgres, rawSqlite, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/sqlite/client";
import { balanceInputSchema, transactionInputSchema } from "@/lib/monitoring/schemas";
import { requirePrograms } from "@/lib/programs/queries";
import { fieldErrorsOf } from "@/lib/validation";

/** At most this many items per call; the CLI splits larger files. */
export const MAX_INGEST_BATCH = 5000;

export interface IngestResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** "12.50" in EUR -> 1250n; refuses more decimals than the currency has. String arithmetic only. */
export function toMinor(amount: string, currency: string): bigint | string {
  const units = CURRENCIES[currency].minorUnits;
  const [whole, frac = ""] = amount.split(".");
  if (frac.length > units)
    return `${currency} has ${units} decimal place${units === 1 ? "" : "s"}: ${amount} has ${frac.length}.`;
  return BigInt(whole) * 10n ** BigInt(units) + BigInt(frac.padEnd(units, "0") || "0");
}

/** "12.5" -> 12500n: thousandths of the major unit, whatever the currency's minor units (the list's amount sort key). */
export function toNominal(amount: string): bigint {
  const [whole, frac = ""] = amount.split(".");
  return BigInt(whole) * 1000n + BigInt(frac.padEnd(3, "0").slice(0, 3) || "0");
}

export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

function parseAll<S extends typeof transactionInputSchema | typeof balanceInputSchema>(
  schema: S,
  items: unknown[],
  what: string,
) {
  if (!Array.isArray(items) || items.length === 0) throw new AppError("VALIDATION", `Give at least one ${what}.`);
  if (items.length > MAX_INGEST_BATCH)
    throw new AppError("VALIDATION", `At most ${MAX_INGEST_BATCH} ${what}s per call; split the input.`);
  return items.map((item, i) => {
    const r = schema.safeParse(item);
    if (r.success) return r.data as import("zod").output<S>;
    const [field, message] = Object.entries(fieldErrorsOf(r.error))[0];
    throw new AppError("VALIDATION", `${what} ${i + 1}${field !== "_form" ? ` (${field})` : ""}: ${message}`, field);
  });
}

type Bucket = {
  tenantId: string;
  environment: string;
  programId: string;
  day: string;
  currency: string;
  status: string;
};
const bucketKey = (b: Bucket) => [b.environment, b.programId, b.day, b.currency, b.status].join("|");

const DAILY_COLUMNS = ["tenantId", "environment", "programId", "day", "currency", "status", "count", "amountMinor"];

/**
 * Adds deltas to the daily totals in one statement (INSERT ... ON CONFLICT DO UPDATE, the same on SQLite and
 * PostgreSQL), its rows one JSON parameter as for the transactions: one round trip per batch, not one per bucket.
 */
async function applyDailyDeltas(tx: Tx, deltas: (Bucket & { count: number; amountMinor: bigint })[]) {
  if (!deltas.length) return;
  const json = JSON.stringify(
    deltas.map((d) => [
      d.tenantId,
      d.environment,
      d.programId,
      d.day,
      d.currency,
      d.status,
      d.count,
      d.amountMinor.toString(),
    ]),
  );
  await tx.$executeRaw`INSERT INTO "TransactionDaily" (${quoted(DAILY_COLUMNS)})
    ${jsonRows(DAILY_COLUMNS, json, new Set(["count"]))}
    ON CONFLICT ("tenantId", "environment", "programId", "day", "currency", "status")
    DO UPDATE SET "count" = "TransactionDaily"."count" + excluded."count", "amountMinor" = "TransactionDaily"."amountMinor" + excluded."amountMinor"`;
}

const concurrent = (ids: string) =>
  new AppError(
    "CONFLICT",
    `Transaction ${ids} was changed by another ingestion at the same time; nothing of this batch was stored. Send the batch again (ingestion is idempotent).`,
    "id",
  );

type NewRow = {
  id: string;
  tenantId: string;
  programId: string;
  environment: string;
  type: string;
  status: string;
  amountMinor: bigint;
  amountNominal: bigint;
  currency: string;
  cardLast4: string;
  cardholderRef: string;
  merchantName: string | null;
  merchantCategory: string | null;
  merchantCountry: string | null;
  reference: string;
  createdAt: Date;
};

// The columns ingestion writes, in the order of the JSON rows below.
export const INSERT_COLUMNS = [
  "id",
  "tenantId",
  "programId",
  "environment",
  "type",
  "status",
  "amountMinor",
  "amountNominal",
  "currency",
  "cardLast4",
  "cardholderRef",
  "merchantName",
  "merchantCategory",
  "merchantCountry",
  "reference",
  "createdAt",
  "ingestedAt",
  "updatedAt",
] as const;
/** A new row's values in INSERT_COLUMNS order (both databases' insert paths bind these). */
const rowValues = (r: NewRow, now: string): unknown[] => [
  r.id,
  r.tenantId,
  r.programId,
  r.environment,
  r.type,
  r.status,
  r.amountMinor,
  r.amountNominal,
  r.currency,
  r.cardLast4,
  r.cardholderRef,
  r.merchantName,
  r.merchantCategory,
  r.merchantCountry,
  r.reference,
  timeParam(r.createdAt),
  now,
  now,
];

const BIGINT_COLUMNS = new Set<string>(["amountMinor", "amountNominal"]);
const TIME_COLUMNS = new Set<string>(["createdAt", "ingestedAt", "updatedAt"]);

/** A time as Prisma stores it: timestamp(3) in UTC on PostgreSQL, ISO 8601 text with "+00:00" on SQLite. */
const timeParam = (d: Date) => (onPostgres ? d.toISOString() : d.toISOString().replace("Z", "+00:00"));

/**
 * Element `i` of a JSON array row `j`, typed for its column (bigints travel as strings: exact on both databases).
 * `int` names the 32-bit integer columns; BIGINT_COLUMNS and TIME_COLUMNS the others that need a cast.
 */
function jsonColumn(name: string, i: number, int: ReadonlySet<string>): Prisma.Sql {
  const big = BIGINT_COLUMNS.has(name);
  if (onPostgres) {
    const cast = big ? "::bigint" : int.has(name) ? "::integer" : TIME_COLUMNS.has(name) ? "::timestamp(3)" : "";
    return Prisma.raw(`(j->>${i})${cast}`);
  }
  return Prisma.raw(big || int.has(name) ? `CAST(j->>${i} AS INTEGER)` : `j->>${i}`);
}
/** The rows of one JSON array parameter (an array of arrays), one row per element, as `columns`. */
function jsonRows(columns: readonly string[], json: string, int: ReadonlySet<string> = new Set()) {
  const select = Prisma.join(columns.map((c, i) => jsonColumn(c, i, int)));
  return onPostgres
    ? Prisma.sql`SELECT ${select} FROM jsonb_array_elements(${json}::jsonb) AS r(j)`
    : Prisma.sql`SELECT ${select} FROM (SELECT value AS j FROM json_each(${json})) WHERE true`;
}
const quoted = (columns: readonly string[]) => Prisma.join(columns.map((c) => Prisma.raw(`"${c}"`)));
/** A JSON array of strings as a set of values for `IN (...)`. */
const jsonStrings = (json: string) =>
  onPostgres
    ? Prisma.sql`SELECT jsonb_array_elements_text(${json}::jsonb)`
    : Prisma.sql`SELECT value FROM json_each(${json})`;

/**
 * The whole batch in one INSERT whose rows are one JSON parameter, expanded by the database (json_each /
 * jsonb_array_elements). Prisma spends its time per bound parameter (18 a row: ~1 ms of CPU per row through
 * createMany, a tenth through a multi-row $executeRaw, profiled); one parameter a batch leaves the database's own work.
 */
async function insertTransactions(tx: Tx, rows: NewRow[]): Promise<number> {
  if (!rows.length) return 0;
  const sqlite = onPostgres ? null : rawSqlite();
  if (sqlite) return insertOnSqlite(sqlite, rows);
  const now = timeParam(new Date());
  const json = JSON.stringify(
    // bigints as decimal strings (JSON has no 64-bit integers; the INSERT casts them back)
    rows.map((r) => rowValues(r, now).map((v) => (typeof v === "bigint" ? v.toString() : v))),
  );
  // a row a concurrent batch inserted first is skipped here and counted by the caller (which then rolls back)
  return tx.$executeRaw`INSERT INTO "Transaction" (${quoted(INSERT_COLUMNS)})
    ${jsonRows(INSERT_COLUMNS, json)}
    ON CONFLICT ("tenantId", "id") DO NOTHING`;
}

const SQLITE_ROWS_PER_INSERT = 500; // 9,000 bound parameters, within SQLite's 32,766
const sqliteInserts = new WeakMap<object, Map<number, import("better-sqlite3").Statement>>();

/**
 * SQLite: prepared multi-row INSERTs straight on the connection under Prisma, inside the caller's transaction (Prisma
 * runs it on that one connection, and nothing else runs meanwhile: better-sqlite3 is synchronous). Values as Prisma
 * stores them: times as ISO text with "+00:00", bigints as integers.
 */
function insertOnSqlite(sqlite: import("better-sqlite3").Database, rows: NewRow[]): number {
  let cache = sqliteInserts.get(sqlite);
  if (!cache) sqliteInserts.set(sqlite, (cache = new Map()));
  const statementFor = (n: number) => {
    let st = cache.get(n);
    if (!st) {
      const row = `(${INSERT_COLUMNS.map(() => "?").join(", ")})`;
      st = sqlite.prepare(
        `INSERT INTO "Transaction" (${INSERT_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${Array(n).fill(row).join(", ")} ON CONFLICT ("tenantId", "id") DO NOTHING`,
      );
      if (n === SQLITE_ROWS_PER_INSERT) cache.set(n, st);
    }
    return st;
  };
  const now = timeParam(new Date());
  let inserted = 0;
  for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + SQLITE_ROWS_PER_INSERT);
    const params: unknown[] = [];
    for (const r of chunk) params.push(...rowValues(r, now));
    inserted += statementFor(chunk.length).run(...params).changes;
  }
  return inserted;
}

/** What ingestion compares of a stored transaction. */
type StoredTransaction = Omit<NewRow, "tenantId" | "amountNominal">;

/** The batch's transactions already stored, in one query (the ids as one JSON parameter). */
async function storedTransactions(tx: Tx, tenantId: string, ids: string[]): Promise<Map<string, StoredTransaction>> {
  const found = await tx.$queryRaw<
    (Omit<StoredTransaction, "amountMinor" | "createdAt"> & {
      amountMinor: string;
      createdAt: Date | string;
    })[]
  >`SELECT "id", "programId", "environment", "type", "status", CAST("amountMinor" AS TEXT) AS "amountMinor", "currency",
      "cardLast4", "cardholderRef", "merchantName", "merchantCategory", "merchantCountry", "reference", "createdAt"
    FROM "Transaction" WHERE "tenantId" = ${tenantId} AND "id" IN (${jsonStrings(JSON.stringify(ids))})`;
  return new Map(
    found.map((e) => [
      e.id,
      {
        ...e,
        amountMinor: BigInt(e.amountMinor),
        createdAt: e.createdAt instanceof Date ? e.createdAt : new Date(e.createdAt),
      },
    ]),
  );
}

/**
 * Ingests transactions from the card platform, idempotent by transaction id: a known id with the same
 * facts changes nothing, a known id with a new status moves it (pending -> completed, ...) and records the move
 * in its status history, a known id
 * with different facts (amount, program, time, merchant, ...) is refused. Ids are per tenant. The whole batch
 * is validated first and written in one database transaction together with the daily totals, so a
 * refused batch changes nothing.
 */
export async function ingestTransactions(ctx: Ctx, items: unknown[]): Promise<IngestResult> {
  assertCan(ctx, "monitoring:ingest");
  const tenantId = tenantOf(ctx);
  const parsed = parseAll(transactionInputSchema, items, "transaction");
  const rows = parsed.map((t, i) => {
    const minor = toMinor(t.amount, t.currency);
    if (typeof minor === "string")
      throw new AppError("VALIDATION", `transaction ${i + 1} (amount): ${minor}`, "amount");
    if (minor <= 0n)
      throw new AppError(
        "VALIDATION",
        `transaction ${i + 1} (amount): the amount must be greater than zero.`,
        "amount",
      );
    return {
      id: t.id,
      tenantId,
      programId: t.programId,
      environment: t.environment,
      type: t.type,
      status: t.status,
      amountMinor: minor,
      amountNominal: toNominal(t.amount),
      currency: t.currency,
      cardLast4: t.cardLast4,
      cardholderRef: t.cardholderRef,
      merchantName: t.merchantName || null,
      merchantCategory: t.merchantCategory || null,
      merchantCountry: t.merchantCountry || null,
      reference: t.reference,
      createdAt: t.createdAt,
    };
  });
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.id)) throw new AppError("VALIDATION", `Transaction ${r.id} appears twice in this batch.`, "id");
    seen.add(r.id);
  }

  return db.$transaction(
    async (tx) => {
      await requirePrograms(
        tx,
        ctx,
        rows.map((r) => r.programId),
        "programId",
      );
      const existing = await storedTransactions(
        tx,
        tenantId,
        rows.map((r) => r.id),
      );
      const deltas = new Map<string, Bucket & { count: number; amountMinor: bigint }>();
      const bump = (b: Bucket, count: number, amountMinor: bigint) => {
        const k = bucketKey(b);
        const d = deltas.get(k) ?? { ...b, count: 0, amountMinor: 0n };
        d.count += count;
        d.amountMinor += amountMinor;
        deltas.set(k, d);
      };
      const fresh: typeof rows = [];
      const moves: { tenantId: string; transactionId: string; fromStatus: string; toStatus: string }[] = [];
      const result: IngestResult = { inserted: 0, updated: 0, unchanged: 0 };
      for (const r of rows) {
        const e = existing.get(r.id);
        if (!e) {
          fresh.push(r);
          bump(
            {
              tenantId,
              environment: r.environment,
              programId: r.programId,
              day: dayOf(r.createdAt),
              currency: r.currency,
              status: r.status,
            },
            1,
            r.amountMinor,
          );
          continue;
        }
        const differs =
          (
            [
              "programId",
              "environment",
              "type",
              "currency",
              "cardLast4",
              "cardholderRef",
              "merchantName",
              "merchantCategory",
              "merchantCountry",
              "reference",
            ] as const
          ).find((f) => e[f] !== r[f]) ??
          (e.amountMinor !== r.amountMinor
            ? "amount"
            : e.createdAt.getTime() !== r.createdAt.getTime()
              ? "createdAt"
              : null);
        if (differs)
          throw new AppError(
            "CONFLICT",
            `Transaction ${r.id} was already ingested with a different ${differs}; only its status may change.`,
            differs,
          );
        if (e.status === r.status) {
          result.unchanged++;
          continue;
        }
        const day = dayOf(e.createdAt);
        bump(
          { tenantId, environment: e.environment, programId: e.programId, day, currency: e.currency, status: e.status },
          -1,
          -e.amountMinor,
        );
        bump(
          { tenantId, environment: e.environment, programId: e.programId, day, currency: e.currency, status: r.status },
          1,
          e.amountMinor,
        );
        // compare-and-set: a concurrent batch that moved it first makes this one roll back (re-sending is safe)
        const moved = await tx.transaction.updateMany({
          where: { id: e.id, tenantId, status: e.status },
          data: { status: r.status },
        });
        if (moved.count !== 1) throw concurrent(r.id);
        moves.push({ tenantId, transactionId: e.id, fromStatus: e.status, toStatus: r.status });
        result.updated++;
      }
      if ((await insertTransactions(tx, fresh)) !== fresh.length)
        throw concurrent(
          fresh
            .map((f) => f.id)
            .join(", ")
            .slice(0, 200),
        );
      result.inserted = fresh.length;
      // the status history of the detail page, in the same database transaction as the moves
      if (moves.length) await tx.transactionStatusChange.createMany({ data: moves });
      await applyDailyDeltas(
        tx,
        [...deltas.values()].filter((d) => d.count !== 0 || d.amountMinor !== 0n),
      );
      if (result.inserted || result.updated) {
        await recordAudit(tx, ctx, {
          action: "transactions.ingested",
          targetType: "transactions",
          after: { ...result, programs: [...new Set(rows.map((r) => r.programId))] },
        });
      }
      return result;
    },
    { timeout: 60_000 },
  );
}

/** Ingests balance snapshots, idempotent by (program, environment, asset, time): a repeated snapshot replaces the amount. */
export async function ingestBalances(ctx: Ctx, items: unknown[]): Promise<IngestResult> {
  assertCan(ctx, "monitoring:ingest");
  const tenantId = tenantOf(ctx);
  const rows = parseAll(balanceInputSchema, items, "balance");
  return db.$transaction(
    async (tx) => {
      await requirePrograms(
        tx,
        ctx,
        rows.map((r) => r.programId),
        "programId",
      );
      const result: IngestResult = { inserted: 0, updated: 0, unchanged: 0 };
      // one read for the batch: the snapshots already stored in its programs and time span
      const times = rows.map((r) => r.asOf.getTime());
      const stored = await tx.balanceSnapshot.findMany({
        where: {
          tenantId,
          programId: { in: [...new Set(rows.map((r) => r.programId))] },
          asOf: { gte: new Date(Math.min(...times)), lte: new Date(Math.max(...times)) },
        },
        select: { id: true, environment: true, programId: true, asset: true, asOf: true, amount: true },
      });
      const keyOf = (b: { environment: string; programId: string; asset: string; asOf: Date }) =>
        `${b.environment}|${b.programId}|${b.asset}|${b.asOf.getTime()}`;
      const existing = new Map(stored.map((e) => [keyOf(e), e]));
      const fresh = new Map<
        string,
        { tenantId: string; environment: string; programId: string; asset: string; asOf: Date; amount: string }
      >();
      for (const b of rows) {
        const key = keyOf(b);
        const e = existing.get(key);
        if (!e) {
          if (!fresh.has(key)) result.inserted++;
          fresh.set(key, {
            tenantId,
            environment: b.environment,
            programId: b.programId,
            asset: b.asset,
            asOf: b.asOf,
            amount: b.amount,
          });
        } else if (e.amount !== b.amount) {
          await tx.balanceSnapshot.updateMany({ where: { id: e.id, tenantId }, data: { amount: b.amount } });
          e.amount = b.amount;
          result.updated++;
        } else result.unchanged++;
      }
      if (fresh.size) await tx.balanceSnapshot.createMany({ data: [...fresh.values()] });
      if (result.inserted || result.updated) {
        await recordAudit(tx, ctx, {
          action: "balances.ingested",
          targetType: "balances",
          after: { ...result, programs: [...new Set(rows.map((r) => r.programId))] },
        });
      }
      return result;
    },
    { timeout: 60_000 },
  );
}

/**
 * Any number of items, ingested MAX_INGEST_BATCH at a time. Each batch is one database transaction: a refused batch
 * changes nothing and the batches before it stay, which its error says (re-running the whole input is safe:
 * ingestion is idempotent by id).
 */
export async function ingestInBatches(
  ctx: Ctx,
  kind: "transactions" | "balances",
  items: unknown[],
): Promise<IngestResult> {
  const ingest = kind === "transactions" ? ingestTransactions : ingestBalances;
  if (!Array.isArray(items) || items.length === 0) return ingest(ctx, []);
  const total: IngestResult = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < items.length; i += MAX_INGEST_BATCH) {
    try {
      const r = await ingest(ctx, items.slice(i, i + MAX_INGEST_BATCH));
      total.inserted += r.inserted;
      total.updated += r.updated;
      total.unchanged += r.unchanged;
    } catch (e) {
      if (i > 0 && e instanceof Error)
        e.message = `items ${i + 1}-${Math.min(i + MAX_INGEST_BATCH, items.length)} (earlier batches were stored; re-running is safe): ${e.message}`;
      throw e;
    }
  }
  return total;
}
