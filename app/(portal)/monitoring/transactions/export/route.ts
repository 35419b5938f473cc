import { getCtx } from "@/lib/auth/session";
import { csvStreamBatches } from "@/lib/csv";
import { isAppError } from "@/lib/errors";
import { firstError, parseListParams } from "@/lib/list-params";
import { TRANSACTION_FILTER_KEYS, transactionFilterSchema } from "@/lib/monitoring/schemas";
import { TRANSACTION_CSV_HEADER, transactionCsvRow } from "@/lib/monitoring/csv";
import { iterateTransactionPages, listTransactions } from "@/lib/monitoring/transactions";

/**
 * CSV export of the transaction list with the page's filters and order (every page of it: no cursor, no page
 * size), streamed in keyset batches (never the whole table in memory). The filters go through the page's parser:
 * an invalid one answers 400 and exports nothing. The same service checks apply: scope, partner exposure, masking.
 */
export async function GET(req: Request) {
  const ctx = await getCtx();
  if (!ctx) return new Response("Sign in first.", { status: 401 });
  const params = parseListParams(transactionFilterSchema, TRANSACTION_FILTER_KEYS, new URL(req.url).searchParams);
  if (!params.ok) return new Response(firstError(params.errors), { status: 400 });
  const filter = { ...params.filter, cursor: undefined };
  try {
    // refuse bad filters, foreign programs and unexposed surfaces before the response starts
    await listTransactions(ctx, filter, 1);
  } catch (e) {
    if (isAppError(e)) return new Response(e.code === "VALIDATION" ? e.message : "Not found.", { status: e.code === "VALIDATION" ? 400 : 404 });
    throw e;
  }
  const body = csvStreamBatches(TRANSACTION_CSV_HEADER, iterateTransactionPages(ctx, filter), transactionCsvRow);
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="transactions-${ctx.environment}-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
