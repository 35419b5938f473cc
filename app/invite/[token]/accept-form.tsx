"use client";
import { NewPasswordFields } from "@/components/account/new-password-fields";
import { AuthDone, AuthForm } from "@/components/shell/auth-form";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { acceptInvitationAction } from "@/lib/invitations/actions";
import { acceptInvitationSchema } from "@/lib/invitations/schemas";

export function AcceptForm({ token, email, expiresAt }: { token: string; email: string; expiresAt: string }) {
  const { pending, errors, onSubmit, field, state } = useActionForm(acceptInvitationAction, {
    schema: acceptInvitationSchema,
  });
  if (state?.ok) {
    return (
      <AuthDone href="/login" linkLabel="Sign in">
        Your account {state.data.email} is ready.
      </AuthDone>
    );
  }
  return (
    <AuthForm onSubmit={onSubmit} refused={state && !state.ok && !state.fieldErrors ? state.message : null}>
      <input type="hidden" name="token" value={token} />
      <Field id="email" label="Email">
        <Input id="email" value={email} readOnly className="bg-slate-50" />
      </Field>
      <Field id="name" label="Your name" error={errors.name}>
        <Input id="name" name="name" autoComplete="name" {...field("name")} />
      </Field>
      <NewPasswordFields label="Choose a password" confirmLabel="Repeat the password" errors={errors} field={field} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </Button>
      <p className="text-center text-xs text-slate-500">This link works once and expires {expiresAt}.</p>
    </AuthForm>
  );
}
