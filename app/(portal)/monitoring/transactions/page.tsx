import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Options } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { DataTable } from "@/components/ui/data-table";
import { DownloadButton } from "@/components/ui/download-button";
import { FilterBar, FilterField, FilterInput, FilterSelect } from "@/components/ui/filter-bar";
import { Td, Th } from "@/components/ui/table";
import { orNotFound } from "@/lib/auth/page-helpers";
import { programBound } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { firstError, parseListParams, type SearchParamsProps } from "@/lib/list-params";
import {
  DEFAULT_PAGE_SIZE,
  PAGE_SIZES,
  SORT_LABELS,
  STATUS_LABELS,
  TRANSACTION_FILTER_KEYS,
  TRANSACTION_STATUSES,
  TRANSACTION_TYPES,
  transactionFilterSchema,
  TYPE_LABELS,
  type TransactionSort,
} from "@/lib/monitoring/schemas";
import { resolveMonitoringScope } from "@/lib/monitoring/scope";
import { countTransactions, listTransactions } from "@/lib/monitoring/transactions";
import { listPrograms } from "@/lib/programs/service";
import { MonitoringTabs, ProgramSelect, STATUS_TONES, surfacesFor } from "../monitoring-tabs";
import { formatMoney } from "@/lib/format/money";
import { CopyableValue } from "@/components/ui/copyable-value";

export const metadata: Metadata = { title: "Transactions" };

/** Filters with a control of their own; an error on any other key (sort, cursor) shows above the table. */
const CONTROLLED = new Set(["program", "from", "to", "status", "type", "min", "max", "q", "size"]);

