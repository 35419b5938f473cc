import { withCtx } from "@/lib/actions/with-ctx";
import { csvDownload, csvStreamBatches } from "@/lib/csv";
import { AppError } from "@/lib/errors";
import { firstError, parseListParams } from "@/lib/list-params";
import { TRANSACTION_FILTER_KEYS, transactionFilterSchema } from "@/lib/monitoring/schemas";
import { TRANSACTION_CSV_HEADER, transactionCsvRow } from "@/lib/monitoring/csv";
import { iterateTransactionPages, listTransactions } from "@/lib/monitoring/transactions";

/**
 * CSV export of the transaction list with the page's filters and order (every page of it: no cursor, no page
 * size), streamed in keyset batches (never the whole table in memory). The filters go through the page's parser:
 * an invalid one answers 400 and exports nothing. The same service checks apply: scope, partner exposure, masking.
 */
export const GET = withCtx(async ({ req, ctx }) => {
  const params = parseListParams(transactionFilterSchema, TRANSACTION_FILTER_KEYS, new URL(req.url).searchParams);
  if (!params.ok) throw new AppError("VALIDATION", firstError(params.errors));
  const filter = { ...params.filter, cursor: undefined };
  // refuse bad filters, foreign programs and unexposed surfaces before the response starts
  await listTransactions(ctx, filter, 1);
  const body = csvStreamBatches(TRANSACTION_CSV_HEADER, iterateTransactionPages(ctx, filter), transactionCsvRow);
  return csvDownload(body, `transactions-${ctx.environment}`);
});
