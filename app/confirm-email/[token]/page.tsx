import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/shell/auth-card";
import { viewEmailChange } from "@/lib/account/profile";
import { isAppError } from "@/lib/errors";
import { ConfirmEmailForm } from "./confirm-form";

export const metadata: Metadata = { title: "Confirm email address" };

/**
 * Public: the page behind the link sent to a new address. Opening it changes nothing (mail scanners
 * open links); the button does.
 */
export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let change: { oldEmail: string; newEmail: string } | null = null;
  let problem: string | null = null;
  try {
    change = await viewEmailChange(token);
  } catch (e) {
    if (!isAppError(e)) throw e;
    problem = e.message;
  }
  return (
    <AuthCard intro={change ? "Confirm the new email address of your account." : null}>
      {change ? (
        <ConfirmEmailForm token={token} oldEmail={change.oldEmail} newEmail={change.newEmail} />
      ) : (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-800">
          {problem}
          <p className="mt-3">
            <Link href="/settings/profile" className="font-medium text-brand-700 hover:underline">
              Go to your profile
            </Link>
          </p>
        </div>
      )}
    </AuthCard>
  );
}
