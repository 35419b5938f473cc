"use client";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { disableApiUserAction } from "@/lib/api-users/actions";

export function DisableApiUserButton({ id, name }: { id: string; name: string }) {
  return (
    <ConfirmedAction
      label="Disable API user"
      look="danger"
      title={`Disable ${name}?`}
      confirmLabel="Disable"
      description="Its API keys stop working at once in both environments. Revoke its certificates too if they should no longer be trusted. This cannot be undone."
      run={() => disableApiUserAction(id)}
      success={`${name} disabled`}
    />
  );
}
