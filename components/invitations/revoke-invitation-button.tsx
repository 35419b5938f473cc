"use client";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import type { ActionResult } from "@/lib/actions/run-action";

/** Revokes a pending invitation (of the team or of a Program's partners: `revoke` is that feature's action). */
export function RevokeInvitationButton({
  id,
  email,
  revoke,
}: {
  id: string;
  email: string;
  revoke: (id: string) => Promise<ActionResult<unknown>>;
}) {
  return (
    <ConfirmedAction
      label="Revoke"
      look="row-danger"
      ariaLabel={`Revoke the invitation for ${email}`}
      title={`Revoke the invitation for ${email}?`}
      confirmLabel="Revoke invitation"
      description="The link stops working at once. You can invite the address again."
      run={() => revoke(id)}
      success="Invitation revoked"
    />
  );
}
