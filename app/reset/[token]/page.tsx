import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/shell/auth-card";
import { viewPasswordReset } from "@/lib/account/passwords";
import { isAppError } from "@/lib/errors";
import { ResetForm } from "./reset-form";

export const metadata: Metadata = { title: "Choose a new password" };

/** Public: the page behind an emailed reset link. Opening it uses nothing; setting the password does. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let email: string | null = null;
  let problem: string | null = null;
  try {
    email = (await viewPasswordReset(token)).email;
  } catch (e) {
    if (!isAppError(e)) throw e;
    problem = e.message;
  }
  return (
    <AuthCard intro={email ? "Choose a new password. Every browser signed in as you is signed out." : null}>
      {email ? (
        <ResetForm token={token} email={email} />
      ) : (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-800">
          {problem}
          <p className="mt-3">
            <Link href="/login/forgot" className="font-medium text-brand-700 hover:underline">
              Ask for a new link
            </Link>
          </p>
        </div>
      )}
    </AuthCard>
  );
}
