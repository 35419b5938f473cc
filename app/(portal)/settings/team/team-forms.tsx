"use client";
import { useState } from "react";
import { toast } from "sonner";
import { InvitationForm } from "@/components/invitations/invitation-form";
import { RevokeInvitationButton as RevokeButton } from "@/components/invitations/revoke-invitation-button";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { Field, FormSelect, Select } from "@/components/ui/form";
import { useReauth } from "@/components/shell/reauth";
import { inviteMemberSchema, TEAM_INVITATION_DAYS, TEAM_ROLES, type TeamRole } from "@/lib/invitations/schemas";
import {
  changeRoleAction,
  endMemberSessionsAction,
  inviteMemberAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/lib/team/actions";
import { TEAM_ROLE_LABELS } from "@/lib/team/schemas";

function RoleOptions({ current }: { current?: TeamRole }) {
  return TEAM_ROLES.map((r) => (
    <option key={r} value={r}>
      {TEAM_ROLE_LABELS[r]}
      {r === current ? " (current)" : ""}
    </option>
  ));
}

export function InviteMemberForm() {
  return (
    <InvitationForm
      action={inviteMemberAction}
      schema={inviteMemberSchema}
      label="Invite a member"
      emailLabel="Email address"
      submitLabel="Send invitation"
      pendingLabel="Sending…"
      extra={(form) => (
        <FormSelect form={form} name="role" label="Role" defaultValue="tenant_viewer">
          <RoleOptions />
        </FormSelect>
      )}
      onSent={(i) =>
        toast.success(`Invitation sent to ${i.email}`, {
          description: `The link works once, for ${TEAM_INVITATION_DAYS} days.`,
        })
      }
    />
  );
}

export function ChangeRoleButton({
  userId,
  name,
  email,
  role,
  you,
}: {
  userId: string;
  name: string;
  email: string;
  role: TeamRole;
  you: boolean;
}) {
  const withReauth = useReauth();
  const [next, setNext] = useState<TeamRole>(role === "tenant_admin" ? "tenant_viewer" : "tenant_admin");
  return (
    <ConfirmedAction
      label="Change role"
      look="row"
      ariaLabel={`Change role of ${email}`}
      title={you ? "Change your own role?" : `Change the role of ${name}?`}
      description={
        you
          ? "It takes effect at once: as a viewer you can no longer manage the team."
          : "It takes effect at once, from their next page load."
      }
      confirmLabel="Change role"
      confirmVariant="default"
      run={() => withReauth(() => changeRoleAction({ userId, role: next }))}
      success={`${name} is now ${next === "tenant_admin" ? "an administrator" : "a viewer"}`}
    >
      <Field id={`role-${userId}`} label="New role">
        <Select id={`role-${userId}`} value={next} onChange={(e) => setNext(e.target.value as TeamRole)}>
          <RoleOptions current={role} />
        </Select>
      </Field>
    </ConfirmedAction>
  );
}

export function EndSessionsButton({
  userId,
  name,
  email,
  liveSessions,
  you,
}: {
  userId: string;
  name: string;
  email: string;
  liveSessions: number;
  you: boolean;
}) {
  return (
    <ConfirmedAction
      label="End sessions"
      look="row"
      ariaLabel={`End sessions of ${email}`}
      title={you ? "End all your sessions?" : `End every session of ${name}?`}
      description={
        <>
          {liveSessions === 1 ? "1 signed-in session" : `${liveSessions} signed-in sessions`} end at once;{" "}
          {you ? "you will have to sign in again, this browser too." : "they can sign in again."}
        </>
      }
      confirmLabel="End sessions"
      run={() => endMemberSessionsAction(userId)}
      success={`Sessions of ${name} ended`}
    />
  );
}

export function RemoveMemberButton({ userId, name, email }: { userId: string; name: string; email: string }) {
  return (
    <ConfirmedAction
      label="Remove"
      look="row-danger"
      ariaLabel={`Remove ${email}`}
      title={`Remove ${name} from the team?`}
      description={
        <>{email} can no longer sign in, and their sessions end at once. Their actions stay in the audit log.</>
      }
      confirmLabel="Remove member"
      run={() => removeMemberAction(userId)}
      success={`${name} removed`}
    />
  );
}

export function ResendInvitationButton({ id, email }: { id: string; email: string }) {
  return (
    <ConfirmedAction
      label="Resend"
      look="row"
      ariaLabel={`Resend the invitation for ${email}`}
      title={`Resend the invitation to ${email}?`}
      description={`We email a new link, valid for ${TEAM_INVITATION_DAYS} days; the link sent before stops working.`}
      confirmLabel="Resend invitation"
      confirmVariant="default"
      run={() => resendInvitationAction(id)}
      success={`Invitation sent again to ${email}`}
    />
  );
}

export function RevokeInvitationButton({ id, email }: { id: string; email: string }) {
  return <RevokeButton id={id} email={email} revoke={revokeInvitationAction} />;
}
