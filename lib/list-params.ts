import { z } from "zod";
import { fieldErrorsOf } from "@/lib/validation";

/** A list page's query string as Next.js hands it to a page, or a route's `URL.searchParams`. */
export type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

/** The props of a page that reads its query string. */
export type SearchParamsProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The filters of a list, parsed once for the page and its export: either every filter valid, or the
 * errors and no filter at all. There is no third case (a list filtered by some of what the controls show),
 * so a page cannot show rows, totals or an export link that ignore a filter its controls display.
 * `query` holds the given filter values (no cursor), for the export link, paging and sort links.
 */
export type ListParams<T> =
  | { ok: true; filter: T; errors: null; values: Record<string, string>; query: URLSearchParams }
  | { ok: false; filter: null; errors: Record<string, string>; values: Record<string, string>; query: URLSearchParams };

/**
 * Parses a list's search params with its filter schema. Only the schema's keys are read (others are
 * ignored); a key given twice is an error on that field rather than a silent pick of one value.
 */
export function parseListParams<S extends z.ZodType<object>>(
  schema: S,
  keys: readonly string[],
  raw: RawParams,
): ListParams<z.output<S>> {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const key of keys) {
    const all = raw instanceof URLSearchParams ? raw.getAll(key) : [raw[key] ?? []].flat();
    if (all.length > 1)
      errors[key] = `Give ${key} once (the link has it ${all.length} times): start from the list again.`;
    else if (all.length === 1) values[key] = all[0];
  }
  const query = new URLSearchParams(Object.entries(values).filter(([k, v]) => k !== "cursor" && v !== ""));
  if (Object.keys(errors).length) return { ok: false, filter: null, errors, values, query };
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { ok: false, filter: null, errors: fieldErrorsOf(parsed.error), values, query };
  return { ok: true, filter: parsed.data, errors: null, values, query };
}

/** The first error of a failed parse (for a route's 400 answer or a page's single alert). */
export const firstError = (errors: Record<string, string>): string =>
  Object.values(errors)[0] ?? "These filters are not valid.";

/** 2026-02-31 parses (as March 3): a calendar day is one that comes back unchanged. */
const isCalendarDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};

/**
 * A list's date filter (`2026-11-22`, a UTC day). Its errors name the field: a browser's date input shows an
 * impossible date as empty, so "not a calendar date" alone would not say which one.
 */
export const filterDay = (which: "start" | "end") =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `The ${which} date must look like 2026-11-22.`)
    .refine(isCalendarDay, `The ${which} date is not a calendar date.`);
