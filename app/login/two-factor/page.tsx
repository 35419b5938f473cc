import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/shell/auth-card";
import { portalOrigin, safeRedirect } from "@/lib/auth/redirect";
import { getCtx } from "@/lib/auth/session";
import { getPendingSignIn } from "@/lib/two-factor/pending";
import { SecondFactorForm } from "./second-factor-form";

export const metadata: Metadata = { title: "Two-factor sign-in" };

/**
 * The second step of sign-in (the login form always lands here): a half-signed-in session gives its second factor;
 * one sent to enrolment goes there; a complete session continues to its callbackUrl; no session, back to sign-in.
 */
export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const next = safeRedirect(callbackUrl, portalOrigin());
  const pending = await getPendingSignIn();
  if (!pending) {
    if (await getCtx()) redirect(next);
    redirect(next === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(next)}`);
  }
  if (pending.pendingStep === "enrol_two_factor")
    redirect(`/login/two-factor/enrol?callbackUrl=${encodeURIComponent(next)}`);
  return (
    <AuthCard intro={`Signing in as ${pending.email}. Confirm it is you with your second factor.`}>
      <SecondFactorForm next={next} hasTotp={pending.hasTotp} hasPasskey={pending.hasPasskey} />
    </AuthCard>
  );
}
