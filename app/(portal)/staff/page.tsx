import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Label, Select } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { firstError, parseListParams, type SearchParamsProps } from "@/lib/list-params";
import {
  listQueueTenants,
  listStaffQueue,
  QUEUE_FILTER_KEYS,
  QUEUE_STATUSES,
  QUEUE_TYPES,
  queueFilterSchema,
  type QueueType,
} from "@/lib/staff/queue";

export const metadata: Metadata = { title: "Review queue" };

type Params = { status?: string; tenant?: string; type?: string };
/** The filters' human names: "pending" holds submitted and in-review requests alike. */
const FILTER_LABELS: Record<string, string> = {
  pending: "Awaiting decision",
  approved: "Approved",
  rejected: "Rejected",
};
const href = (p: Params) =>
  `/staff?${new URLSearchParams(Object.entries(p).filter(([, v]) => v) as [string, string][])}`;

/** The staff queue: every request type across Tenants in one list, oldest first, filtered by status, tenant and type. */
export default async function StaffPage({ searchParams }: SearchParamsProps) {
  const ctx = await requireCtx();
  const params = parseListParams(queueFilterSchema, QUEUE_FILTER_KEYS, await searchParams);
  const tenants = await orNotFound(listQueueTenants(ctx));
  const errors = { ...params.errors };
  // a tenant not in the list would show as "All tenants" in its control while filtering by it: say so instead
  if (params.filter?.tenant && !tenants.some((t) => t.id === params.filter.tenant))
    errors.tenant = "No tenant with this id: choose one from the list.";
  const error = Object.keys(errors).length ? firstError(errors) : null;
  const status = params.filter?.status ?? "pending";
  const tenant = params.values.tenant ?? "";
  const type = params.values.type ?? "";
  // an invalid filter lists nothing, with the error, rather than a queue the controls do not describe
  const { rows, truncated } =
    error || !params.filter ? { rows: [], truncated: false } : await orNotFound(listStaffQueue(ctx, params.filter));
  const filtered = Boolean(tenant || type);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Review queue"
        description="Requests from all Tenants that need an Axys decision, oldest first."
      />
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <nav className="flex gap-2 text-sm" aria-label="Filter by status">
          {QUEUE_STATUSES.map((s) => (
            <Link
              key={s}
              href={href({ status: s, tenant, type })}
              aria-current={s === status ? "page" : undefined}
              className={`rounded-md px-3 py-1 ${s === status ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {FILTER_LABELS[s] ?? s}
            </Link>
          ))}
        </nav>
        <form method="get" action="/staff" className="flex flex-wrap items-end gap-2" aria-label="Filter the queue">
          <input type="hidden" name="status" value={status} />
          <div className="space-y-1">
            <Label htmlFor="queue-tenant">Tenant</Label>
            <Select id="queue-tenant" name="tenant" defaultValue={tenant}>
              <option value="">All tenants</option>
              {tenants.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="space-y-1">
            <Label htmlFor="queue-type">Request type</Label>
            <Select id="queue-type" name="type" defaultValue={type}>
              <option value="">All types</option>
              {(Object.entries(QUEUE_TYPES) as [QueueType, string][]).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit" variant="outline">
            Filter
          </Button>
          {filtered ? (
            <Link href={href({ status })} className="px-2 py-2 text-sm text-slate-500 hover:text-slate-800">
              Clear
            </Link>
          ) : null}
        </form>
      </div>
      {error ? (
        <p className="mb-3 text-sm text-red-600" role="alert">
          {error}
        </p>
      ) : null}
      <Card>
        {error ? (
          <EmptyState title="No requests listed while a filter is not valid">
            Choose a status, tenant and type from the lists, or clear the filters.
          </EmptyState>
        ) : rows.length === 0 ? (
          <EmptyState
            title={
              status === "pending" && !filtered
                ? "Nothing waiting for review"
                : `No ${(FILTER_LABELS[status] ?? status).toLowerCase()} requests${filtered ? " match these filters" : ""}`
            }
          >
            Card designs, SMS sender ID applications and deposit address type requests appear here when Tenants submit
            them.
          </EmptyState>
        ) : (
          <DataTable columns={["Type", "Request", "Tenant", "Program", "Submitted", "Status"]} rows={rows}>
            {(r) => (
              <tr key={`${r.type}:${r.id}`} data-type={r.type}>
                <Td className="whitespace-nowrap text-slate-600">{QUEUE_TYPES[r.type]}</Td>
                <Td>
                  <div className="flex items-start gap-3">
                    {r.thumbnail ? (
                      <img
                        src={r.thumbnail}
                        alt=""
                        className="h-12 w-[76px] shrink-0 rounded object-cover ring-1 ring-slate-200"
                      />
                    ) : null}
                    <div>
                      <Link className="font-medium text-brand-700 hover:underline" href={r.href}>
                        {r.title}
                      </Link>
                      {r.detail ? <div className="text-xs text-slate-500">{r.detail}</div> : null}
                    </div>
                  </div>
                </Td>
                <Td>{r.tenantName}</Td>
                <Td>{r.programName}</Td>
                <Td className="whitespace-nowrap text-slate-600">
                  <Time value={r.submittedAt} relativeTo={now} />
                </Td>
                <Td>
                  <StatusBadge status={r.status} />
                </Td>
              </tr>
            )}
          </DataTable>
        )}
      </Card>
      {truncated ? (
        <p className="mt-2 text-xs text-slate-500">
          Showing the oldest {rows.length}; narrow the list with the filters to see more.
        </p>
      ) : null}
    </>
  );
}
