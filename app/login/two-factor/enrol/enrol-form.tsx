"use client";
import { CancelSignInButton } from "@/components/shell/auth-form";
import { TotpSetup } from "@/components/two-factor/totp-setup";
import { confirmPendingTotpEnrolmentAction, startPendingTotpEnrolmentAction } from "@/lib/two-factor/sign-in-actions";

export function EnrolForm({ next }: { next: string }) {
  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <TotpSetup
        start={startPendingTotpEnrolmentAction}
        confirm={confirmPendingTotpEnrolmentAction}
        onDone={() => window.location.assign(next)}
      />
      <p className="text-xs text-slate-500">
        Passkeys and security keys can be added afterwards under Two-factor sign-in in your security settings.
      </p>
      <CancelSignInButton />
    </div>
  );
}
