import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { PageHeader } from "@/components/ui/page-header";
import { ActionsTh, Table, TableHead, Td } from "@/components/ui/table";
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
        <Table>
          <TableHead columns={["Scope", "Entries", "FCrDNS", <ActionsTh key="actions" />]} />
          <tbody>
            {rows.map((r) => {
              const singles = r.entries.filter((e) => e.single);
              const failing = singles.filter((e) => e.dns.status !== "pass").length;
              return (
                <tr key={r.id ?? "tenant"}>
                  <Td>
                    <div className="font-medium text-slate-800">{r.name}</div>
                    <div className="text-xs text-slate-500">
                      {r.id ? (
                        <CopyableValue value={r.id} what={`program id of ${r.name}`} nowrap />
                      ) : (
                        <span className="font-mono">tenant-level</span>
                      )}
                    </div>
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
                    <Link
                      className="text-sm font-medium text-brand-700 hover:underline"
                      href={`/allowlist/${r.id ?? "tenant"}`}
                      aria-label={`Manage the allowlist of ${r.name}`}
                    >
                      Manage
                    </Link>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
