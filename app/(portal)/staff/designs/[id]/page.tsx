import type { Metadata } from "next";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { designKindLabel } from "@/lib/card-designs/schemas";
import { getDesignForReview } from "@/lib/card-designs/service";
import { ReviewForm } from "./review-form";
import { Detail } from "@/components/ui/details";

export const metadata: Metadata = { title: "Review card design" };

export default async function ReviewDesignPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireCtx();
  const d = await orNotFound(getDesignForReview(ctx, (await params).id));
  return (
    <>
      <PageHeader
        title={`Card design: ${d.name}`}
        description={`${d.tenantName} · ${d.programName} · slot ${d.slot}, version ${d.version}`}
        back={{ href: "/staff", label: "Review queue" }}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <div className="flex items-center justify-center rounded-lg bg-slate-100 p-4">
            <img
              src={`/designs/artwork/${d.id}`}
              alt={`Artwork of ${d.name}`}
              className="max-h-[70vh] w-full rounded-xl object-contain shadow"
            />
          </div>
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Details" actions={<StatusBadge status={d.status} />} />
            <CardBody>
              <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
                <Detail term="Type">{designKindLabel(d)}</Detail>
                <Detail term="Pixels">
                  {d.width} x {d.height}
                </Detail>
                <Detail term="Submitted">
                  {d.submittedBy}, <Time value={d.submittedAt} />
                </Detail>
                {d.notes ? <Detail term="Notes">{d.notes}</Detail> : null}
              </dl>
              <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Automatic checks</h3>
              <ul className="mt-1 space-y-0.5 text-sm">
                {d.checks.map((c) => (
                  <li key={c.rule}>
                    {c.ok ? "✓" : "✗"} {c.rule}: <span className="text-slate-600">{c.detail}</span>
                  </li>
                ))}
              </ul>
            </CardBody>
          </Card>
          {d.status === "pending" ? (
            <ReviewForm designId={d.id} name={d.name} />
          ) : (
            <Card>
              <CardBody className="text-sm">
                Reviewed by {d.reviewedBy}
                {d.rejectionLabel ? `: ${d.rejectionLabel}${d.rejectionNote ? ` (${d.rejectionNote})` : ""}` : ""}.
              </CardBody>
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
