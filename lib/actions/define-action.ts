import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { formFields } from "@/lib/actions/form-fields";
import { failureOf, runAction, type ActionResult } from "@/lib/actions/run-action";
import type { Ctx } from "@/lib/auth/context";
import { parseInput } from "@/lib/validation";

type Options<T> = {
  /** After a success only: the path whose layout (every page below it) is revalidated, or how to get it from the result. */
  revalidate?: string | ((data: T) => string);
};
/** The signature useActionState (components/ui/use-action-form.ts) calls a form action with. */
export type FormAction<T> = (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/**
 * A server action called with an argument (a button's id, a dialog's values). Signed out: UNAUTHENTICATED,
 * nothing runs. Then `input` is parsed with `schema` (bad input: VALIDATION with every field error, nothing
 * runs), the handler calls the service with the caller's context and the typed input, and errors map through
 * runAction (only AppError messages reach the user). Export it from the feature's "use server" file:
 * `export const removeThingAction = defineAction(idArg, (ctx, id) => removeThing(ctx, { id }), { revalidate: "/things" })`.
 */
export function defineAction<S extends z.ZodType, T>(
  schema: S,
  handler: (ctx: Ctx, input: z.output<S>) => Promise<T>,
  opts: Options<T> = {},
) {
  return async (input: z.input<S>): Promise<ActionResult<T>> =>
    revalidated(await runAction((ctx) => handler(ctx, parseInput(schema, input))), opts);
}

/** defineAction for a form bound with useActionState: `schema` parses the FormData's fields (formFields). */
export function defineFormAction<S extends z.ZodType, T>(
  schema: S,
  handler: (ctx: Ctx, input: z.output<S>) => Promise<T>,
  opts: Options<T> = {},
): FormAction<T> {
  return async (_prev, form) =>
    revalidated(await runAction((ctx) => handler(ctx, parseInput(schema, formFields(form)))), opts);
}

/** The form action that runs without a session (accepting an invitation creates the account): parsing and errors as above. */
export function definePublicFormAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>) => Promise<T>,
): FormAction<T> {
  return async (_prev, form) => {
    try {
      return { ok: true, data: await handler(parseInput(schema, formFields(form))) };
    } catch (e) {
      return await failureOf(e, "public server action");
    }
  };
}

function revalidated<T>(r: ActionResult<T>, opts: Options<T>): ActionResult<T> {
  if (r.ok && opts.revalidate)
    revalidatePath(typeof opts.revalidate === "string" ? opts.revalidate : opts.revalidate(r.data), "layout");
  return r;
}
