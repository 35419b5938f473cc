import type { Metadata } from "next";
import { TitledCard } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ProductionOnlyNotice } from "@/components/ui/production-only-notice";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, productionOnlyNote, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { getProgram } from "@/lib/programs/service";
import { listProgramRequests } from "@/lib/requests/service";
import { RequestList } from "../request-list";
import { SenderIdForm } from "./sender-id-form";

export const metadata: Metadata = { title: "SMS sender ID" };

export default async function SmsSenderPage({ params }: { params: Promise<{ programId: string }> }) {
  const ctx = await requireCtx();
  const { programId } = await params;
  const [program, requests] = await orNotFound(
    Promise.all([getProgram(ctx, programId), listProgramRequests(ctx, programId, "sms_sender_id")]),
  );
  const open = requests.find((r) => ["submitted", "in_review", "changes_requested"].includes(r.status));
  const mayWrite = can(ctx, "requests:write");
  return (
    <>
      <PageHeader
        title={`${program.name}: SMS sender ID`}
        description="The name cardholders see as the sender of SMS (one-time passwords, alerts). Carriers allow 3-11 letters, digits and spaces, with at least one letter."
      />
      <ProductionOnlyNotice note={productionOnlyNote(ctx, "requests:write")} />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "requests:write")} />
      <div className="space-y-6">
        {mayWrite && (!open || open.status !== "in_review") ? (
          <TitledCard
            title={open ? "Edit your application" : "Apply for a sender ID"}
            description={
              open?.status === "changes_requested"
                ? `Axys asked for changes: ${open.decisionNote}`
                : "Axys staff review it with the carriers' rules."
            }
          >
            <SenderIdForm
              programId={programId}
              existing={
                open
                  ? {
                      id: open.id,
                      ...(open.payload as { senderId: string; countries: string[]; useDescription: string }),
                    }
                  : null
              }
            />
          </TitledCard>
        ) : null}
        <RequestList requests={JSON.parse(JSON.stringify(requests))} describe="sms" mayWithdraw={mayWrite} />
      </div>
    </>
  );
}
