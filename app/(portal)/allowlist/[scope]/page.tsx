import type { Metadata } from "next";
import { ProgramTabs } from "@/components/shell/program-tabs";
import Link from "next/link";
import { Card, TitledCard } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { listAllowlist } from "@/lib/allowlist/service";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { getProgram } from "@/lib/programs/service";
import { AddEntryForm } from "./add-entry-form";
import { EntryRow } from "./entry-row";

export const metadata: Metadata = { title: "IP allowlist" };

export default async function ScopeAllowlistPage({ params }: { params: Promise<{ scope: string }> }) {
  const ctx = await requireCtx();
  const now = new Date();
  const { scope } = await params;
  const programId = scope === "tenant" ? null : scope;
  const [program, entries] = await orNotFound(
    Promise.all([
      programId ? getProgram(ctx, programId) : Promise.resolve(null),
      listAllowlist(ctx, { environment: ctx.environment, programId }),
    ]),
  );
  const mayWrite = can(ctx.role, "allowlist:write");
  return (
    <>
      <ProgramTabs ctx={ctx} programId={scope === "tenant" ? null : scope} />
      <PageHeader
        title={program ? `${program.name}: IP allowlist` : "Tenant-level IP allowlist"}
        description={
          <>
            {ctx.environment === "production" ? "Production" : "Staging"} allowlist (each environment has its own).{" "}
            <Link className="text-brand-700 hover:underline" href={`/test-credentials/${scope}`}>
              Test these credentials with curl →
            </Link>
          </>
        }
        back={{ href: "/allowlist", label: "IP allowlist" }}
      />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "allowlist:write")} />
      <div className="space-y-6">
        <Card>
          {entries.length === 0 ? (
            <EmptyState title={`No ${ctx.environment} addresses yet`}>
              Requests from any address are refused with 403 until you add the ones your servers call from.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Allowlist entries">
              {entries.map((e) => (
                <EntryRow key={e.id} entry={e} mayWrite={mayWrite} now={now} />
              ))}
            </ul>
          )}
        </Card>
        {mayWrite ? (
          <TitledCard
            title="Add an address or range"
            description="IPv4 or IPv6; ranges at most /24 (IPv4) or /48 (IPv6). Up to 100 entries per scope and environment."
          >
            <AddEntryForm environment={ctx.environment} programId={programId} />
          </TitledCard>
        ) : null}
      </div>
    </>
  );
}
