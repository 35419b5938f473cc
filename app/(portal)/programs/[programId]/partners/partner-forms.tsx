"use client";
import { useState } from "react";
import { toast } from "sonner";
import { InvitationForm } from "@/components/invitations/invitation-form";
import { RevokeInvitationButton as RevokeButton } from "@/components/invitations/revoke-invitation-button";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { Field, FormInput, Select } from "@/components/ui/form";
import { SecretOnceDialog } from "@/components/ui/secret-once-dialog";
import { useActionForm } from "@/components/ui/use-action-form";
import {
  invitePartnerAction,
  removePartnerUserAction,
  revokeInvitationAction,
  setPartnerVisibilityAction,
} from "@/lib/partners/actions";
import { INVITATION_DAYS_DEFAULT, INVITATION_DAYS_MAX } from "@/lib/partners/schemas";
import type { PartnerExposure } from "@/lib/partners/visibility";

function Toggle({
  name,
  label,
  hint,
  checked,
  onChange,
  disabled,
}: {
  name: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <label className="flex items-start gap-3 text-sm">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-0.5 h-4 w-4 rounded border-slate-300"
      />
      <span>
        <span className="font-medium text-slate-800">{label}</span>
        <span className="block text-xs text-slate-500">{hint}</span>
      </span>
    </label>
  );
}

export function VisibilityForm({
  programId,
  initial,
  readOnly,
}: {
  programId: string;
  initial: PartnerExposure;
  readOnly: boolean;
}) {
  const [v, setV] = useState(initial);
  const { pending, onSubmit } = useActionForm(setPartnerVisibilityAction, {
    onSuccess: () =>
      toast.success("Partner visibility saved", { description: "In effect from the partner's next page load." }),
    refresh: true,
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Partner visibility">
      <input type="hidden" name="programId" value={programId} />
      <Toggle
        name="exposeTransactions"
        label="Transactions"
        hint="Totals, daily volume and (if individual) the transaction list, cardholder references masked."
        checked={v.transactions}
        disabled={readOnly}
        onChange={(c) => setV({ ...v, transactions: c, includeMerchant: c && v.includeMerchant })}
      />
      <div className="pl-7">
        <Toggle
          name="includeMerchant"
          label="With merchant details"
          hint="Merchant name, category and country."
          checked={v.includeMerchant}
          disabled={readOnly || !v.transactions}
          onChange={(c) => setV({ ...v, includeMerchant: c })}
        />
        <Field id="granularity" label="Granularity">
          <Select
            id="granularity"
            name="granularity"
            value={v.granularity}
            disabled={readOnly || !v.transactions}
            onChange={(e) => setV({ ...v, granularity: e.target.value as "individual" | "daily" })}
          >
            <option value="daily">Daily aggregates only</option>
            <option value="individual">Individual transactions</option>
          </Select>
        </Field>
        {/* a disabled select is not submitted: keep the value */}
        {readOnly || !v.transactions ? <input type="hidden" name="granularity" value={v.granularity} /> : null}
      </div>
      <Toggle
        name="exposeBalances"
        label="Balances"
        hint="Current balance per asset and its history."
        checked={v.balances}
        disabled={readOnly}
        onChange={(c) => setV({ ...v, balances: c })}
      />
      {/* a reader is told why by the page's read-only notice */}
      {readOnly ? null : (
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Save visibility
        </SubmitButton>
      )}
    </form>
  );
}

export function InviteForm({ programId }: { programId: string }) {
  const [link, setLink] = useState<string | null>(null);
  return (
    <>
      <InvitationForm
        action={invitePartnerAction}
        label="Invite a partner user"
        emailLabel="Partner's email"
        submitLabel="Create invitation"
        pendingLabel="Inviting…"
        hidden={{ programId }}
        extra={(form) => (
          <FormInput
            form={form}
            name="expiresInDays"
            label="Valid (days)"
            type="number"
            min={1}
            max={INVITATION_DAYS_MAX}
            defaultValue={INVITATION_DAYS_DEFAULT}
          />
        )}
        onSent={(r) => setLink(r.url)}
      />
      <SecretOnceDialog
        value={link}
        onClose={() => setLink(null)}
        title="Send this invitation link"
        label="Invitation link"
        copyLabel="Copy link"
        note="We emailed this link to the partner. It is shown only now (Axys stores only a hash of it) in case you want to send it yourself over a channel you trust. It works once, until it expires."
      />
    </>
  );
}

export function RevokeInvitationButton({ id, email }: { id: string; email: string }) {
  return <RevokeButton id={id} email={email} revoke={revokeInvitationAction} />;
}

export function RemovePartnerButton({ id, email }: { id: string; email: string }) {
  return (
    <ConfirmedAction
      label="Remove"
      look="row-danger"
      ariaLabel={`Remove ${email}`}
      title={`Remove ${email}?`}
      confirmLabel="Remove partner user"
      description="The account is disabled at once: its next request is refused and it cannot sign in again."
      run={() => removePartnerUserAction(id)}
      success={`${email} removed`}
    />
  );
}
