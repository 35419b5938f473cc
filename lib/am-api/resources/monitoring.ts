import { z } from "zod";
import { listQuery, op, timestamp } from "@/lib/am-api/operation";
import { getBalances } from "@/lib/monitoring/balances";
import { getOverview } from "@/lib/monitoring/overview";
import { TRANSACTION_SORTS, TRANSACTION_STATUSES, TRANSACTION_TYPES } from "@/lib/monitoring/schemas";
import { TRANSACTION_CSV_HEADER } from "@/lib/monitoring/csv";
import { exportTransactionsCsv, getTransaction, listTransactions } from "@/lib/monitoring/transactions";

const status = z.enum(TRANSACTION_STATUSES);
const day = z.string().max(10).meta({ description: "A UTC day, e.g. 2026-11-22" });
const byStatus = z.object(Object.fromEntries(TRANSACTION_STATUSES.map((s) => [s, z.number().int()])));
const amountsByStatus = z.object(
  Object.fromEntries(TRANSACTION_STATUSES.map((s) => [s, z.object({ count: z.number().int(), amount: z.string() })])),
);
const volumes = z.record(z.string(), z.string()).meta({ description: "Completed volume per currency (major units)" });

export const transactionSchema = z
  .object({
    id: z.string(),
    programId: z.string(),
    programName: z.string(),
    type: z.enum(TRANSACTION_TYPES),
    status,
    amount: z.string().meta({ description: "Decimal in the currency's major unit", example: "12.50" }),
    currency: z.string(),
    cardLast4: z.string(),
    cardholderRef: z.string(),
    merchantName: z.string().nullable(),
    merchantCategory: z.string().nullable(),
    merchantCountry: z.string().nullable(),
    reference: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: "Transaction" });

const transactionDetail = transactionSchema
  .extend({
    environment: z.string(),
    merchantShown: z.boolean(),
    ingestedAt: timestamp,
    updatedAt: timestamp,
    history: z.array(z.object({ status, from: status.nullable(), at: timestamp })),
  })
  .meta({ id: "TransactionDetail" });

const transactionQuery = listQuery.extend({
  starting_after: z
    .string()
    .max(120)
    .optional()
    .meta({ description: "The next_cursor of the previous page (opaque; it carries the sort)" }),
  program: z.string().max(64).optional(),
  from: day.optional(),
  to: day.optional().meta({ description: "Inclusive of that whole UTC day" }),
  status: status.optional(),
  type: z.enum(TRANSACTION_TYPES).optional(),
  min: z.string().max(40).optional().meta({ description: "Minimum amount (major units)" }),
  max: z.string().max(40).optional().meta({ description: "Maximum amount (major units)" }),
  q: z.string().max(100).optional().meta({ description: "Reference, card last 4, cardholder or merchant" }),
  sort: z.enum(TRANSACTION_SORTS).optional(),
});
type TransactionQuery = z.output<typeof transactionQuery>;
/** The list's filters and sort, for the export of every matching transaction (no page size, no cursor). */
const exportQuery = transactionQuery.omit({ limit: true, starting_after: true });

const csvSchema = z.string().meta({
  description: `RFC 4180 CSV, CRLF line ends, a header row (${TRANSACTION_CSV_HEADER.join(",")}), then one row per transaction. A cell starting with = + - @ is prefixed with ' (CSV injection).`,
  example: `${TRANSACTION_CSV_HEADER.join(",")}\r\ntx_1,2026-11-22T09:30:00.000Z,prg_k2m4q7w9x3b5n8p1,Acme Travel,purchase,completed,12.50,EUR,4242,ch_1,Cafe Roma,5814,IT,R-1\r\n`,
});

const overviewSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    count: z.number().int(),
    byStatus,
    currencies: z.array(
      z.object({ currency: z.string(), count: z.number().int(), volume: z.string(), byStatus: amountsByStatus }),
    ),
    series: z.array(z.object({ day: z.string(), count: z.number().int(), volume: volumes })),
    programs: z.array(z.object({ programId: z.string(), name: z.string(), count: z.number().int(), volume: volumes })),
  })
  .meta({ id: "MonitoringOverview" });

const balancesSchema = z
  .object({
    current: z.array(
      z.object({
        programId: z.string(),
        programName: z.string(),
        asset: z.string(),
        amount: z.string(),
        asOf: timestamp,
      }),
    ),
    history: z.array(
      z.object({ asset: z.string(), points: z.array(z.object({ day: z.string(), amount: z.string() })) }),
    ),
  })
  .meta({ id: "Balances" });

const txParams = z.object({ transaction_id: z.string().min(1).max(64) });
const programFilter = z.object({ program: z.string().max(64).optional() });
const overviewQuery = programFilter.extend({ from: day.optional(), to: day.optional() });

export const monitoringOperations = [
  op<Record<string, never>, TransactionQuery>({
    id: "listTransactions",
    permission: "monitoring:read",
    method: "GET",
    path: "/am/v1/transactions",
    tag: "Monitoring",
    summary: "List transactions with the portal's filters",
    description: "Newest first by default; keyset-paged (next_cursor is opaque and carries the sort).",
    query: transactionQuery,
    response: transactionSchema,
    list: true,
    errors: [400, 404],
    mutates: false,
    handle: async (ctx, { query }) => {
      const { limit, starting_after, ...filters } = query;
      const page = await listTransactions(ctx, { ...filters, cursor: starting_after }, limit);
      return { data: page.transactions, has_more: page.nextCursor !== null, next_cursor: page.nextCursor };
    },
  }),
  op<Record<string, never>, z.output<typeof exportQuery>>({
    id: "exportTransactionsCsv",
    permission: "monitoring:read",
    method: "GET",
    path: "/am/v1/transactions.csv",
    tag: "Monitoring",
    summary: "Every transaction matching the list's filters, as CSV (streamed)",
    description:
      "The portal's export: the same filters and order as GET /am/v1/transactions, every matching row (no page size or cursor), streamed as it is read. Invalid filters are refused (400) before anything is sent.",
    query: exportQuery,
    response: csvSchema,
    produces: "csv",
    errors: [400, 404],
    mutates: false,
    handle: (ctx, { query }) => exportTransactionsCsv(ctx, query),
  }),
  op<z.output<typeof txParams>>({
    id: "getTransaction",
    permission: "monitoring:read",
    method: "GET",
    path: "/am/v1/transactions/{transaction_id}",
    tag: "Monitoring",
    summary: "One transaction with its status history",
    params: txParams,
    response: transactionDetail,
    errors: [404],
    mutates: false,
    handle: (ctx, { params }) => getTransaction(ctx, params.transaction_id),
  }),
  op<Record<string, never>, z.output<typeof overviewQuery>>({
    id: "getMonitoringOverview",
    permission: "monitoring:read",
    method: "GET",
    path: "/am/v1/monitoring/overview",
    tag: "Monitoring",
    summary: "Counts and completed volume by status, currency, day and Program",
    description: "Default range: the last 30 days; at most 366.",
    query: overviewQuery,
    response: overviewSchema,
    errors: [400, 404],
    mutates: false,
    handle: (ctx, { query }) => getOverview(ctx, query),
  }),
  op<Record<string, never>, z.output<typeof programFilter>>({
    id: "getBalances",
    permission: "monitoring:read",
    method: "GET",
    path: "/am/v1/balances",
    tag: "Monitoring",
    summary: "Latest balance per Program and asset, and 90 days of history",
    query: programFilter,
    response: balancesSchema,
    errors: [400, 404],
    mutates: false,
    handle: (ctx, { query }) => getBalances(ctx, query),
  }),
];
