import "server-only";
import type { Ctx } from "@/lib/auth/context";
import { csvStreamBatches } from "@/lib/csv";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { TRANSACTION_CSV_HEADER, transactionCsvRow } from "@/lib/monitoring/csv";
import { transactionFilterSchema, type TransactionStatus } from "@/lib/monitoring/schemas";
import { resolveMonitoringScope, scopeWhere } from "@/lib/monitoring/scope";
import {
  pageOf,
  ROW_SELECT,
  SORTS,
  toDto,
  transactionWhere,
  type TransactionDto,
  type TransactionPage,
} from "@/lib/monitoring/transaction-query";
import { parseInput } from "@/lib/validation";

export type { TransactionDto, TransactionPage } from "@/lib/monitoring/transaction-query";

/**
 * Transactions filtered, in the chosen order (newest first by default, or by date or amount either way),
 * keyset-paginated by (sort key, id): no OFFSET, so a deep page costs what the first does and rows arriving
 * meanwhile neither repeat nor skip entries. `limit` defaults to the filter's page size (25, 50 or 100).
 * Partners (when their Tenant exposed individual transactions) get their Program only, the
 * cardholder reference masked and merchant details only when exposed.
 */
export async function listTransactions(ctx: Ctx, filter: unknown, limit?: number): Promise<TransactionPage> {
  const f = parseInput(transactionFilterSchema, filter);
  const s = await resolveMonitoringScope(ctx, "transaction_list", f.program);
  return pageOf(s, f, Math.min(Math.max(limit ?? f.size, 1), 500));
}

/** Above this many matching rows the list says "more than 10,000" instead of counting on (a count reads every match). */
export const COUNT_CAP = 10_000;

/**
 * How many transactions match the filters (the cursor and page size aside): exact up to COUNT_CAP, else
 * `{ count: COUNT_CAP, capped: true }`. The same `where` as the list and the export, so the three agree.
 */
export async function countTransactions(
  ctx: Ctx,
  filter: unknown,
  cap = COUNT_CAP,
): Promise<{ count: number; capped: boolean }> {
  const f = parseInput(transactionFilterSchema, filter);
  const s = await resolveMonitoringScope(ctx, "transaction_list", f.program);
  const { key, dir } = SORTS[f.sort];
  // the list's order, so the count walks the list's index: with `take`, Prisma otherwise orders the capped subquery
  // by the primary key (tenantId, id), and SQLite walked the whole Tenant in that order (250 ms at 1M rows)
  const n = await db.transaction.count({
    where: transactionWhere(s, { ...f, cursor: undefined }),
    orderBy: [{ [key]: dir }, { id: dir }],
    take: cap + 1,
  });
  return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
}

/** Every matching transaction in keyset pages, in the filter's order, fetched lazily (one page per pull), for the streaming CSV export. */
export async function* iterateTransactionPages(
  ctx: Ctx,
  filter: unknown,
  batch = 5000,
): AsyncGenerator<TransactionDto[]> {
  const f = parseInput(transactionFilterSchema, filter);
  const s = await resolveMonitoringScope(ctx, "transaction_list", f.program);
  let cursor = f.cursor;
  for (;;) {
    const page = await pageOf(s, { ...f, cursor }, batch);
    if (page.transactions.length) yield page.transactions;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/**
 * The transaction list as a streamed CSV: every transaction matching the filters (no cursor, no page size), in
 * their order, fetched in keyset batches as the reader pulls (never the whole result in memory). Bad filters,
 * another Tenant's Program and unexposed surfaces are refused before the stream exists (the list's own checks),
 * so a refusal is an error answer, never a half-written file. The same scope, partner exposure and masking.
 */
export async function exportTransactionsCsv(
  ctx: Ctx,
  filter: Record<string, unknown>,
): Promise<ReadableStream<Uint8Array>> {
  const f = { ...filter, cursor: undefined };
  await listTransactions(ctx, f, 1);
  return csvStreamBatches(TRANSACTION_CSV_HEADER, iterateTransactionPages(ctx, f), transactionCsvRow);
}

export interface TransactionDetailDto extends TransactionDto {
  environment: string;
  merchantShown: boolean;
  ingestedAt: Date;
  updatedAt: Date;
  /** oldest first: the status it arrived with (at its createdAt), then each move ingestion stored (at the time it stored it) */
  history: { status: TransactionStatus; from: TransactionStatus | null; at: Date }[];
}

const TRANSACTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The transaction with exactly this id (the command palette), in the list's scope and masked like it: none when
 * there is no such transaction, or the reader may not list transactions (a partner whose Tenant exposes none).
 */
export async function findTransactionById(ctx: Ctx, id: string): Promise<TransactionDto[]> {
  const s = await resolveMonitoringScope(ctx, "transaction_list").catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") return null;
    throw e;
  });
  if (!s || !TRANSACTION_ID.test(id)) return [];
  const row = await db.transaction.findFirst({ where: { ...scopeWhere(s), id }, select: ROW_SELECT });
  return row ? [toDto(s, row)] : [];
}

/**
 * One transaction with its status history, for the detail page. The same scope as the list: the caller's
 * Tenant and environment, and for a partner only its Program and only when individual transactions are
 * exposed (masked like the list). Anything else, another Tenant's id included, answers NOT_FOUND.
 */
export async function getTransaction(ctx: Ctx, id: unknown): Promise<TransactionDetailDto> {
  const s = await resolveMonitoringScope(ctx, "transaction_list");
  const txId = typeof id === "string" && TRANSACTION_ID.test(id) ? id : null;
  if (!txId) throw notFound("Transaction");
  const row = await db.transaction.findFirst({
    where: { ...scopeWhere(s), id: txId },
    select: { ...ROW_SELECT, ingestedAt: true, updatedAt: true },
  });
  if (!row) throw notFound("Transaction");
  const changes = await db.transactionStatusChange.findMany({
    where: { tenantId: s.tenantId, transactionId: row.id },
    orderBy: [{ changedAt: "asc" }, { id: "asc" }],
    select: { fromStatus: true, toStatus: true, changedAt: true },
  });
  const first = (changes[0]?.fromStatus ?? row.status) as TransactionStatus;
  return {
    ...toDto(s, row),
    environment: s.environment,
    merchantShown: !s.partner || s.partner.includeMerchant,
    ingestedAt: row.ingestedAt,
    updatedAt: row.updatedAt,
    history: [
      { status: first, from: null, at: row.createdAt },
      ...changes.map((c) => ({
        status: c.toStatus as TransactionStatus,
        from: c.fromStatus as TransactionStatus,
        at: c.changedAt,
      })),
    ],
  };
}
