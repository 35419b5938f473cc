import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/shell/auth-card";
import { portalOrigin, safeRedirect } from "@/lib/auth/redirect";
import { getCtx } from "@/lib/auth/session";
import { getPendingSignIn } from "@/lib/two-factor/pending";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getCtx()) redirect("/");
  const { callbackUrl } = await searchParams;
  // Only this portal's pages: an open redirect after sign-in is a phishing aid.
  const next = safeRedirect(callbackUrl, portalOrigin());
  // the password was given, the second factor is still owed
  if (await getPendingSignIn()) redirect(`/login/two-factor?callbackUrl=${encodeURIComponent(next)}`);
  return (
    <AuthCard intro="Sign in to manage your programs and credentials.">
      <LoginForm next={next} />
      <p className="mt-4 text-center text-sm">
        <Link href="/login/forgot" className="text-brand-700 hover:underline">
          Forgot your password?
        </Link>
      </p>
    </AuthCard>
  );
}
