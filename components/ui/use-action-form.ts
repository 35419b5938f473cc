"use client";
import { startTransition, useActionState, useEffect, useState, type FormEvent } from "react";
import type { z } from "zod";
import { showActionError } from "@/lib/actions/client-result";
import type { ActionResult } from "@/lib/actions/run-action";
import { fieldErrorsOf } from "@/lib/validation";

/**
 * A form bound to a server action: the shared zod schema gives instant field errors in the browser,
 * the server stays the authority (its field errors show inline too, other errors as a toast;
 * a signed-out submission goes to sign-in).
 */
export function useActionForm<T>(
  action: (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>,
  opts: { schema?: z.ZodType; onSuccess?: (data: T) => void },
) {
  const [state, formAction, pending] = useActionState(action, null);
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);

  useEffect(() => {
    if (!state) return;
    if (state.ok) opts.onSuccess?.(state.data);
    else if (!state.fieldErrors) showActionError(state);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  // Submitted by hand rather than through <form action>: React resets a form after an action
  // submission, which would wipe what the user typed when the server refuses it.
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const parsed = opts.schema?.safeParse(Object.fromEntries(data));
    if (parsed && !parsed.success) {
      setClientErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setClientErrors(null);
    startTransition(() => formAction(data));
  }

  const errors = clientErrors ?? (state && !state.ok ? state.fieldErrors ?? {} : {});
  const field = (name: string) => ({ "aria-invalid": errors[name] ? true : undefined, "aria-describedby": errors[name] ? `${name}-error` : undefined });
  return { pending, errors, onSubmit, field, state };
}
