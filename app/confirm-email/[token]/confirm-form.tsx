"use client";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/ui/use-action-form";
import { confirmEmailChangeAction } from "@/lib/account/actions";

export function ConfirmEmailForm({ token, oldEmail, newEmail }: { token: string; oldEmail: string; newEmail: string }) {
  const { pending, onSubmit, state } = useActionForm(confirmEmailChangeAction, {});
  if (state?.ok) {
    return (
      <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-6 text-sm text-emerald-900">
        Your account&apos;s email address is now {state.data.email}. Sign in with it from now on.
        <p className="mt-3">
          <Link href="/" className="font-medium text-brand-700 hover:underline">
            Go to the portal
          </Link>
        </p>
      </div>
    );
  }
  const refused = state && !state.ok ? state.message : null;
  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      {refused ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {refused}
        </div>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-slate-600">
        Change the address of your account from <strong className="font-medium text-slate-800">{oldEmail}</strong> to{" "}
        <strong className="font-medium text-slate-800">{newEmail}</strong>?
      </p>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Confirming…" : "Confirm new address"}
      </Button>
    </form>
  );
}
