import { getCtx } from "@/lib/auth/session";
import { csvStreamBatches } from "@/lib/csv";
import { isAppError } from "@/lib/errors";
import { iterateTransactionPages, listTransactions, TRANSACTION_CSV_HEADER, transactionCsvRow } from "@/lib/monitoring/service";

/**
 * CSV export of the transaction list with the page's filters, streamed in keyset batches (never the
 * whole table in memory). The same service checks apply: scope, partner exposure, masking.
 */
export async function GET(req: Request) {
  const ctx = await getCtx();
  if (!ctx) return new Response("Sign in first.", { status: 401 });
  const filter = { ...Object.fromEntries(new URL(req.url).searchParams), cursor: undefined };
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
