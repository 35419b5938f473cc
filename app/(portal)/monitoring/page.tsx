import type { Metadata } from "next";
import { ProgramTabs } from "@/components/shell/program-tabs";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { BarChart } from "@/components/ui/bar-chart";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { DataTable } from "@/components/ui/data-table";
import { FilterField, FilterInput } from "@/components/ui/filter-bar";
import { Td, Th } from "@/components/ui/table";
import { orNotFound } from "@/lib/auth/page-helpers";
import { programBound } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { firstError, parseListParams, type SearchParamsProps } from "@/lib/list-params";
import {
  OVERVIEW_FILTER_KEYS,
  overviewFilterSchema,
  STATUS_LABELS,
  TRANSACTION_STATUSES,
} from "@/lib/monitoring/schemas";
import { resolveMonitoringScope } from "@/lib/monitoring/scope";
import { getOverview } from "@/lib/monitoring/overview";
import { listPrograms } from "@/lib/programs/service";
import { MonitoringTabs, ProgramSelect, STATUS_TONES, surfacesFor } from "./monitoring-tabs";
import { formatMoney, formatVolumes } from "@/lib/format/money";

export const metadata: Metadata = { title: "Monitoring" };

const VOLUME_COLUMNS = [
  <Th key="count" className="text-right">
    Transactions
  </Th>,
  <Th key="volume" className="text-right">
    Completed volume
  </Th>,
];

/** A row's transaction count and its completed volume per currency. */
function VolumeCells({ count, volume }: { count: number; volume: Record<string, string> }) {
  return (
    <>
      <Td className="text-right tabular-nums">{count.toLocaleString("en")}</Td>
      <Td className="text-right tabular-nums">{formatVolumes(volume)}</Td>
    </>
  );
}

