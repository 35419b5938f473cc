"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input, Select } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { useReauth } from "@/components/shell/reauth";
import { showActionError } from "@/lib/actions/client-result";
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

const danger = "text-red-700 hover:bg-red-50";

/** Runs an action from a dialog: on success a toast and a refresh, on refusal its message (the dialog stays open). */
function useRun() {
  const router = useRouter();
  return async (run: () => Promise<{ ok: boolean; code?: string; message?: string }>, success: string) => {
    const r = await run();
    if (!r.ok) {
      showActionError(r);
      return false;
    }
    toast.success(success);
    router.refresh();
    return true;
  };
}

export function InviteMemberForm() {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const { pending, errors, onSubmit, field } = useActionForm(inviteMemberAction, {
    schema: inviteMemberSchema,
    onSuccess: (i) => {
      toast.success(`Invitation sent to ${i.email}`, {
        description: `The link works once, for ${TEAM_INVITATION_DAYS} days.`,
      });
      form.current?.reset();
      router.refresh();
    },
  });
  return (
    <form
      ref={form}
      onSubmit={onSubmit}
      className="grid gap-4 sm:grid-cols-[2fr_1fr_auto] sm:items-start"
      noValidate
      aria-label="Invite a member"
    >
      <Field id="invite-email" label="Email address" error={errors.email}>
        <Input id="invite-email" name="email" type="email" autoComplete="off" {...field("email")} />
      </Field>
      <Field id="invite-role" label="Role" error={errors.role}>
        <Select id="invite-role" name="role" defaultValue="tenant_viewer" {...field("role")}>
          {TEAM_ROLES.map((r) => (
            <option key={r} value={r}>
              {TEAM_ROLE_LABELS[r]}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" disabled={pending} className="sm:mt-6">
        {pending ? "Sending…" : "Send invitation"}
      </Button>
    </form>
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
  const run = useRun();
  const withReauth = useReauth();
  const [next, setNext] = useState<TeamRole>(role === "tenant_admin" ? "tenant_viewer" : "tenant_admin");
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Change role of ${email}`}>
          Change role
        </Button>
      }
      title={you ? "Change your own role?" : `Change the role of ${name}?`}
      description={
        you
          ? "It takes effect at once: as a viewer you can no longer manage the team."
          : "It takes effect at once, from their next page load."
      }
      confirmLabel="Change role"
      confirmVariant="default"
      onConfirm={() =>
        run(
          () => withReauth(() => changeRoleAction({ userId, role: next })),
          `${name} is now ${next === "tenant_admin" ? "an administrator" : "a viewer"}`,
        )
      }
    >
      <Field id={`role-${userId}`} label="New role">
        <Select id={`role-${userId}`} value={next} onChange={(e) => setNext(e.target.value as TeamRole)}>
          {TEAM_ROLES.map((r) => (
            <option key={r} value={r}>
              {TEAM_ROLE_LABELS[r]}
              {r === role ? " (current)" : ""}
            </option>
          ))}
        </Select>
      </Field>
    </ConfirmDialog>
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
  const run = useRun();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`End sessions of ${email}`}>
          End sessions
        </Button>
      }
      title={you ? "End all your sessions?" : `End every session of ${name}?`}
      description={
        <>
          {liveSessions === 1 ? "1 signed-in session" : `${liveSessions} signed-in sessions`} end at once;{" "}
          {you ? "you will have to sign in again, this browser too." : "they can sign in again."}
        </>
      }
      confirmLabel="End sessions"
      onConfirm={() => run(() => endMemberSessionsAction(userId), `Sessions of ${name} ended`)}
    />
  );
}

export function RemoveMemberButton({ userId, name, email }: { userId: string; name: string; email: string }) {
  const run = useRun();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" className={danger} aria-label={`Remove ${email}`}>
          Remove
        </Button>
      }
      title={`Remove ${name} from the team?`}
      description={
        <>{email} can no longer sign in, and their sessions end at once. Their actions stay in the audit log.</>
      }
      confirmLabel="Remove member"
      onConfirm={() => run(() => removeMemberAction(userId), `${name} removed`)}
    />
  );
}

export function ResendInvitationButton({ id, email }: { id: string; email: string }) {
  const run = useRun();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Resend the invitation for ${email}`}>
          Resend
        </Button>
      }
      title={`Resend the invitation to ${email}?`}
      description={`We email a new link, valid for ${TEAM_INVITATION_DAYS} days; the link sent before stops working.`}
      confirmLabel="Resend invitation"
      confirmVariant="default"
      onConfirm={() => run(() => resendInvitationAction(id), `Invitation sent again to ${email}`)}
    />
  );
}

export function RevokeInvitationButton({ id, email }: { id: string; email: string }) {
  const run = useRun();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" className={danger} aria-label={`Revoke the invitation for ${email}`}>
          Revoke
        </Button>
      }
      title={`Revoke the invitation for ${email}?`}
      description="The link stops working at once. You can invite the address again."
      confirmLabel="Revoke invitation"
      onConfirm={() => run(() => revokeInvitationAction(id), "Invitation revoked")}
    />
  );
}
