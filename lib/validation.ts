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

/** Validates service input; bad input becomes one VALIDATION AppError carrying every field error. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = fieldErrorsOf(result.error);
  const [field, message] = Object.entries(fields)[0];
  throw new AppError("VALIDATION", message, field === "_form" ? undefined : field, fields);
}
