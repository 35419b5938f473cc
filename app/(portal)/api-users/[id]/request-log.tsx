import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";
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
  const next = new URLSearchParams(query);
  if (nextCursor) next.set("cursor", nextCursor);
  return (
    <Card aria-label="API request log" id="requests">
      <CardHeader
        title="API requests"
        description="Every Account Management API call of this API user in the last 30 days, newest first. Bodies are never kept."
      />
      <form
        action={`${base}#requests`}
        className="grid gap-3 border-b border-slate-100 px-5 py-3 sm:grid-cols-[auto_auto_1fr_1fr_auto]"
        aria-label="Filter API requests"
      >
        <div>
          <label htmlFor="outcome" className="mb-1 block text-xs font-medium text-slate-600">
            Outcome
          </label>
          <Select id="outcome" name="outcome" defaultValue={values.outcome ?? ""}>
            <option value="">All</option>
            <option value="success">Succeeded</option>
            <option value="client_error">Client errors (4xx)</option>
            <option value="server_error">Server errors (5xx)</option>
          </Select>
        </div>
        <div>
          <label htmlFor="method" className="mb-1 block text-xs font-medium text-slate-600">
            Method
          </label>
          <Select id="method" name="method" defaultValue={values.method ?? ""}>
            <option value="">All</option>
            {["GET", "POST", "PATCH", "DELETE"].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="path" className="mb-1 block text-xs font-medium text-slate-600">
            Path
          </label>
          <Input id="path" name="path" placeholder="/am/v1/programs" defaultValue={values.path ?? ""} />
        </div>
        <div>
          <label htmlFor="requestId" className="mb-1 block text-xs font-medium text-slate-600">
            Request id
          </label>
          <Input id="requestId" name="requestId" placeholder="X-Request-Id" defaultValue={values.requestId ?? ""} />
        </div>
        <div className="flex items-end gap-2">
          <Button type="submit" variant="outline">
            Filter
          </Button>
          {query.size ? (
            <Button variant="ghost" asChild>
              <Link href={`${base}#requests`}>Reset</Link>
            </Button>
          ) : null}
        </div>
      </form>
      {error ? (
        <>
          <p className="px-5 pt-3 text-sm text-red-600" role="alert">
            {error}
          </p>
          <p className="px-5 py-6 text-sm text-slate-600">
            No requests are listed while a filter is not valid: correct it or reset the filters.
          </p>
        </>
      ) : requests.length === 0 ? (
        <EmptyState title="No API requests">
          {query.size
            ? "None match these filters in the last 30 days."
            : "Calls to the Account Management API with this API user's credentials appear here."}
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Time (UTC)</Th>
              <Th>Request</Th>
              <Th>Status</Th>
              <Th>Latency</Th>
              <Th>IP</Th>
              <Th>Request id</Th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
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
            ))}
          </tbody>
        </Table>
      )}
      {nextCursor || values.cursor ? (
        <div className="flex justify-between px-5 py-3 text-sm">
          {values.cursor ? (
            <Link href={`${base}?${query}#requests`} className="text-brand-700 hover:underline">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {nextCursor ? (
            <Link href={`${base}?${next}#requests`} className="text-brand-700 hover:underline">
              Older →
            </Link>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
