import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { listReviewQueue } from "@/lib/card-designs/service";
import { listRequestQueue } from "@/lib/requests/service";

export const metadata: Metadata = { title: "Review queue" };

/** The staff queue across Tenants. Request types register here (card designs now; SMS sender IDs and deposit address types later). */
export default async function StaffPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const ctx = await requireCtx();
  const { status = "pending" } = await searchParams;
  const items = await orNotFound(listReviewQueue(ctx, { status: ["pending", "approved", "rejected"].includes(status) ? status : "pending" }));
  const requests = await orNotFound(listRequestQueue(ctx, status === "pending" ? ["submitted", "in_review"] : [status]));
  return (
    <>
      <PageHeader title="Review queue" description="Requests from all Tenants that need an Axys decision, oldest first." />
      <nav className="mb-3 flex gap-2 text-sm" aria-label="Filter by status">
        {["pending", "approved", "rejected"].map((s) => (
          <Link key={s} href={`/staff?status=${s}`} aria-current={s === status ? "page" : undefined} className={`rounded-md px-3 py-1 ${s === status ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}>{s}</Link>
        ))}
      </nav>
      <Card>
        {items.length === 0 ? (
          <EmptyState title={status === "pending" ? "Nothing waiting for review" : `No ${status} requests`}>Card designs appear here when Tenants submit them.</EmptyState>
        ) : (
          <Table>
            <thead><tr><Th>Artwork</Th><Th>Request</Th><Th>Tenant / program</Th><Th>Submitted</Th><Th>Status</Th></tr></thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <Td><img src={`/designs/artwork/${d.id}`} alt="" className="h-12 w-[76px] rounded object-cover ring-1 ring-slate-200" /></Td>
                  <Td><Link className="font-medium text-brand-700 hover:underline" href={`/staff/designs/${d.id}`}>Card design: {d.name}</Link><div className="text-xs text-slate-500">slot {d.slot}, version {d.version}</div></Td>
                  <Td>{d.tenantName}<div className="text-xs text-slate-500">{d.programName}</div></Td>
                  <Td className="whitespace-nowrap text-slate-600">{d.submittedAt.toISOString().replace("T", " ").slice(0, 16)} UTC</Td>
                  <Td><Badge tone={d.status === "approved" ? "green" : d.status === "rejected" ? "red" : "amber"}>{d.status}</Badge></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <h2 className="mt-8 mb-3 text-base font-semibold text-slate-900">Program requests</h2>
      <Card>
        {requests.length === 0 ? <EmptyState title="No program requests">SMS sender ID applications and deposit address type requests appear here.</EmptyState> : (
          <Table>
            <thead><tr><Th>Request</Th><Th>Tenant / program</Th><Th>Submitted</Th><Th>Status</Th></tr></thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id}>
                  <Td><Link className="font-medium text-brand-700 hover:underline" href={`/staff/requests/${r.id}`}>{r.kind === "sms_sender_id" ? `SMS sender ID: ${String(r.payload.senderId)}` : `Deposit address type: ${String(r.payload.addressType)}`}</Link></Td>
                  <Td>{r.tenantName}<div className="text-xs text-slate-500">{r.programName}</div></Td>
                  <Td className="whitespace-nowrap text-slate-600">{r.submittedAt.toISOString().replace("T", " ").slice(0, 16)} UTC</Td>
                  <Td><Badge tone={r.status === "approved" ? "green" : r.status === "rejected" ? "red" : "amber"}>{r.status.replace("_", " ")}</Badge></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
