import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { DataTable } from "@/components/ui/data-table";
import { ActionsTh, Td } from "@/components/ui/table";
import { ManageLink } from "@/components/ui/manage-link";
import { ScopeLabel } from "@/components/ui/scope-label";
import { listAllowlist } from "@/lib/allowlist/service";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { listPrograms } from "@/lib/programs/service";

export const metadata: Metadata = { title: "IP allowlist" };

export default async function AllowlistPage() {
  const ctx = await requireCtx();
  const programs = await orNotFound(listPrograms(ctx, { sort: "name" }));
  const scopes = [
    { id: null as string | null, name: "Tenant (Account Management)" },
    ...programs.map((p) => ({ id: p.id, name: p.name })),
  ];
  const rows = await orNotFound(
    Promise.all(
      scopes.map(async (s) => ({
        ...s,
        entries: await listAllowlist(ctx, { environment: ctx.environment, programId: s.id }),
      })),
    ),
  );
  return (
    <>
      <PageHeader
        title="IP allowlist"
        description={
          <>
            The addresses your servers call the {ctx.environment} API from, per scope. Each calling address must also
            pass forward-confirmed reverse DNS against the scope certificate&apos;s domains.
          </>
        }
      />
      <Card>
        <DataTable columns={["Scope", "Entries", "FCrDNS", <ActionsTh key="actions" />]} rows={rows}>
          {(r) => {
            const singles = r.entries.filter((e) => e.single);
            const failing = singles.filter((e) => e.dns.status !== "pass").length;
            return (
              <tr key={r.id ?? "tenant"}>
                <Td>
                  <ScopeLabel name={r.name} programId={r.id} />
                </Td>
                <Td className="tabular-nums">{r.entries.length}</Td>
                <Td>
                  {r.entries.length === 0 ? (
                    <Badge>None</Badge>
                  ) : failing ? (
                    <Badge tone="red">{failing} failing</Badge>
                  ) : (
                    <Badge tone="green">All passing</Badge>
                  )}
                </Td>
                <Td className="text-right">
                  <ManageLink href={`/allowlist/${r.id ?? "tenant"}`} what={`the allowlist of ${r.name}`} />
                </Td>
              </tr>
            );
          }}
        </DataTable>
      </Card>
    </>
  );
}
