import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { getBankCredentialsMasked } from "@/lib/bank/service";
import { getProgram } from "@/lib/programs/service";
import { BankCredentialsCard } from "./bank-credentials-card";

export const metadata: Metadata = { title: "Inbound bank account" };

export default async function BankCredentialsPage({ params }: { params: Promise<{ programId: string }> }) {
  const ctx = await requireCtx();
  const { programId } = await params;
  // Only masked values ever reach this page's HTML; the clear ones come from the audited reveal action.
  const [program, credentials] = await orNotFound(
    Promise.all([getProgram(ctx, programId), getBankCredentialsMasked(ctx, programId)]),
  );
  const mayReveal = can(ctx.role, "bank:reveal");
  return (
    <>
      <PageHeader
        title={`${program.name}: inbound bank account`}
        description={`Where payments into this Program are sent. Account and routing numbers are masked${mayReveal ? "; revealing them is recorded in the audit log" : ""}.`}
      />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "bank:reveal")} />
      {credentials ? (
        <BankCredentialsCard programName={program.name} credentials={credentials} mayReveal={mayReveal} />
      ) : (
        <Card>
          <EmptyState title="No bank credentials yet">
            Axys sets these when the Program&apos;s bank account is opened.
          </EmptyState>
        </Card>
      )}
    </>
  );
}
