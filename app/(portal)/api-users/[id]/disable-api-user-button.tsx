"use client";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { showActionError } from "@/lib/actions/client-result";
import { disableApiUserAction } from "@/lib/api-users/actions";

export function DisableApiUserButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" className="text-red-700">
          Disable API user
        </Button>
      }
      title={`Disable ${name}?`}
      confirmLabel="Disable"
      description="Its API keys stop working at once in both environments. Revoke its certificates too if they should no longer be trusted. This cannot be undone."
      onConfirm={async () => {
        const r = await disableApiUserAction(id);
        if (!r.ok) {
          showActionError(r);
          return false;
        }
        toast.success(`${name} disabled`);
        router.refresh();
        return true;
      }}
    />
  );
}
