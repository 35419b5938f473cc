import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCtx } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getCtx()) redirect("/");
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an open redirect after sign-in is a phishing aid.
  const next = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-lg bg-brand-600 text-lg font-bold text-white" aria-hidden>A</div>
          <h1 className="text-xl font-semibold text-slate-900">Axys Account Management</h1>
          <p className="mt-1 text-sm text-slate-500">Sign in to manage your programs and credentials.</p>
        </div>
        <LoginForm next={next} />
      </div>
    </main>
  );
}
