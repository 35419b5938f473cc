import type { Metadata } from "next";
import { Fragment } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { getRequestForReview } from "@/lib/requests/service";
import { RequestDecision } from "./request-decision";

export const metadata: Metadata = { title: "Review request" };

/** Human labels of the request payloads' fields; a field without one shows its name rather than being hidden. */
const FIELD_LABELS: Record<string, string> = {
  senderId: "Sender ID",
  countries: "Countries",
  useDescription: "What the messages are for",
  addressType: "Address type",
  mode: "Mode",
  replaces: "Replaces",
  justification: "Justification",
};
const VALUE_LABELS: Record<string, Record<string, string>> = {
  mode: { additional: "Additional type", substitute: "Substitutes a default type" },
};
const show = (k: string, v: unknown) => (Array.isArray(v) ? v.join(", ") : (VALUE_LABELS[k]?.[String(v)] ?? String(v)));

export default async function ReviewRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireCtx();
  const { id } = await params;
  const r = await orNotFound(getRequestForReview(ctx, id));
  const what =
    r.kind === "sms_sender_id"
      ? `SMS sender ID ${String(r.payload.senderId)}`
      : `deposit address type ${String(r.payload.addressType)}`;
  const title =
    r.kind === "sms_sender_id"
      ? `SMS sender ID: ${String(r.payload.senderId)}`
      : `Deposit address type: ${String(r.payload.addressType)}`;
  return (
    <>
      <PageHeader
        title={title}
        description={
          <>
            {r.tenantName} · {r.programName} · submitted by {r.submittedBy} on <Time value={r.submittedAt} />
          </>
        }
        back={{ href: "/staff", label: "Review queue" }}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Request" actions={<StatusBadge status={r.status} />} />
          <CardBody>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
              {Object.entries(r.payload).map(([k, v]) => (
                <Fragment key={k}>
                  <dt className="text-slate-500">{FIELD_LABELS[k] ?? k}</dt>
                  <dd className="min-w-0 break-words">{show(k, v)}</dd>
                </Fragment>
              ))}
            </dl>
          </CardBody>
        </Card>
        {["submitted", "in_review"].includes(r.status) ? (
          <RequestDecision id={r.id} status={r.status} updatedAt={r.updatedAt.toISOString()} what={what} />
        ) : null}
      </div>
    </>
  );
}
