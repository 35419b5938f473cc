import { signOut } from "next-auth/react";
import Link from "next/link";
import type { FormEvent, ReactNode } from "react";

const card = "rounded-lg border border-slate-200 bg-white p-6 shadow-sm";

/**
 * The card-framed form of a signed-out flow (sign-in, reset, invitation, email change). A refusal that is not
 * about one field is announced above the fields (`refusedRole`: sign-in says it politely, as a status).
 */
export function AuthForm({
  onSubmit,
  refused,
  refusedRole = "alert",
  children,
}: {
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  refused: string | null | undefined;
  refusedRole?: "alert" | "status";
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} className={`space-y-4 ${card}`} noValidate>
      {refused ? (
        <div role={refusedRole} className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {refused}
        </div>
      ) : null}
      {children}
    </form>
  );
}

/** What a signed-out flow answers once it is done, with the one link onward. */
export function AuthDone({ href, linkLabel, children }: { href: string; linkLabel: string; children: ReactNode }) {
  return (
    <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-6 text-sm text-emerald-900">
      {children}
      <p className="mt-3">
        <Link href={href} className="font-medium text-brand-700 hover:underline">
          {linkLabel}
        </Link>
      </p>
    </div>
  );
}

/** Leaves a sign-in that is half done (the second factor still owed): ends the pending session, back to sign-in. */
export function CancelSignInButton() {
  return (
    <button
      type="button"
      className="text-sm text-slate-600 hover:underline"
      onClick={() => signOut({ callbackUrl: "/login" })}
    >
      Cancel
    </button>
  );
}
