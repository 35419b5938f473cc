"use client";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { resetPasswordAction } from "@/lib/account/actions";
import { PASSWORD_RULES_TEXT, resetPasswordSchema } from "@/lib/account/schemas";

export function ResetForm({ token, email }: { token: string; email: string }) {
  const { pending, errors, onSubmit, field, state } = useActionForm(resetPasswordAction, {
    schema: resetPasswordSchema,
  });
  if (state?.ok) {
    return (
      <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-6 text-sm text-emerald-900">
        Your password is changed and every session was signed out. Sign in with the new password (and your second
        factor, if you use one).
        <p className="mt-3">
          <Link href="/login" className="font-medium text-brand-700 hover:underline">
            Sign in
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
      <input type="hidden" name="token" value={token} />
      <Field id="email" label="Email">
        <Input id="email" value={email} readOnly autoComplete="username" className="bg-slate-50" />
      </Field>
      <Field id="password" label="New password" hint={PASSWORD_RULES_TEXT} error={errors.password}>
        <Input id="password" name="password" type="password" autoComplete="new-password" {...field("password")} />
      </Field>
      <Field id="confirm" label="Repeat the new password" error={errors.confirm}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" {...field("confirm")} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
