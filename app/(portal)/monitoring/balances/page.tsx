import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BarChart } from "@/components/ui/bar-chart";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { DataTable } from "@/components/ui/data-table";
import { FilterField } from "@/components/ui/filter-bar";
import { Td, Th } from "@/components/ui/table";
import { orNotFound } from "@/lib/auth/page-helpers";
import { programBound } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { firstError, parseListParams, type SearchParamsProps } from "@/lib/list-params";
import { BALANCE_FILTER_KEYS, balanceFilterSchema } from "@/lib/monitoring/schemas";
import { getBalances } from "@/lib/monitoring/balances";
import { listPrograms } from "@/lib/programs/service";
import { MonitoringTabs, ProgramSelect, surfacesFor } from "../monitoring-tabs";
import { formatMoney } from "@/lib/format/money";

export const metadata: Metadata = { title: "Balances" };

export default async function BalancesPage({ searchParams }: SearchParamsProps) {
  const ctx = await requireCtx();
  const params = parseListParams(balanceFilterSchema, BALANCE_FILTER_KEYS, await searchParams);
  const surfaces = await surfacesFor(ctx);
  if (!surfaces.balances) notFound();
  const partner = programBound(ctx);
  const program = params.filter?.program;
  // an invalid filter shows its error and no balances (never the whole Tenant's under a Program's name)
  const [b, programs] = await orNotFound(
    Promise.all([
      params.ok ? getBalances(ctx, { program }) : Promise.resolve(null),
      partner ? Promise.resolve([]) : listPrograms(ctx, { sort: "name" }),
    ]),
  );

  return (
    <>
      <PageHeader
        title="Balances"
        description={`Latest balance per program and asset, and the last 90 days · ${ctx.environment}`}
      />
      <MonitoringTabs current="balances" surfaces={surfaces} program={program} />
      {!partner ? (
        <form className="mb-6 flex items-end gap-3" aria-label="Balance filters">
          <FilterField id="program" label="Program">
            <ProgramSelect programs={programs} defaultValue={params.values.program} className="min-w-48" />
          </FilterField>
          <Button type="submit" variant="outline">
            Apply
          </Button>
        </form>
      ) : null}
      {!b ? (
        <Card>
          <EmptyState title="No balances while a filter is not valid">
            <span role="alert">{firstError(params.errors ?? {})}</span>
          </EmptyState>
        </Card>
      ) : b.current.length === 0 ? (
        <Card>
          <EmptyState title="No balances reported yet">
            The card platform reports each program&apos;s balances per asset; they appear here.
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card>
            <CardHeader title="Current balances" />
            <DataTable
              aria-label="Current balances"
              columns={[
                !partner && "Program",
                "Asset",
                <Th key="balance" className="text-right">
                  Balance
                </Th>,
                "As of (UTC)",
              ]}
              rows={b.current}
            >
              {(c) => (
                <tr key={`${c.programId}-${c.asset}`}>
                  {!partner ? <Td>{c.programName}</Td> : null}
                  <Td className="font-medium">{c.asset}</Td>
                  <Td className="text-right tabular-nums">{formatMoney(c.amount, c.asset)}</Td>
                  <Td className="tabular-nums text-slate-600">
                    <Time value={c.asOf} />
                  </Td>
                </tr>
              )}
            </DataTable>
          </Card>
          <Card>
            <CardHeader
              title="Over time"
              description={
                program || partner
                  ? "Each day's closing balance."
                  : "Each day's closing balance, summed over the programs."
              }
            />
            {b.history.some((h) => h.points.length) ? (
              <CardBody className="grid gap-6 md:grid-cols-2">
                {b.history
                  .filter((h) => h.points.length)
                  .map((h) => (
                    <BarChart
                      key={h.asset}
                      label={h.asset}
                      unit={h.asset}
                      points={h.points.map((p) => ({ x: p.day, y: p.amount }))}
                    />
                  ))}
              </CardBody>
            ) : (
              <EmptyState title="No balance reported in the last 90 days" />
            )}
          </Card>
        </div>
      )}
    </>
  );
}
