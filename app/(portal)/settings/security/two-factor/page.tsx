import type { Metadata } from "next";
import { TitledCard } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { listPasskeys } from "@/lib/two-factor/passkeys";
import { getTwoFactorStatus } from "@/lib/two-factor/service";
import { getTwoFactorRequirement } from "@/lib/two-factor/tenant-requirement";
import { RequireTwoFactorSection } from "@/components/two-factor/require-two-factor-section";
import { DisableTwoFactor, RecoveryCodesPanel, TotpPanel } from "./factor-panels";
import { PasskeysPanel } from "./passkeys-panel";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function TwoFactorSettingsPage() {
  const ctx = await requireCtx();
  const [status, passkeys, requirement] = await Promise.all([
    getTwoFactorStatus(ctx),
    listPasskeys(ctx),
    can(ctx, "tenants:security") ? getTwoFactorRequirement(ctx) : null,
  ]);
  const on = status.totpEnabled || status.passkeys > 0;
  return (
    <>
      <PageHeader
        title="Two-factor sign-in"
        description="After your password, Axys asks for a code from an authenticator app, a passkey or a security key."
      />
      <div className="space-y-6">
        <p role="status" className="text-sm text-slate-700" data-testid="two-factor-status">
          {on ? "Two-factor sign-in is on." : "Two-factor sign-in is off."}
          {status.required ? " Your account must keep it on." : ""}
        </p>
        <TitledCard title="Authenticator app" description="Time-based 6-digit codes (TOTP).">
          {status.totpConfirmedAt ? (
            <p className="text-sm text-slate-700">
              Set up <Time value={status.totpConfirmedAt} />.
            </p>
          ) : (
            <TotpPanel />
          )}
        </TitledCard>
        <TitledCard
          title="Passkeys and security keys"
          description="A key in your device or a USB/NFC security key, used as the second step."
        >
          <PasskeysPanel passkeys={passkeys} />
        </TitledCard>
        {on ? (
          <TitledCard title="Recovery codes" description="Each signs you in once if you lose your app or key.">
            <RecoveryCodesPanel left={status.recoveryCodesLeft} />
          </TitledCard>
        ) : null}
        {on ? (
          <TitledCard title="Turn off two-factor sign-in">
            {status.required ? (
              <p className="text-sm text-slate-600">
                {ctx.role === "staff_reviewer"
                  ? "Axys staff accounts must keep two-factor sign-in."
                  : "Your Tenant requires two-factor sign-in for every member, so it cannot be turned off."}
              </p>
            ) : (
              <DisableTwoFactor />
            )}
          </TitledCard>
        ) : null}
        {requirement ? <RequireTwoFactorSection requirement={requirement} /> : null}
      </div>
    </>
  );
}
