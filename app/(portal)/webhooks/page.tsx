import type { Metadata } from "next";
import Link from "next/link";
import { ProgramTabs } from "@/components/shell/program-tabs";
import { Card, TitledCard } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { Td } from "@/components/ui/table";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { listPrograms } from "@/lib/programs/service";
import { listWebhookEndpoints } from "@/lib/webhooks/service";
import { AddEndpointForm } from "./add-endpoint-form";
import { EndpointStatusBadge } from "./status-badge";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<{ program?: string | string[] }>;
}) {
  const ctx = await requireCtx();
  const { program } = await searchParams;
  const programId = typeof program === "string" && program.length <= 64 ? program : undefined;
  const [endpoints, programs] = await orNotFound(
    Promise.all([listWebhookEndpoints(ctx, { programId }), listPrograms(ctx, { sort: "name" })]),
  );
  const names = Object.fromEntries(programs.map((p) => [p.id, p.name]));
  return (
    <>
      <ProgramTabs ctx={ctx} programId={programId} />
      <PageHeader
        title="Webhooks"
        description="Signed HTTPS callbacks: certificate expiry reminders at 30, 15 and 5 days, issuance, revocation and key rotation."
      />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "webhooks:write")} />
      <div className="space-y-6">
        <Card>
          <DataTable
            columns={["URL", "Scope", "Events", "Status"]}
            rows={endpoints}
            empty={
              <EmptyState title="No webhook endpoints">
                Register one so you hear about expiring certificates before requests start failing.
              </EmptyState>
            }
          >
            {(e) => (
              <tr key={e.id}>
                <Td className="max-w-sm min-w-52">
                  <span className="inline-flex max-w-full items-center gap-1">
                    <Link
                      className="min-w-0 font-medium break-all text-brand-700 hover:underline"
                      href={`/webhooks/${e.id}`}
                    >
                      {e.url}
                    </Link>
                    <CopyButton value={e.url} what={`URL ${e.url}`} />
                  </span>
                </Td>
                <Td>{e.programId ? (names[e.programId] ?? e.programId) : "Tenant (all programs)"}</Td>
                <Td className="text-xs text-slate-600">{e.events.join(", ")}</Td>
                <Td>
                  <EndpointStatusBadge status={e.status} />
                </Td>
              </tr>
            )}
          </DataTable>
        </Card>
        {can(ctx.role, "webhooks:write") ? (
          <TitledCard
            title="Register an endpoint"
            description="HTTPS only; it must answer a signed verification request by echoing its challenge before it receives events."
          >
            <AddEndpointForm programs={programs.map((p) => ({ id: p.id, name: p.name }))} />
          </TitledCard>
        ) : null}
      </div>
    </>
  );
}