export default async function TransactionsPage({ searchParams }: SearchParamsProps) {
  const ctx = await requireCtx();
  const sp = await searchParams;
  const surfaces = await surfacesFor(ctx);
  if (!surfaces.transactions) notFound();
  const partner = programBound(ctx);
  const params = parseListParams(transactionFilterSchema, TRANSACTION_FILTER_KEYS, sp);
  const v = params.values;
  const errors = params.errors ?? {};
  const program = params.filter?.program ?? (v.program && v.program.length <= 64 ? v.program : undefined);
  // invalid filters list nothing at all; a foreign or hidden Program still answers 404 first, like a missing one
  const [result, programs] = await orNotFound(
    Promise.all([
      params.ok
        ? Promise.all([listTransactions(ctx, params.filter), countTransactions(ctx, params.filter)])
        : resolveMonitoringScope(ctx, "transaction_list", program).then(() => null),
      partner ? Promise.resolve([]) : listPrograms(ctx, { sort: "name" }),
    ]),
  );
  const [page, total] = result ?? [null, null];
  const sort: TransactionSort = params.filter?.sort ?? "date_desc";
  const query = params.query;
  const link = (changes: Record<string, string | null>) => {
    const q = new URLSearchParams(query);
    for (const [k, val] of Object.entries(changes))
      if (val === null) q.delete(k);
      else q.set(k, val);
    return `/monitoring/transactions?${q}`;
  };
  const filtered = [...query.keys()].some((k) => !["program", "sort", "size"].includes(k));
  const sortHeader = (column: "date" | "amount", label: string, className?: string) => {
    const active = sort.startsWith(column);
    const next = `${column}_${active && sort.endsWith("_desc") ? "asc" : "desc"}`;
    return (
      <Th className={className} aria-sort={active ? (sort.endsWith("_desc") ? "descending" : "ascending") : "none"}>
        <Link
          href={link({ sort: next === "date_desc" ? null : next })}
          className="inline-flex items-center gap-1 hover:text-slate-800"
        >
          {label}
          {active ? <span aria-hidden>{sort.endsWith("_desc") ? "↓" : "↑"}</span> : null}
          <span className="sr-only">{`, sort ${next.endsWith("_desc") ? (column === "date" ? "newest" : "largest") : column === "date" ? "oldest" : "smallest"} first`}</span>
        </Link>
      </Th>
    );
  };
  const otherErrors = Object.entries(errors)
    .filter(([k]) => !CONTROLLED.has(k))
    .map(([, m]) => m);
  /** A filter control's id, label, given value and error. */
  const filter = (id: string, label: string) => ({ id, label, value: v[id], error: errors[id] });

  return (
    <>
      <PageHeader
        title="Transactions"
        description={`${SORT_LABELS[sort]} · ${ctx.environment}${partner ? " · cardholder references masked" : ""}`}
        actions={
          // nothing to export (invalid filters, or no transaction matches): no button that downloads an empty file
          total && total.count > 0 ? (
            <DownloadButton href={`/monitoring/transactions/export?${query}`}>Export CSV</DownloadButton>
          ) : null
        }
      />
      <MonitoringTabs current="transactions" surfaces={surfaces} program={program} />
      <Card>
        <FilterBar
          label="Filter transactions"
          columns="sm:grid-cols-4"
          resetHref="/monitoring/transactions"
          filtered={query.size > 0}
          note="Amounts are in each transaction's own currency."
        >
          {!partner ? (
            <FilterField id="program" label="Program" error={errors.program}>
              <ProgramSelect programs={programs} defaultValue={v.program} />
            </FilterField>
          ) : null}
          <FilterInput {...filter("from", "From")} type="date" />
          <FilterInput {...filter("to", "To")} type="date" />
          <FilterSelect {...filter("status", "Status")}>
            <Options any="Any status" values={TRANSACTION_STATUSES} label={STATUS_LABELS} />
          </FilterSelect>
          <FilterSelect {...filter("type", "Type")}>
            <Options any="Any type" values={TRANSACTION_TYPES} label={TYPE_LABELS} />
          </FilterSelect>
          <FilterInput {...filter("min", "Amount from")} inputMode="decimal" placeholder="0.00" />
          <FilterInput {...filter("max", "Amount to")} inputMode="decimal" placeholder="any" />
          <FilterInput
            {...filter("q", "Search")}
            placeholder={
              !partner || surfaces.partner?.includeMerchant ? "Merchant, reference or id" : "Reference or id"
            }
          />
          <FilterSelect {...filter("size", "Rows per page")} value={v.size ?? String(DEFAULT_PAGE_SIZE)}>
            <Options values={PAGE_SIZES.map(String)} />
          </FilterSelect>
          {sort !== "date_desc" ? <input type="hidden" name="sort" value={sort} /> : null}
        </FilterBar>
        {!page ? (
          <div className="px-5 py-6 text-sm" role="status" data-testid="filter-errors">
            {otherErrors.map((m) => (
              <p key={m} className="mb-2 text-red-600" role="alert">
                {m}
              </p>
            ))}
            <p className="text-slate-600">
              No transactions are listed while a filter is not valid: {firstError(errors)} Correct it or reset the
              filters.
            </p>
          </div>
        ) : page.transactions.length === 0 ? (
          <EmptyState title={filtered ? "No transactions match" : "No transactions yet"}>
            {filtered ? "Widen the filters or reset them." : "Transactions reported by the card platform appear here."}
          </EmptyState>
        ) : (
          <>
            <p className="px-5 pt-3 text-sm text-slate-600" data-testid="transaction-count">
              {total!.capped
                ? `More than ${total!.count.toLocaleString("en")} transactions`
                : `${total!.count.toLocaleString("en")} transaction${total!.count === 1 ? "" : "s"}`}
              {filtered ? " match the filters" : ""}
            </p>
            <DataTable
              aria-label="Transactions"
              columns={[
                sortHeader("date", "Time (UTC)"),
                !partner && "Program",
                "Type",
                "Status",
                sortHeader("amount", "Amount", "text-right"),
                "Card",
                page.merchantShown && "Merchant",
                "Reference",
              ]}
              rows={page.transactions}
            >
              {(t) => (
                <tr key={t.id}>
                  <Td className="whitespace-nowrap tabular-nums" title={t.id}>
                    <Link
                      href={`/monitoring/transactions/${encodeURIComponent(t.id)}`}
                      className="text-brand-700 hover:underline"
                    >
                      <Time value={t.createdAt} format="seconds" />
                    </Link>
                  </Td>
                  {!partner ? <Td className="whitespace-nowrap">{t.programName}</Td> : null}
                  <Td className="whitespace-nowrap">{TYPE_LABELS[t.type]}</Td>
                  <Td>
                    <Badge tone={STATUS_TONES[t.status]}>{STATUS_LABELS[t.status]}</Badge>
                  </Td>
                  <Td className="whitespace-nowrap text-right tabular-nums">{formatMoney(t.amount, t.currency)}</Td>
                  <Td className="whitespace-nowrap font-mono text-xs text-slate-600">
                    •••• {t.cardLast4}
                    <span className="block text-slate-500">{t.cardholderRef}</span>
                  </Td>
                  {page.merchantShown ? (
                    <Td>
                      {t.merchantName ?? "—"}
                      {t.merchantCountry ? (
                        <span className="ml-1 text-xs text-slate-500">{t.merchantCountry}</span>
                      ) : null}
                    </Td>
                  ) : null}
                  <Td className="whitespace-nowrap text-xs text-slate-600">
                    {t.reference ? <CopyableValue value={t.reference} what={`reference ${t.reference}`} nowrap /> : "—"}
                  </Td>
                </tr>
              )}
            </DataTable>
          </>
        )}
        {page && (page.nextCursor || v.cursor) ? (
          <nav className="flex justify-between px-5 py-3 text-sm" aria-label="Pages">
            {v.cursor ? (
              <Link href={link({})} className="text-brand-700 hover:underline">
                ← First page
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Link href={link({ cursor: page.nextCursor })} className="text-brand-700 hover:underline">
                Next page →
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
