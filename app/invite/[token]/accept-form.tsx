"use client";
import { NewPasswordFields } from "@/components/account/new-password-fields";
import { AuthDone, AuthForm } from "@/components/shell/auth-form";
import { SubmitButton } from "@/components/ui/button";
import { Field, FormInput, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { acceptInvitationAction } from "@/lib/invitations/actions";
import { acceptInvitationSchema } from "@/lib/invitations/schemas";

export function AcceptForm({ token, email, expiresAt }: { token: string; email: string; expiresAt: string }) {
  const { pending, onSubmit, state, ...form } = useActionForm(acceptInvitationAction, {
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
      <FormInput form={form} name="name" label="Your name" autoComplete="name" />
      <NewPasswordFields label="Choose a password" confirmLabel="Repeat the password" form={form} />
      <SubmitButton pending={pending} pendingLabel="Creating your account…" className="w-full">
        Create account
      </SubmitButton>
      <p className="text-center text-xs text-slate-500">This link works once and expires {expiresAt}.</p>
    </AuthForm>
  );
}
