import type { Metadata } from "next";
import Link from "next/link";
import { TitledCard } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getProfile } from "@/lib/account/profile";
import { requireCtx } from "@/lib/auth/session";
import { EmailForm, NameForm, PreferencesForm } from "./profile-forms";

export const metadata: Metadata = { title: "Profile" };

/** Every signed-in user's own name, email address and which optional emails they get. */
export default async function ProfilePage() {
  const ctx = await requireCtx();
  const profile = await getProfile(ctx);
  return (
    <>
      <PageHeader
        title="Profile"
        description={
          <>
            Your name, email address and emails. Password and sessions are on the{" "}
            <Link href="/settings/security" className="text-brand-700 hover:underline">
              security
            </Link>{" "}
            page.
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <TitledCard title="Name" description="Shown to your team and in the audit log.">
          <NameForm name={profile.name} />
        </TitledCard>
        <TitledCard title="Email address" description="You sign in with it, and account emails go to it.">
          <EmailForm email={profile.email} pendingEmail={profile.pendingEmail} />
        </TitledCard>
        <TitledCard
          className="lg:col-span-2"
          title="Emails"
          description="Security emails (password changes and resets, two-factor changes, email address changes, invitations) always go out."
        >
          <PreferencesForm muted={profile.mutedMailKinds} />
        </TitledCard>
      </div>
    </>
  );
}
