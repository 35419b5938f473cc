"use client";
import { AuthDone, AuthForm } from "@/components/shell/auth-form";
import { SubmitButton } from "@/components/ui/button";
import { useActionForm } from "@/components/ui/use-action-form";
import { confirmEmailChangeAction } from "@/lib/account/actions";

export function ConfirmEmailForm({ token, oldEmail, newEmail }: { token: string; oldEmail: string; newEmail: string }) {
  const { pending, onSubmit, state } = useActionForm(confirmEmailChangeAction, {});
  if (state?.ok) {
    return (
      <AuthDone href="/" linkLabel="Go to the portal">
        Your account&apos;s email address is now {state.data.email}. Sign in with it from now on.
      </AuthDone>
    );
  }
  return (
    <AuthForm onSubmit={onSubmit} refused={state && !state.ok ? state.message : null}>
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-slate-600">
        Change the address of your account from <strong className="font-medium text-slate-800">{oldEmail}</strong> to{" "}
        <strong className="font-medium text-slate-800">{newEmail}</strong>?
      </p>
      <SubmitButton pending={pending} pendingLabel="Confirming…" className="w-full">
        Confirm new address
      </SubmitButton>
    </AuthForm>
  );
}
