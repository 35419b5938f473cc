"use client";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { removeWalletAddressAction } from "@/lib/wallets/actions";

export function RemoveWalletButton({ id, address, label }: { id: string; address: string; label: string }) {
  return (
    <ConfirmedAction
      label="Remove"
      look="row-danger"
      ariaLabel={`Remove ${label}`}
      title={`Remove "${label}" from the whitelist?`}
      confirmLabel="Remove address"
      description={
        <>
          Funds can no longer be sent to <code className="font-mono text-xs break-all text-slate-900">{address}</code>{" "}
          from this Program. You can add it again later.
        </>
      }
      run={() => removeWalletAddressAction(id)}
      success={`"${label}" removed`}
    />
  );
}