export default async function MonitoringPage({ searchParams }: SearchParamsProps) {
  const ctx = await requireCtx();
  const params = parseListParams(overviewFilterSchema, OVERVIEW_FILTER_KEYS, await searchParams);
  const sp = params.values;
  const surfaces = await surfacesFor(ctx);
  if (!surfaces.overview) notFound();
  const filterError = params.ok ? null : firstError(params.errors);
  const filter = params.filter ?? { program: sp.program && sp.program.length <= 64 ? sp.program : undefined };
  const partner = programBound(ctx);
  // invalid filters show no totals (the controls would describe other numbers); a foreign Program is still 404
  const [o, programs] = await orNotFound(
    Promise.all([
      params.ok
        ? getOverview(ctx, params.filter)
        : resolveMonitoringScope(ctx, "transactions", filter.program).then(() => null),
      partner ? Promise.resolve([]) : listPrograms(ctx, { sort: "name" }),
    ]),
  );
  const daily = partner && surfaces.partner?.granularity === "daily";

  return (
    <>
      <ProgramTabs ctx={ctx} programId={partner ? null : filter.program} />
      <PageHeader
        title="Monitoring"
        description={`${partner ? "Your program" : filter.program ? (programs.find((p) => p.id === filter.program)?.name ?? "One program") : "All programs"}${o ? ` · ${o.from} to ${o.to} (UTC)` : ""} · ${ctx.environment}`}
      />
      <MonitoringTabs current="overview" surfaces={surfaces} program={filter.program} />
      <form className="mb-6 flex flex-wrap items-end gap-3" aria-label="Overview filters">
        {!partner ? (
          <FilterField id="program" label="Program">
            <ProgramSelect programs={programs} defaultValue={sp.program} className="min-w-48" />
          </FilterField>
        ) : null}
        <FilterInput id="from" label="From" type="date" value={sp.from ?? o?.from} />
        <FilterInput id="to" label="To" type="date" value={sp.to ?? o?.to} />
        <Button type="submit" variant="outline">
          Apply
        </Button>
        {filterError ? (
          <p className="w-full text-sm text-red-600" role="alert">
            {filterError}
          </p>
        ) : null}
      </form>

      {!o ? (
        <Card>
          <EmptyState title="No totals while a filter is not valid">
            Correct the dates above, or clear them for the last 30 days.
          </EmptyState>
        </Card>
      ) : o.count === 0 ? (
        <Card>
          <EmptyState title="No transactions in this range">
            Transactions reported by the card platform appear here within seconds. Try a wider date range
            {!partner ? " or another program" : ""}.
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Card>
              <CardBody>
                <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Transactions</p>
                <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid="total-count">
                  {o.count.toLocaleString("en")}
                </p>
              </CardBody>
            </Card>
            {o.currencies.slice(0, 3).map((c) => (
              <Card key={c.currency}>
                <CardBody>
                  <p className="text-xs font-medium uppercase tracking-wide text-slate-500">
                    Completed volume · {c.currency}
                  </p>
                  <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">
                    {formatMoney(c.volume, c.currency)}
                  </p>
                  <p className="text-xs text-slate-500">
                    {c.byStatus.completed.count.toLocaleString("en")} completed of {c.count.toLocaleString("en")}
                  </p>
                </CardBody>
              </Card>
            ))}
          </div>
          {o.currencies.length > 3 ? (
            <p className="-mt-3 text-xs text-slate-500">
              Also:{" "}
              {o.currencies
                .slice(3)
                .map((c) => formatMoney(c.volume, c.currency))
                .join(" · ")}{" "}
              (completed volume)
            </p>
          ) : null}

          <Card>
            <CardHeader
              title="By status"
              description="Count of every transaction in the range; volume counts completed ones only."
            />
            <CardBody className="flex flex-wrap gap-3">
              {TRANSACTION_STATUSES.map((st) => (
                <span key={st} className="flex items-center gap-2 text-sm" data-testid={`status-${st}`}>
                  <Badge tone={STATUS_TONES[st]}>{STATUS_LABELS[st]}</Badge>
                  <span className="tabular-nums font-medium">{o.byStatus[st].toLocaleString("en")}</span>
                </span>
              ))}
            </CardBody>
          </Card>

          <Card>
            <CardHeader
              title="Completed volume per day"
              description={
                o.currencies.length > 4
                  ? `The ${Math.min(4, o.currencies.length)} currencies with the most transactions.`
                  : undefined
              }
            />
            <CardBody className="grid gap-6 md:grid-cols-2">
              {o.currencies.slice(0, 4).map((c) => (
                <BarChart
                  key={c.currency}
                  label={c.currency}
                  unit={c.currency}
                  points={o.series.map((d) => ({ x: d.day, y: d.volume[c.currency] ?? "0" }))}
                />
              ))}
            </CardBody>
          </Card>

          {daily ? (
            <Card>
              <CardHeader
                title="Daily totals"
                description="Your Tenant shares daily aggregates with you, not individual transactions."
              />
              <DataTable
                columns={["Day (UTC)", ...VOLUME_COLUMNS]}
                rows={[...o.series].reverse().filter((d) => d.count > 0)}
              >
                {(d) => (
                  <tr key={d.day}>
                    <Td className="tabular-nums">{d.day}</Td>
                    <VolumeCells count={d.count} volume={d.volume} />
                  </tr>
                )}
              </DataTable>
            </Card>
          ) : null}

          {!partner ? (
            <Card>
              <CardHeader title="Per program" />
              <DataTable columns={["Program", ...VOLUME_COLUMNS, <Th key="links" />]} rows={o.programs}>
                {(p) => (
                  <tr key={p.programId}>
                    <Td>
                      <Link
                        href={`/monitoring?program=${p.programId}&from=${o.from}&to=${o.to}`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {p.name}
                      </Link>
                    </Td>
                    <VolumeCells count={p.count} volume={p.volume} />
                    <Td className="text-right">
                      <Link
                        href={`/monitoring/transactions?program=${p.programId}&from=${o.from}&to=${o.to}`}
                        className="text-sm text-brand-700 hover:underline"
                      >
                        Transactions →
                      </Link>
                    </Td>
                  </tr>
                )}
              </DataTable>
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
}
