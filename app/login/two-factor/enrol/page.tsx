import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/shell/auth-card";
import { portalOrigin, safeRedirect } from "@/lib/auth/redirect";
import { getPendingSignIn } from "@/lib/two-factor/pending";
import { EnrolForm } from "./enrol-form";

export const metadata: Metadata = { title: "Set up two-factor sign-in" };

/** Enrolment during sign-in: the account must have a second factor (Tenant policy, or staff in production) and has none. */
export default async function EnrolPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const next = safeRedirect(callbackUrl, portalOrigin());
  const pending = await getPendingSignIn();
  if (!pending || pending.pendingStep !== "enrol_two_factor")
    redirect(`/login/two-factor?callbackUrl=${encodeURIComponent(next)}`);
  const why =
    pending.role === "staff_reviewer"
      ? "Axys staff accounts must use two-factor sign-in."
      : "Your organisation requires two-factor sign-in for every member.";
  return (
    <AuthCard intro={`${why} Set it up now to finish signing in as ${pending.email}.`}>
      <EnrolForm next={next} />
    </AuthCard>
  );
}
