import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { displayMinor } from "@/lib/core/money";
import { FEE_TEMPLATES } from "@/lib/programs/fee-templates";
import { listPrograms } from "@/lib/programs/service";

export const metadata: Metadata = { title: "Programs" };

export default async function ProgramsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requireCtx();
  const sp = await searchParams;
  const programs = await orNotFound(listPrograms(ctx, { q: sp.q, sort: sp.sort, dir: sp.dir }));
  const mayCreate = can(ctx, "programs:create");
  const showFees = programs.some((p) => p.feeTemplate !== null); // the service withholds it without fees:read
  const newButton = mayCreate ? (
    <Button asChild>
      <Link href="/programs/new">
        <Plus className="h-4 w-4" aria-hidden />
        New program
      </Link>
    </Button>
  ) : null;
  return (
    <>
      <PageHeader
        title="Programs"
        description="Each Program has its own currency, limits, credentials and configuration."
        actions={newButton}
      />
      <Card>
        <form className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-5 py-3" role="search">
          <div className="min-w-56 flex-1">
            <label htmlFor="q" className="sr-only">
              Search programs
            </label>
            <Input id="q" name="q" placeholder="Search by name or program id" defaultValue={sp.q ?? ""} />
          </div>
          <div>
            <label htmlFor="sort" className="sr-only">
              Sort by
            </label>
            <Select id="sort" name="sort" defaultValue={sp.sort ?? "created"}>
              <option value="created">Newest first</option>
              <option value="name">Name</option>
              <option value="currency">Currency</option>
            </Select>
          </div>
          <Button type="submit" variant="outline">
            Apply
          </Button>
        </form>
        <DataTable
          columns={[
            "Name",
            "Program id",
            "Currency",
            "Limit ceiling",
            "3-D Secure",
            showFees && "Fee structure",
            "Created",
          ]}
          rows={programs}
          empty={
            sp.q ? (
              <EmptyState title={`No program matches "${sp.q}"`}>
                <Link className="text-brand-600 hover:underline" href="/programs">
                  Clear the search
                </Link>
              </EmptyState>
            ) : (
              <EmptyState title="No programs yet" action={newButton}>
                A Program is a card product with its own currency, limits and credentials.
                {mayCreate ? " Create the first one to start onboarding." : " A tenant administrator can create one."}
              </EmptyState>
            )
          }
        >
          {(p) => (
            <tr key={p.id} className="hover:bg-slate-50">
              <Td>
                <Link href={`/programs/${p.id}`} className="font-medium text-brand-700 hover:underline">
                  {p.name}
                </Link>
              </Td>
              <Td className="whitespace-nowrap">
                <CopyableValue
                  value={p.id}
                  what={`program id of ${p.name}`}
                  nowrap
                  className="text-xs text-slate-600"
                />
              </Td>
              <Td>{p.baseCurrency}</Td>
              <Td className="tabular-nums">{displayMinor(BigInt(p.transactionLimitMinor), p.baseCurrency)}</Td>
              <Td>{p.threeDsEnabled ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}</Td>
              {showFees ? <Td>{p.feeTemplate ? FEE_TEMPLATES[p.feeTemplate].label : "—"}</Td> : null}
              <Td className="text-slate-500">
                <Time value={p.createdAt} />
              </Td>
            </tr>
          )}
        </DataTable>
      </Card>
    </>
  );
}
