"use client";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import type { z } from "zod";
import { showActionError } from "@/lib/actions/client-result";
import type { ActionResult } from "@/lib/actions/run-action";
import { fieldErrorsOf } from "@/lib/validation";
import { bindErrors } from "@/components/ui/form";

/**
 * A form bound to a server action: the shared zod schema gives instant field errors in the browser,
 * the server stays the authority (its field errors show inline too, other errors as a toast;
 * a signed-out submission goes to sign-in). After a refused submit, focus moves to the first field in
 * error (in the form's order), so keyboard and screen-reader users land on what to fix.
 * After a success, `reset` empties the form and `refresh` re-renders the server-rendered page (after `onSuccess`).
 */
export function useActionForm<T>(
  action: (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>,
  opts: { schema?: z.ZodType; onSuccess?: (data: T) => void; reset?: boolean; refresh?: boolean },
) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(action, null);
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);
  const formRef = useRef<HTMLFormElement | null>(null);

  useEffect(() => {
    if (!state) return;
    if (state.ok) {
      opts.onSuccess?.(state.data);
      if (opts.reset) formRef.current?.reset();
      if (opts.refresh) router.refresh();
    } else if (!state.fieldErrors) showActionError(state);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  // Submitted by hand rather than through <form action>: React resets a form after an action
  // submission, which would wipe what the user typed when the server refuses it.
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    formRef.current = e.currentTarget;
    const data = new FormData(e.currentTarget);
    const parsed = opts.schema?.safeParse(Object.fromEntries(data));
    if (parsed && !parsed.success) {
      setClientErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setClientErrors(null);
    startTransition(() => formAction(data));
  }

  const errors = clientErrors ?? (state && !state.ok ? (state.fieldErrors ?? {}) : {});
  useEffect(() => {
    if (Object.keys(errors).length > 0) focusFirstError(formRef.current, errors);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clientErrors, state]);
  return { pending, onSubmit, state, ...bindErrors(errors) };
}

/** Focuses the first control of `form` (document order) named in `errors`, or else the first marked aria-invalid. */
export function focusFirstError(form: HTMLFormElement | null, errors: Record<string, string>) {
  if (!form) return;
  const controls = Array.from(form.elements) as (HTMLElement & { name?: string; disabled?: boolean })[];
  const target =
    controls.find((el) => el.name && el.name in errors && !el.disabled && el.getAttribute("type") !== "hidden") ??
    form.querySelector<HTMLElement>("[aria-invalid=true]");
  target?.focus();
}
