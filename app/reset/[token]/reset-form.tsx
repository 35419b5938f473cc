"use client";
import { NewPasswordFields } from "@/components/account/new-password-fields";
import { AuthDone, AuthForm } from "@/components/shell/auth-form";
import { SubmitButton } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { resetPasswordAction } from "@/lib/account/actions";
import { resetPasswordSchema } from "@/lib/account/schemas";

export function ResetForm({ token, email }: { token: string; email: string }) {
  const { pending, onSubmit, state, ...form } = useActionForm(resetPasswordAction, {
    schema: resetPasswordSchema,
  });
  if (state?.ok) {
    return (
      <AuthDone href="/login" linkLabel="Sign in">
        Your password is changed and every session was signed out. Sign in with the new password (and your second
        factor, if you use one).
      </AuthDone>
    );
  }
  return (
    <AuthForm onSubmit={onSubmit} refused={state && !state.ok && !state.fieldErrors ? state.message : null}>
      <input type="hidden" name="token" value={token} />
      <Field id="email" label="Email">
        <Input id="email" value={email} readOnly autoComplete="username" className="bg-slate-50" />
      </Field>
      <NewPasswordFields label="New password" confirmLabel="Repeat the new password" form={form} />
      <SubmitButton pending={pending} pendingLabel="Saving…" className="w-full">
        Set new password
      </SubmitButton>
    </AuthForm>
  );
}
