"use client";
import { NewPasswordFields } from "@/components/account/new-password-fields";
import { AuthDone, AuthForm } from "@/components/shell/auth-form";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { resetPasswordAction } from "@/lib/account/actions";
import { resetPasswordSchema } from "@/lib/account/schemas";

export function ResetForm({ token, email }: { token: string; email: string }) {
  const { pending, errors, onSubmit, field, state } = useActionForm(resetPasswordAction, {
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
      <NewPasswordFields label="New password" confirmLabel="Repeat the new password" errors={errors} field={field} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </AuthForm>
  );
}
