import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterBar, FilterInput, FilterSelect, InvalidFilterNotice } from "@/components/ui/filter-bar";
import { Options } from "@/components/ui/form";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { PageHeader } from "@/components/ui/page-header";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { DownloadButton } from "@/components/ui/download-button";
import { AUDIT_FILTER_KEYS, auditFilterSchema } from "@/lib/audit/schemas";
import { listAuditActions, listAuditEvents } from "@/lib/audit/service";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { firstError, parseListParams, type SearchParamsProps } from "@/lib/list-params";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: SearchParamsProps) {
  const ctx = await requireCtx();
  const params = parseListParams(auditFilterSchema, AUDIT_FILTER_KEYS, await searchParams);
  const sp = params.values;
  const filterError = params.ok ? null : firstError(params.errors);
  // an invalid filter lists nothing (and offers no export) rather than events the controls do not describe
  const [{ events, nextCursor }, actions] = await orNotFound(
    Promise.all([
      params.ok ? listAuditEvents(ctx, params.filter) : Promise.resolve({ events: [], nextCursor: null }),
      listAuditActions(ctx),
    ]),
  );
  const query = params.query;

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and every sign-in: who, what, when, from where, before and after."
        actions={
          // nothing to export (invalid filters, or no event matches): no button that downloads an empty file
          params.ok && events.length > 0 ? (
            <DownloadButton href={`/audit/export?${query}`}>Export CSV</DownloadButton>
          ) : null
        }
      />
      <Card>
        <FilterBar
          label="Filter audit events"
          columns="sm:grid-cols-[1fr_1fr_auto_auto_auto]"
          resetHref="/audit"
          filtered={query.size > 0}
        >
          <FilterSelect id="action" label="Action" value={sp.action}>
            <Options any="All actions" values={actions} />
          </FilterSelect>
          <FilterInput id="actor" label="Actor" placeholder="Email contains…" value={sp.actor} />
          <FilterInput id="from" label="From" type="date" value={sp.from} />
          <FilterInput id="to" label="To" type="date" value={sp.to} />
        </FilterBar>
        {filterError ? (
          <InvalidFilterNotice error={filterError} what="events" />
        ) : (
          <DataTable
            columns={["Time (UTC)", "Actor", "Action", "Target", "IP", "Change"]}
            rows={events}
            empty={
              <EmptyState title="No audit events match">
                {query.size ? "Widen the filters or reset them." : "Changes and sign-ins will appear here."}
              </EmptyState>
            }
          >
            {(e) => (
              <tr key={e.id}>
                <Td className="whitespace-nowrap tabular-nums text-slate-600">
                  <Time value={e.createdAt} format="seconds" />
                </Td>
                <Td>{e.actorLabel}</Td>
                <Td>
                  <code className="font-mono text-xs">{e.action}</code>
                </Td>
                <Td className="font-mono text-xs text-slate-600">
                  {e.targetType && e.targetId ? (
                    <CopyableValue
                      value={e.targetId}
                      what={`${e.targetType} id ${e.targetId}`}
                      nowrap
                    >{`${e.targetType}:${e.targetId}`}</CopyableValue>
                  ) : e.targetType ? (
                    `${e.targetType}:`
                  ) : (
                    "—"
                  )}
                </Td>
                <Td className="font-mono text-xs text-slate-600" title={e.userAgent ?? undefined}>
                  {e.ip ?? "—"}
                </Td>
                <Td className="max-w-sm">
                  {e.before || e.after ? (
                    <details>
                      <summary className="cursor-pointer text-xs text-brand-700">Details</summary>
                      {e.before ? (
                        <pre tabIndex={0} className="mt-1 overflow-x-auto rounded bg-red-50 p-2 text-[11px]">
                          − {e.before}
                        </pre>
                      ) : null}
                      {e.after ? (
                        <pre tabIndex={0} className="mt-1 overflow-x-auto rounded bg-emerald-50 p-2 text-[11px]">
                          + {e.after}
                        </pre>
                      ) : null}
                    </details>
                  ) : (
                    <span className="text-slate-500">—</span>
                  )}
                </Td>
              </tr>
            )}
          </DataTable>
        )}
        <KeysetPager path="/audit" query={query} cursor={sp.cursor} nextCursor={nextCursor} />
      </Card>
    </>
  );
}
