import { withCtx } from "@/lib/actions/with-ctx";
import { csvDownload } from "@/lib/csv";
import { AppError } from "@/lib/errors";
import { firstError, parseListParams } from "@/lib/list-params";
import { TRANSACTION_FILTER_KEYS, transactionFilterSchema } from "@/lib/monitoring/schemas";
import { exportTransactionsCsv } from "@/lib/monitoring/transactions";

/**
 * CSV export of the transaction list with the page's filters and order (every page of it: no cursor, no page
 * size), streamed in keyset batches (never the whole table in memory). The filters go through the page's parser:
 * an invalid one answers 400 and exports nothing. The same service checks apply: scope, partner exposure, masking.
 */
export const GET = withCtx(async ({ req, ctx }) => {
  const params = parseListParams(transactionFilterSchema, TRANSACTION_FILTER_KEYS, new URL(req.url).searchParams);
  if (!params.ok) throw new AppError("VALIDATION", firstError(params.errors));
  // bad filters, foreign programs and unexposed surfaces are refused before the response starts
  const body = await exportTransactionsCsv(ctx, params.filter);
  return csvDownload(body, `transactions-${ctx.environment}`);
});
