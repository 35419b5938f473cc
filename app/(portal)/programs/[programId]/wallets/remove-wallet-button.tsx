"use client";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { showActionError } from "@/lib/actions/client-result";
import { removeWalletAddressAction } from "@/lib/wallets/actions";

export function RemoveWalletButton({ id, address, label }: { id: string; address: string; label: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" aria-label={`Remove ${label}`}>
          Remove
        </Button>
      }
      title={`Remove "${label}" from the whitelist?`}
      confirmLabel="Remove address"
      description={
        <>
          Funds can no longer be sent to <code className="font-mono text-xs break-all text-slate-900">{address}</code>{" "}
          from this Program. You can add it again later.
        </>
      }
      onConfirm={async () => {
        const r = await removeWalletAddressAction(id);
        if (!r.ok) {
          showActionError(r);
          return false;
        }
        toast.success(`"${label}" removed`);
        router.refresh();
        return true;
      }}
    />
  );
}
