import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { getRequestForReview } from "@/lib/requests/service";
import { RequestDecision } from "./request-decision";

export const metadata: Metadata = { title: "Review request" };

export default async function ReviewRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireCtx();
  const { id } = await params;
  const r = await orNotFound(getRequestForReview(ctx, id));
  const title = r.kind === "sms_sender_id" ? `SMS sender ID: ${String(r.payload.senderId)}` : `Deposit address type: ${String(r.payload.addressType)}`;
  return (
    <>
      <PageHeader title={title} description={`${r.tenantName} · ${r.programName} · submitted by ${r.submittedBy}`}>
        <Link href="/staff" className="text-sm text-slate-500 hover:text-slate-800">← Review queue</Link>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Request" actions={<Badge tone={r.status === "approved" ? "green" : r.status === "rejected" ? "red" : "amber"}>{r.status.replace("_", " ")}</Badge>} />
          <CardBody>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
              {Object.entries(r.payload).map(([k, v]) => <Fragment key={k}><dt className="text-slate-500">{k}</dt><dd>{Array.isArray(v) ? v.join(", ") : String(v)}</dd></Fragment>)}
            </dl>
          </CardBody>
        </Card>
        {["submitted", "in_review"].includes(r.status) ? <RequestDecision id={r.id} status={r.status} updatedAt={r.updatedAt.toISOString()} /> : null}
      </div>
    </>
  );
}
