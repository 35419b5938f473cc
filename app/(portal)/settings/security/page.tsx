import { KeyRound, ShieldCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardBody, CardHeader, TitledCard } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { getProfile } from "@/lib/account/profile";
import { listMySessions } from "@/lib/account/sessions";
import { requireCtx } from "@/lib/auth/session";
import { ChangePasswordForm } from "./change-password-form";
import { SessionsList } from "./sessions-list";

export const metadata: Metadata = { title: "Security" };

/** Every signed-in user's own security: password, two-factor sign-in, and where they are signed in. */
export default async function SecurityPage() {
  const ctx = await requireCtx();
  const now = new Date();
  const [profile, sessions] = await Promise.all([getProfile(ctx, now), listMySessions(ctx, now)]);
  return (
    <>
      <PageHeader
        title="Security"
        description={
          <>
            Your password, two-factor sign-in and sessions. Your name, email address and emails are on your{" "}
            <Link href="/settings/profile" className="text-brand-700 hover:underline">
              profile
            </Link>
            .
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <TitledCard
          title="Password"
          description={
            profile.passwordChangedAt ? undefined : "Changing it signs out every other browser signed in as you."
          }
        >
          {profile.passwordChangedAt ? (
            <p className="mb-4 text-sm text-slate-500">
              Last changed <Time value={profile.passwordChangedAt} />. Changing it signs out every other browser signed
              in as you.
            </p>
          ) : null}
          <ChangePasswordForm />
        </TitledCard>
        <Card className="self-start">
          <CardHeader title="Two-factor sign-in" />
          <CardBody className="space-y-3 text-sm text-slate-600">
            <p className="flex gap-2">
              <ShieldCheck className="mt-0.5 h-4 w-4 shrink-0 text-brand-600" aria-hidden />
              An authenticator app code or a security key (passkey) after your password, so a stolen password alone does
              not open your account.
            </p>
            <Link
              href="/settings/security/two-factor"
              className="inline-flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50"
            >
              <KeyRound className="h-4 w-4" aria-hidden /> Manage two-factor sign-in
            </Link>
          </CardBody>
        </Card>
      </div>
      <TitledCard
        className="mt-6"
        title="Sessions"
        description="Browsers signed in as you. End any you do not recognise, then change your password."
      >
        <SessionsList sessions={sessions} now={now} />
      </TitledCard>
    </>
  );
}
