import { FileText } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { formatEffective } from "@/lib/legal/format";
import { LEGAL_KIND_DESCRIPTIONS } from "@/lib/legal/schemas";
import { listLegalDocuments } from "@/lib/legal/service";

export const metadata: Metadata = { title: "Legal" };

export default async function LegalPage() {
  const ctx = await requireCtx();
  const documents = await orNotFound(listLegalDocuments(ctx));

  return (
    <>
      <PageHeader
        title="Legal"
        description="The agreements that govern the use of the Axys platform. Acceptance of the current versions is implied by the use of the service; every earlier version stays available in each document's change history."
      />
      <ul className="grid gap-4 md:grid-cols-2" aria-label="Legal documents">
        {documents.map((d) => {
          const shown = d.current ?? d.upcoming;
          return (
            <li key={d.kind}>
              <Card className="flex h-full flex-col" data-testid={`legal-${d.kind}`}>
                <div className="flex flex-1 flex-col gap-3 px-5 py-4">
                  <div className="flex items-start gap-3">
                    <span className="mt-0.5 rounded-md bg-brand-50 p-2 text-brand-700">
                      <FileText className="h-5 w-5" aria-hidden />
                    </span>
                    <div className="min-w-0 flex-1">
                      <h2 className="text-base font-semibold text-slate-900">
                        {shown ? (
                          <Link href={`/legal/${d.kind}`} className="hover:text-brand-700 hover:underline">
                            {d.label}
                          </Link>
                        ) : (
                          d.label
                        )}
                      </h2>
                      <p className="mt-0.5 text-sm text-slate-500">{LEGAL_KIND_DESCRIPTIONS[d.kind]}</p>
                    </div>
                  </div>
                  {d.current ? (
                    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                      <dt className="text-slate-500">Version</dt>
                      <dd className="flex items-center gap-2 font-medium text-slate-900" data-testid="current-version">
                        {d.current.version} <Badge tone="green">In force</Badge>
                      </dd>
                      <dt className="text-slate-500">Effective</dt>
                      <dd className="text-slate-700">{formatEffective(d.current.effectiveAt)}</dd>
                      <dt className="text-slate-500">Title</dt>
                      <dd className="text-slate-700">{d.current.title}</dd>
                    </dl>
                  ) : (
                    <p className="text-sm text-slate-500">
                      {d.upcoming ? "No version is in force yet." : "Not published yet."}
                    </p>
                  )}
                  {d.upcoming ? (
                    <div
                      className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
                      data-testid="upcoming"
                    >
                      <Badge tone="amber" className="mr-2">
                        Upcoming
                      </Badge>
                      Version {d.upcoming.version} takes effect on {formatEffective(d.upcoming.effectiveAt)}
                      {d.upcomingCount > 1 ? ` (${d.upcomingCount} versions scheduled)` : ""}:{" "}
                      {d.upcoming.changeSummary}
                    </div>
                  ) : null}
                </div>
                {shown ? (
                  <div className="border-t border-slate-100 px-5 py-3 text-sm">
                    <Link href={`/legal/${d.kind}`} className="font-medium text-brand-700 hover:underline">
                      Read the {d.label.toLowerCase()} and its history →
                    </Link>
                  </div>
                ) : null}
              </Card>
            </li>
          );
        })}
      </ul>
    </>
  );
}
