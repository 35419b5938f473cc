import { z } from "zod";

/**
 * A submitted form's text fields as a plain object for a zod schema: a name sent once is a string, a name
 * sent several times (checkbox groups) an array; files are left out (uploads go through a route handler)
 * and so are React's own `$ACTION_` fields.
 */
export function formFields(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION_")) continue;
    const values = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (values.length) out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/** A checkbox group (or a field that may repeat): always an array, empty when nothing was checked. */
export const formList = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), schema);

/** A checkbox: checked ("on") is true, absent is false. */
export const checkbox = z.preprocess((v) => v === "on" || v === true, z.boolean());

/** The id an action is called with (a button's, not a form's): a string, whatever the caller sends. */
export const idArg = z.string({ error: "Missing id." }).min(1, "Missing id.").max(64);
