"use client";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { withdrawRequestAction } from "@/lib/requests/actions";

/** Takes back a submitted request (or one sent back for changes) after a confirmation. */
export function WithdrawRequestButton({ id, what }: { id: string; what: string }) {
  return (
    <ConfirmedAction
      label="Withdraw"
      look="row-danger"
      ariaLabel={`Withdraw ${what}`}
      title={`Withdraw the request for ${what}?`}
      confirmLabel="Withdraw request"
      description="Axys staff will no longer review it. It stays in the history as withdrawn; you can submit a new request later."
      run={() => withdrawRequestAction(id)}
      success="Request withdrawn"
    />
  );
}
