"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { useReauth } from "@/components/shell/reauth";
import { SubmitButton } from "@/components/ui/button";
import { Field, FormInput, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { requestEmailChangeAction, setMailPreferencesAction, updateNameAction } from "@/lib/account/actions";
import { OPTIONAL_MAIL_KINDS, OPTIONAL_MAIL_LABELS, type OptionalMailKind } from "@/lib/account/preferences";
import { emailChangeSchema, nameSchema } from "@/lib/account/schemas";
import { showActionError } from "@/lib/actions/client-result";
import { fieldErrorsOf } from "@/lib/validation";

export function NameForm({ name }: { name: string }) {
  const { pending, onSubmit, ...form } = useActionForm(updateNameAction, {
    schema: nameSchema,
    onSuccess: () => toast.success("Name saved"),
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormInput form={form} name="name" label="Your name" defaultValue={name} autoComplete="name" />
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save name
      </SubmitButton>
    </form>
  );
}

/** Called, not form-bound: the change needs a recent password, and the re-authentication prompt retries it. */
export function EmailForm({ email, pendingEmail }: { email: string; pendingEmail: string | null }) {
  const router = useRouter();
  const withReauth = useReauth();
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const parsed = emailChangeSchema.safeParse({ newEmail: new FormData(form).get("newEmail") });
    if (!parsed.success) {
      setError(fieldErrorsOf(parsed.error).newEmail);
      return;
    }
    setError(undefined);
    setPending(true);
    const r = await withReauth(() => requestEmailChangeAction(parsed.data)).finally(() => setPending(false));
    if (!r.ok) {
      if (r.fieldErrors?.newEmail) setError(r.fieldErrors.newEmail);
      else showActionError(r);
      return;
    }
    form.reset();
    toast.success(`Confirmation sent to ${r.data.pendingEmail}`);
    router.refresh();
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <p className="text-sm text-slate-600">
        Now: <strong className="font-medium text-slate-800">{email}</strong>
      </p>
      {pendingEmail ? (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Waiting for confirmation of {pendingEmail}: open the link sent there (valid 24 hours).
        </p>
      ) : null}
      <Field
        id="newEmail"
        label="New email address"
        hint="We send a link to the new address; the change applies once you open it. Your current address is told."
        error={error}
      >
        <Input
          id="newEmail"
          name="newEmail"
          type="email"
          autoComplete="email"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "newEmail-error" : undefined}
        />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Sending…">
        Change email address
      </SubmitButton>
    </form>
  );
}

export function PreferencesForm({ muted }: { muted: OptionalMailKind[] }) {
  const { pending, onSubmit } = useActionForm(setMailPreferencesAction, {
    onSuccess: () => toast.success("Email preferences saved"),
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Send me these optional emails</legend>
        {OPTIONAL_MAIL_KINDS.map((k) => (
          <label key={k} className="flex items-start gap-3 text-sm">
            {/* checked = wanted; the form sends the kinds to mute */}
            <input type="checkbox" name="wanted" value={k} defaultChecked={!muted.includes(k)} className="mt-1" />
            <span>
              <span className="font-medium text-slate-800">{OPTIONAL_MAIL_LABELS[k].label}</span>
              <span className="block text-xs text-slate-500">{OPTIONAL_MAIL_LABELS[k].hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save email preferences
      </SubmitButton>
    </form>
  );
}
