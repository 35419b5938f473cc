import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterBar, FilterInput, FilterSelect, InvalidFilterNotice } from "@/components/ui/filter-bar";
import { Options } from "@/components/ui/form";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { ApiRequestDto } from "@/lib/am-api/request-log-view";

const OUTCOME_LABELS = {
  success: "Succeeded",
  client_error: "Client errors (4xx)",
  server_error: "Server errors (5xx)",
};

const statusTone = (s: number) => (s < 300 ? "green" : s < 500 ? "amber" : "red");

/**
 * The API user's Account Management API calls (30 days), filtered by outcome, method, path and request id: what
 * a Tenant's developer needs to debug an integration (the X-Request-Id of an answer finds its line here).
 */
export function RequestLog(props: {
  apiUserId: string;
  requests: ApiRequestDto[];
  nextCursor: string | null;
  values: Record<string, string>;
  query: URLSearchParams;
  error: string | null;
}) {
  const { apiUserId, requests, nextCursor, values, query, error } = props;
  const base = `/api-users/${apiUserId}`;
  return (
    <Card aria-label="API request log" id="requests">
      <CardHeader
        title="API requests"
        description="Every Account Management API call of this API user in the last 30 days, newest first. Bodies are never kept."
      />
      <FilterBar
        label="Filter API requests"
        columns="sm:grid-cols-[auto_auto_1fr_1fr_auto]"
        action={`${base}#requests`}
        resetHref={`${base}#requests`}
        filtered={query.size > 0}
      >
        <FilterSelect id="outcome" label="Outcome" value={values.outcome}>
          <Options any="All" values={["success", "client_error", "server_error"]} label={OUTCOME_LABELS} />
        </FilterSelect>
        <FilterSelect id="method" label="Method" value={values.method}>
          <Options any="All" values={["GET", "POST", "PATCH", "DELETE"]} />
        </FilterSelect>
        <FilterInput id="path" label="Path" placeholder="/am/v1/programs" value={values.path} />
        <FilterInput id="requestId" label="Request id" placeholder="X-Request-Id" value={values.requestId} />
      </FilterBar>
      {error ? (
        <InvalidFilterNotice error={error} what="requests" />
      ) : (
        <DataTable
          columns={["Time (UTC)", "Request", "Status", "Latency", "IP", "Request id"]}
          rows={requests}
          empty={
            <EmptyState title="No API requests">
              {query.size
                ? "None match these filters in the last 30 days."
                : "Calls to the Account Management API with this API user's credentials appear here."}
            </EmptyState>
          }
        >
          {(r) => (
            <tr key={r.id}>
              <Td className="whitespace-nowrap tabular-nums text-slate-600">
                <Time value={r.createdAt} format="seconds" />
              </Td>
              <Td className="font-mono text-xs">
                <span className="font-semibold">{r.method}</span> {r.path}
                {r.idempotencyKey ? (
                  <span className="block text-slate-500">Idempotency-Key {r.idempotencyKey}</span>
                ) : null}
              </Td>
              <Td className="whitespace-nowrap">
                <Badge tone={statusTone(r.status)}>{r.status}</Badge>
                {r.errorCode ? <span className="ml-1 font-mono text-xs text-slate-600">{r.errorCode}</span> : null}
              </Td>
              <Td className="whitespace-nowrap tabular-nums text-slate-600">{r.latencyMs} ms</Td>
              <Td className="font-mono text-xs text-slate-600">{r.ip ?? "—"}</Td>
              <Td className="font-mono text-xs">
                <CopyableValue value={r.requestId} what={`request id ${r.requestId}`} nowrap>
                  {r.requestId.slice(0, 8)}…
                </CopyableValue>
              </Td>
            </tr>
          )}
        </DataTable>
      )}
      <KeysetPager path={base} hash="#requests" query={query} cursor={values.cursor} nextCursor={nextCursor} />
    </Card>
  );
}
