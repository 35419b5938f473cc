import { attachment } from "@/lib/download";
/**
 * One CSV field (RFC 4180). Cells starting with = + - @ (or tab/CR) are prefixed with ' so
 * spreadsheets do not evaluate them as formulas (CSV injection).
 */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: unknown[]): string {
  return values.map(csvField).join(",") + "\r\n";
}

/** A streaming CSV response body from an async iterable of rows. */
export function csvStream<T>(
  header: string[],
  rows: AsyncIterable<T>,
  toRow: (r: T) => unknown[],
): ReadableStream<Uint8Array> {
  return csvStreamBatches(header, singles(rows), toRow);
}

async function* singles<T>(rows: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const r of rows) yield [r];
}

/**
 * A streaming CSV response body from an async iterable of row batches (e.g. keyset pages): one
 * chunk per batch, pulled only as fast as the client reads, so the whole result is never in memory.
 */
export function csvStreamBatches<T>(
  header: string[],
  batches: AsyncIterable<T[]>,
  toRow: (r: T) => unknown[],
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const it = batches[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(enc.encode(csvRow(header)));
        return;
      }
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(enc.encode(next.value.map((r) => csvRow(toRow(r))).join("")));
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
}

/** A CSV download named `<name>-<today>.csv`, never cached (it holds the caller's data). */
export function csvDownload(body: BodyInit, name: string): Response {
  return attachment(body, `${name}-${new Date().toISOString().slice(0, 10)}.csv`, "text/csv; charset=utf-8");
}
