"use client";
import type { ReactNode } from "react";
import type { z } from "zod";
import { SubmitButton } from "@/components/ui/button";
import { FormInput, type FormBinding } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import type { ActionResult } from "@/lib/actions/run-action";

/**
 * The one form that invites someone by email (a team member, a partner user): an email field, one more field of
 * the caller's (`extra`, bound to this form), the submit button. After a sent invitation `onSent` gets the
 * action's data, the form is emptied and the page refreshed (the pending list grows).
 */
export function InvitationForm<T>({
  action,
  schema,
  label,
  emailLabel,
  submitLabel,
  pendingLabel,
  hidden,
  extra,
  onSent,
}: {
  action: (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;
  schema?: z.ZodType;
  /** the form's accessible name */
  label: string;
  emailLabel: string;
  submitLabel: string;
  pendingLabel: string;
  hidden?: Record<string, string>;
  extra: (form: FormBinding) => ReactNode;
  onSent: (data: T) => void;
}) {
  const form = useActionForm(action, { schema, onSuccess: onSent, reset: true, refresh: true });
  return (
    <form
      onSubmit={form.onSubmit}
      className="grid gap-4 sm:grid-cols-[2fr_1fr_auto] sm:items-start"
      noValidate
      aria-label={label}
    >
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormInput form={form} name="email" label={emailLabel} type="email" autoComplete="off" />
      {extra(form)}
      <SubmitButton pending={form.pending} pendingLabel={pendingLabel} className="sm:mt-6">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
