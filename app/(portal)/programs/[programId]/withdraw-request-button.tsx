"use client";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { showActionError } from "@/lib/actions/client-result";
import { withdrawRequestAction } from "@/lib/requests/actions";

/** Takes back a submitted request (or one sent back for changes) after a confirmation. */
export function WithdrawRequestButton({ id, what }: { id: string; what: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" aria-label={`Withdraw ${what}`}>
          Withdraw
        </Button>
      }
      title={`Withdraw the request for ${what}?`}
      confirmLabel="Withdraw request"
      description="Axys staff will no longer review it. It stays in the history as withdrawn; you can submit a new request later."
      onConfirm={async () => {
        const r = await withdrawRequestAction(id);
        if (!r.ok) {
          showActionError(r);
          return false;
        }
        toast.success("Request withdrawn");
        router.refresh();
        return true;
      }}
    />
  );
}
