import type { Metadata } from "next";
import { Card, CardBody, CardHeader, TitledCard } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { InvitationStatusBadge } from "@/components/ui/invitation-status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { Td, Th } from "@/components/ui/table";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { ExpiryTime } from "@/components/ui/expiry-time";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { getPartnerVisibility, listPartnerAccess } from "@/lib/partners/service";
import { getProgram } from "@/lib/programs/service";
import { InviteForm, RemovePartnerButton, RevokeInvitationButton, VisibilityForm } from "./partner-forms";

export const metadata: Metadata = { title: "Partner access" };

export default async function PartnersPage({ params }: { params: Promise<{ programId: string }> }) {
  const ctx = await requireCtx();
  const now = new Date();
  const { programId } = await params;
  const [program, visibility, access] = await orNotFound(
    Promise.all([getProgram(ctx, programId), getPartnerVisibility(ctx, programId), listPartnerAccess(ctx, programId)]),
  );
  const manage = can(ctx.role, "partners:manage");

  return (
    <>
      <PageHeader
        title="Partner access"
        description={`What the white-label partner of ${program.name} sees in the portal: read-only views, separate from API credentials.`}
      />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "partners:manage")} />
      <div className="grid gap-6 lg:grid-cols-5">
        <TitledCard
          className="lg:col-span-2"
          title="Visible to partners"
          description="Changes apply to the partner's next page load."
        >
          <VisibilityForm programId={program.id} initial={visibility} readOnly={!manage} />
        </TitledCard>
        <div className="space-y-6 lg:col-span-3">
          <Card>
            <CardHeader title="Partner users" description="Signed-in partner users of this Program." />
            <DataTable
              aria-label="Partner users"
              columns={["Email", "Name", "Joined", manage && <Th />]}
              rows={access.users}
              empty={
                <EmptyState title="No partner users yet">
                  {manage
                    ? "Invite one below: they choose their own password."
                    : "A tenant administrator can invite one."}
                </EmptyState>
              }
            >
              {(u) => (
                <tr key={u.id}>
                  <Td className="font-medium">{u.email}</Td>
                  <Td>{u.name}</Td>
                  <Td className="tabular-nums text-slate-600">
                    <Time value={u.createdAt} />
                  </Td>
                  {manage ? (
                    <Td className="text-right">
                      <RemovePartnerButton id={u.id} email={u.email} />
                    </Td>
                  ) : null}
                </tr>
              )}
            </DataTable>
          </Card>
          <Card>
            <CardHeader
              title="Invitations"
              description="Each link works once, for the address it was sent to, until it expires."
            />
            {manage ? (
              <CardBody className="border-b border-slate-100">
                <InviteForm programId={program.id} />
              </CardBody>
            ) : null}
            <DataTable
              aria-label="Invitations"
              columns={["Email", "Status", "Expires", "Invited by", manage && <Th />]}
              rows={access.invitations}
              empty={<EmptyState title="No open invitations" />}
            >
              {(i) => (
                <tr key={i.id}>
                  <Td className="font-medium">{i.email}</Td>
                  <Td>
                    <InvitationStatusBadge status={i.status} />
                  </Td>
                  <Td className="tabular-nums text-slate-600">
                    <ExpiryTime value={i.expiresAt} now={now} />
                  </Td>
                  <Td className="text-slate-600">{i.createdBy}</Td>
                  {manage ? (
                    <Td className="text-right">
                      <RevokeInvitationButton id={i.id} email={i.email} />
                    </Td>
                  ) : null}
                </tr>
              )}
            </DataTable>
          </Card>
        </div>
      </div>
    </>
  );
}
