import { KeyRound, ShieldCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { getProfile } from "@/lib/account/profile";
import { listMySessions } from "@/lib/account/sessions";
import { requireCtx } from "@/lib/auth/session";
import { getTwoFactorStatus, type TwoFactorStatus } from "@/lib/two-factor/service";
import { ChangePasswordForm } from "./change-password-form";
import { SessionsList } from "./sessions-list";

export const metadata: Metadata = { title: "Security" };

/** Every signed-in user's own security: password, two-factor sign-in, and where they are signed in. */
export default async function SecurityPage() {
  const ctx = await requireCtx();
  const now = new Date();
  const [profile, sessions, twoFactor] = await Promise.all([
    getProfile(ctx, now),
    listMySessions(ctx, now),
    getTwoFactorStatus(ctx),
  ]);
  const twoFactorOn = twoFactor.totpEnabled || twoFactor.passkeys > 0;
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
        <Card>
          <CardHeader
            title="Password"
            description={
              profile.passwordChangedAt ? undefined : "Changing it signs out every other browser signed in as you."
            }
          />
          <CardBody>
            {profile.passwordChangedAt ? (
              <p className="mb-4 text-sm text-slate-500">
                Last changed <Time value={profile.passwordChangedAt} />. Changing it signs out every other browser
                signed in as you.
              </p>
            ) : null}
            <ChangePasswordForm />
          </CardBody>
        </Card>
        <Card className="self-start">
          <CardHeader
            title="Two-factor sign-in"
            actions={
              <Badge tone={twoFactorOn ? "green" : "amber"} data-testid="security-two-factor-status">
                {twoFactorOn ? "On" : "Off"}
              </Badge>
            }
          />
          <CardBody className="space-y-3 text-sm text-slate-600">
            <p className="font-medium text-slate-800">{twoFactorSummary(twoFactor, twoFactorOn)}</p>
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
      <Card className="mt-6">
        <CardHeader
          title="Sessions"
          description="Browsers signed in as you. End any you do not recognise, then change your password."
        />
        <CardBody>
          <SessionsList sessions={sessions} now={now} />
        </CardBody>
      </Card>
    </>
  );
}

/** What the user's second factors are, in one line: "On: an authenticator app and 1 passkey." */
function twoFactorSummary(s: TwoFactorStatus, on: boolean): string {
  if (!on)
    return s.required
      ? "Off. Your account must have it: you will be asked to set it up at your next sign-in."
      : "Off: your password alone signs you in.";
  const factors = [
    s.totpEnabled ? "an authenticator app" : null,
    s.passkeys > 0 ? `${s.passkeys} passkey${s.passkeys > 1 ? "s" : ""}` : null,
  ].filter(Boolean);
  const codes = `${s.recoveryCodesLeft} recovery code${s.recoveryCodesLeft === 1 ? "" : "s"} left`;
  return `On: ${factors.join(" and ")}; ${codes}.`;
}
