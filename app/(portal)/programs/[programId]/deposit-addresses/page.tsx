import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { TitledCard } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ProductionOnlyNotice } from "@/components/ui/production-only-notice";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, productionOnlyNote, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { getProgram } from "@/lib/programs/service";
import { getDepositAddressTypes, listProgramRequests } from "@/lib/requests/service";
import { RequestList } from "../request-list";
import { DepositTypeForm } from "./deposit-type-form";

export const metadata: Metadata = { title: "Deposit address types" };

export default async function DepositAddressesPage({ params }: { params: Promise<{ programId: string }> }) {
  const ctx = await requireCtx();
  const { programId } = await params;
  const [program, types, requests] = await orNotFound(
    Promise.all([
      getProgram(ctx, programId),
      getDepositAddressTypes(ctx, programId),
      listProgramRequests(ctx, programId, "deposit_address_type"),
    ]),
  );
  const stagingNote = productionOnlyNote(ctx, "requests:write");
  const mayWrite = can(ctx, "requests:write");
  return (
    <>
      <PageHeader
        title={`${program.name}: deposit address types`}
        description="The blockchain address types cardholders can fund from. EVM, BTC and SOL by default; request additional or substitute types."
      />
      <ProductionOnlyNotice note={stagingNote} />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "requests:write")} />
      <div className="space-y-6">
        <TitledCard title="Active types">
          <ul className="flex flex-wrap gap-2" aria-label="Active deposit address types">
            {(stagingNote ? types.filter((t) => t.source === "default") : types).map((t) => (
              <li key={t.type}>
                <Badge tone={t.source === "default" ? "neutral" : "green"} className="px-3 py-1 text-sm">
                  {t.type}
                  {t.source === "approved" ? " (approved)" : ""}
                </Badge>
              </li>
            ))}
          </ul>
        </TitledCard>
        {mayWrite ? (
          <TitledCard
            title="Request a type"
            description="Axys staff review the request (custody and compliance support for the chain)."
          >
            <DepositTypeForm programId={programId} />
          </TitledCard>
        ) : null}
        <RequestList requests={JSON.parse(JSON.stringify(requests))} describe="deposit" mayWithdraw={mayWrite} />
      </div>
    </>
  );
}
