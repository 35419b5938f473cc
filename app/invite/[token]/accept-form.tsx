"use client";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { acceptInvitationAction } from "@/lib/invitations/actions";
import { acceptInvitationSchema } from "@/lib/invitations/schemas";
import { PASSWORD_RULES_TEXT } from "@/lib/account/schemas";

export function AcceptForm({ token, email, expiresAt }: { token: string; email: string; expiresAt: string }) {
  const { pending, errors, onSubmit, field, state } = useActionForm(acceptInvitationAction, {
    schema: acceptInvitationSchema,
  });
  if (state?.ok) {
    return (
      <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-6 text-sm text-emerald-900">
        Your account {state.data.email} is ready.
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
        <Input id="email" value={email} readOnly className="bg-slate-50" />
      </Field>
      <Field id="name" label="Your name" error={errors.name}>
        <Input id="name" name="name" autoComplete="name" {...field("name")} />
      </Field>
      <Field id="password" label="Choose a password" hint={PASSWORD_RULES_TEXT} error={errors.password}>
        <Input id="password" name="password" type="password" autoComplete="new-password" {...field("password")} />
      </Field>
      <Field id="confirm" label="Repeat the password" error={errors.confirm}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" {...field("confirm")} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </Button>
      <p className="text-center text-xs text-slate-500">This link works once and expires {expiresAt}.</p>
    </form>
  );
}
