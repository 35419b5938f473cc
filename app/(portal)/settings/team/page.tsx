import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { InvitationStatusBadge } from "@/components/ui/invitation-status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { ExpiryTime } from "@/components/ui/expiry-time";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { TEAM_INVITATION_DAYS } from "@/lib/invitations/schemas";
import { TEAM_ROLE_LABELS } from "@/lib/team/schemas";
import { listMembers, listTeamInvitations, type MemberDto } from "@/lib/team/service";
import {
  ChangeRoleButton,
  EndSessionsButton,
  InviteMemberForm,
  RemoveMemberButton,
  ResendInvitationButton,
  RevokeInvitationButton,
} from "./team-forms";

export const metadata: Metadata = { title: "Team" };

const roleLabel = (role: string) => TEAM_ROLE_LABELS[role as keyof typeof TEAM_ROLE_LABELS] ?? role;

export default async function TeamPage() {
  const ctx = await requireCtx();
  const now = new Date();
  const [members, invitations] = await orNotFound(Promise.all([listMembers(ctx, now), listTeamInvitations(ctx, now)]));
  const manage = can(ctx.role, "team:manage");
  const actionsHeader = manage && <Th className="text-right">Actions</Th>;

  return (
    <>
      <PageHeader
        title="Team"
        description="The people of your Tenant who sign in to the portal: administrators manage everything, viewers read everything."
      />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "team:manage")} />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Members" description="Role changes and removals take effect at once." />
          <DataTable
            aria-label="Members"
            columns={["Member", "Role", "2FA", "Last sign-in", "Status", actionsHeader]}
            rows={members}
            empty={<EmptyState title="No members yet" />}
          >
            {(m) => <MemberRow key={m.id} m={m} now={now} manage={manage} />}
          </DataTable>
        </Card>

        <Card>
          <CardHeader
            title="Invitations"
            description={`We email each invitation a link that works once, for that address, for ${TEAM_INVITATION_DAYS} days. Resending sends a new link; the old one stops working.`}
          />
          {manage ? (
            <CardBody className="border-b border-slate-100">
              <InviteMemberForm />
            </CardBody>
          ) : null}
          <DataTable
            aria-label="Pending invitations"
            columns={["Email", "Role", "Status", "Expires", "Invited by", actionsHeader]}
            rows={invitations}
            empty={
              <EmptyState title="No pending invitations">
                {manage ? "Invite someone above: they choose their own password." : null}
              </EmptyState>
            }
          >
            {(i) => (
              <tr key={i.id}>
                <Td className="font-medium whitespace-nowrap">{i.email}</Td>
                <Td>{roleLabel(i.role)}</Td>
                <Td>
                  <InvitationStatusBadge status={i.status} />
                </Td>
                <Td className="tabular-nums whitespace-nowrap text-slate-600">
                  <Time value={i.expiresAt} />
                  <span className="block text-xs text-slate-500">
                    <ExpiryTime value={i.expiresAt} now={now} />
                  </span>
                  {i.resentAt ? (
                    <span className="block text-xs text-slate-500">
                      resent <Time value={i.resentAt} relativeTo={now} />
                    </span>
                  ) : null}
                </Td>
                <Td className="whitespace-nowrap text-slate-600">{i.createdBy}</Td>
                {manage ? (
                  <Td className="text-right whitespace-nowrap">
                    <ResendInvitationButton id={i.id} email={i.email} />
                    <RevokeInvitationButton id={i.id} email={i.email} />
                  </Td>
                ) : null}
              </tr>
            )}
          </DataTable>
        </Card>
      </div>
    </>
  );
}

function MemberRow({ m, now, manage }: { m: MemberDto; now: Date; manage: boolean }) {
  const who = m.name || m.email;
  return (
    <tr>
      <Td className="whitespace-nowrap">
        <span className="font-medium text-slate-900">{m.name}</span>
        {m.you ? (
          <Badge tone="blue" className="ml-2">
            You
          </Badge>
        ) : null}
        <span className="block text-xs text-slate-500">{m.email}</span>
      </Td>
      <Td className="whitespace-nowrap">{roleLabel(m.role)}</Td>
      <Td>
        <Badge tone={m.twoFactor ? "green" : "amber"}>{m.twoFactor ? "On" : "Off"}</Badge>
      </Td>
      <Td className="tabular-nums whitespace-nowrap text-slate-600">
        {m.lastSignInAt ? <Time value={m.lastSignInAt} relativeTo={now} /> : "Never"}
      </Td>
      <Td>
        <Badge tone={m.disabled ? "neutral" : "green"}>{m.disabled ? "Removed" : "Active"}</Badge>
      </Td>
      {manage ? (
        <Td className="text-right whitespace-nowrap">
          {m.disabled ? null : (
            <>
              <ChangeRoleButton userId={m.id} name={who} email={m.email} role={m.role} you={m.you} />
              <EndSessionsButton userId={m.id} name={who} email={m.email} liveSessions={m.liveSessions} you={m.you} />
              {m.you ? null : <RemoveMemberButton userId={m.id} name={who} email={m.email} />}
            </>
          )}
        </Td>
      ) : null}
    </tr>
  );
}
