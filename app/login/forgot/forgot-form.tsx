"use client";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { requestPasswordResetAction } from "@/lib/account/actions";
import { forgotPasswordSchema } from "@/lib/account/schemas";

export function ForgotForm() {
  const { pending, errors, onSubmit, field, state } = useActionForm(requestPasswordResetAction, {
    schema: forgotPasswordSchema,
  });
  if (state?.ok) {
    // the same answer whether or not the address has an account
    return (
      <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-6 text-sm text-emerald-900">
        If an account uses that address, we have sent it a link to choose a new password. The link works once, for 1
        hour. Check your spam folder if nothing arrives in a few minutes.
        <p className="mt-3">
          <Link href="/login" className="font-medium text-brand-700 hover:underline">
            Back to sign-in
          </Link>
        </p>
      </div>
    );
  }
  const refused = state && !state.ok && !state.fieldErrors ? state.message : null;
  return (
    <form
      onSubmit={onSubmit}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      noValidate
    >
      {refused ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {refused}
        </div>
      ) : null}
      <Field id="email" label="Email" error={errors.email}>
        <Input id="email" name="email" type="email" autoComplete="username" autoFocus {...field("email")} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Email me a reset link"}
      </Button>
      <p className="text-center text-sm">
        <Link href="/login" className="text-brand-700 hover:underline">
          Back to sign-in
        </Link>
      </p>
    </form>
  );
}
