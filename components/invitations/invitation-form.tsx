"use client";
import { useRouter } from "next/navigation";
import { useRef, type ReactNode } from "react";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import type { ActionResult } from "@/lib/actions/run-action";

type FieldProps = (name: string) => { "aria-invalid"?: boolean; "aria-describedby"?: string };

/**
 * The one form that invites someone by email (a team member, a partner user): an email field, one more field of
 * the caller's (`extra`, given the form's errors and field props), the submit button. After a sent invitation the
 * form is emptied, the page refreshed (the pending list grows) and `onSent` gets the action's data.
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
  extra: (errors: Record<string, string>, field: FieldProps) => ReactNode;
  onSent: (data: T) => void;
}) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const { pending, errors, onSubmit, field } = useActionForm(action, {
    schema,
    onSuccess: (data) => {
      onSent(data);
      form.current?.reset();
      router.refresh();
    },
  });
  return (
    <form
      ref={form}
      onSubmit={onSubmit}
      className="grid gap-4 sm:grid-cols-[2fr_1fr_auto] sm:items-start"
      noValidate
      aria-label={label}
    >
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Field id="email" label={emailLabel} error={errors.email}>
        <Input id="email" name="email" type="email" autoComplete="off" {...field("email")} />
      </Field>
      {extra(errors, field)}
      <Button type="submit" disabled={pending} className="sm:mt-6">
        {pending ? pendingLabel : submitLabel}
      </Button>
    </form>
  );
}
