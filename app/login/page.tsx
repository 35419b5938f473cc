import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/shell/auth-card";
import { getCtx } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getCtx()) redirect("/");
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an open redirect after sign-in is a phishing aid.
  const next = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <AuthCard intro="Sign in to manage your programs and credentials.">
      <LoginForm next={next} />
    </AuthCard>
  );
}
