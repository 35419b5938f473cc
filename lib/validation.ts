import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Field name -> first message, from a zod error (nested paths joined with "."). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    out[key] ??= issue.message;
  }
  return out;
}

/** The path of the first string holding a NUL character ("" for the input itself), or null. */
function nulPath(v: unknown, path: string, depth = 0): string | null {
  if (typeof v === "string") return v.includes("\u0000") ? path : null;
  if (depth > 20 || v === null || typeof v !== "object") return null;
  for (const [k, x] of Object.entries(v)) {
    const found = nulPath(x, path ? `${path}.${k}` : k, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

const NUL_MESSAGE = "Text may not contain NUL characters.";

/**
 * Validates service input; bad input becomes one VALIDATION AppError carrying every field error. A NUL character in
 * any string is refused first, whatever the schema: PostgreSQL cannot store it (it would fail as a server error),
 * and no field of the portal has a use for it.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const nul = nulPath(input, "");
  if (nul !== null) throw new AppError("VALIDATION", NUL_MESSAGE, nul || undefined, nul ? { [nul]: NUL_MESSAGE } : {});
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = fieldErrorsOf(result.error);
  const [field, message] = Object.entries(fields)[0];
  throw new AppError("VALIDATION", message, field === "_form" ? undefined : field, fields);
}
