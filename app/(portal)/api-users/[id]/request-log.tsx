import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterBar, FilterField, InvalidFilterNotice } from "@/components/ui/filter-bar";
import { Input, Select } from "@/components/ui/form";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { ApiRequestDto } from "@/lib/am-api/request-log-view";

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
        <FilterField id="outcome" label="Outcome">
          <Select id="outcome" name="outcome" defaultValue={values.outcome ?? ""}>
            <option value="">All</option>
            <option value="success">Succeeded</option>
            <option value="client_error">Client errors (4xx)</option>
            <option value="server_error">Server errors (5xx)</option>
          </Select>
        </FilterField>
        <FilterField id="method" label="Method">
          <Select id="method" name="method" defaultValue={values.method ?? ""}>
            <option value="">All</option>
            {["GET", "POST", "PATCH", "DELETE"].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="path" label="Path">
          <Input id="path" name="path" placeholder="/am/v1/programs" defaultValue={values.path ?? ""} />
        </FilterField>
        <FilterField id="requestId" label="Request id">
          <Input id="requestId" name="requestId" placeholder="X-Request-Id" defaultValue={values.requestId ?? ""} />
        </FilterField>
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
