"use client";
import Link from "next/link";
import { AuthDone, AuthForm } from "@/components/shell/auth-form";
import { SubmitButton } from "@/components/ui/button";
import { FormInput } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { requestPasswordResetAction } from "@/lib/account/actions";
import { forgotPasswordSchema } from "@/lib/account/schemas";

export function ForgotForm() {
  const { pending, onSubmit, state, ...form } = useActionForm(requestPasswordResetAction, {
    schema: forgotPasswordSchema,
  });
  if (state?.ok) {
    // the same answer whether or not the address has an account
    return (
      <AuthDone href="/login" linkLabel="Back to sign-in">
        If an account uses that address, we have sent it a link to choose a new password. The link works once, for 1
        hour. Check your spam folder if nothing arrives in a few minutes.
      </AuthDone>
    );
  }
  return (
    <AuthForm onSubmit={onSubmit} refused={state && !state.ok && !state.fieldErrors ? state.message : null}>
      <FormInput form={form} name="email" label="Email" type="email" autoComplete="username" autoFocus />
      <SubmitButton pending={pending} pendingLabel="Sending…" className="w-full">
        Email me a reset link
      </SubmitButton>
      <p className="text-center text-sm">
        <Link href="/login" className="text-brand-700 hover:underline">
          Back to sign-in
        </Link>
      </p>
    </AuthForm>
  );
}
