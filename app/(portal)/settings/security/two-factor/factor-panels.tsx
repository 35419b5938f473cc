"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { RecoveryCodesDialog } from "@/components/two-factor/recovery-codes-dialog";
import { TotpSetup } from "@/components/two-factor/totp-setup";
import { useReauth } from "@/components/shell/reauth";
import { showActionError } from "@/lib/actions/client-result";
import {
  confirmTotpEnrolmentAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  startTotpEnrolmentAction,
} from "@/lib/two-factor/actions";

export function TotpPanel() {
  const router = useRouter();
  const withReauth = useReauth();
  return (
    <TotpSetup
      start={() => withReauth(() => startTotpEnrolmentAction())}
      confirm={confirmTotpEnrolmentAction}
      onDone={() => {
        toast.success("Two-factor sign-in is on");
        router.refresh();
      }}
    />
  );
}

export function RecoveryCodesPanel({ left }: { left: number }) {
  const withReauth = useReauth();
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-700" data-testid="recovery-codes-left">
        {left} unused recovery code{left === 1 ? "" : "s"} left.
      </p>
      <ConfirmDialog
        trigger={<Button variant="outline">Generate new codes</Button>}
        title="Generate new recovery codes?"
        description="Your current recovery codes stop working at once. The new ones are shown once."
        confirmLabel="Generate new codes"
        confirmVariant="default"
        onConfirm={async () => {
          const r = await withReauth(() => regenerateRecoveryCodesAction());
          if (!r.ok) {
            showActionError(r);
            return false;
          }
          setCodes(r.data.recoveryCodes);
          return true;
        }}
      />
      <RecoveryCodesDialog codes={codes} onClose={() => setCodes(null)} refresh />
    </div>
  );
}

export function DisableTwoFactor() {
  const withReauth = useReauth();
  return (
    <ConfirmedAction
      label="Turn off two-factor sign-in"
      look="destructive"
      title="Turn off two-factor sign-in?"
      description="Your authenticator app, passkeys, security keys and recovery codes are removed. Signing in will need only your password."
      confirmLabel="Turn off"
      run={() => withReauth(() => disableTwoFactorAction())}
      success="Two-factor sign-in is off"
    />
  );
}
