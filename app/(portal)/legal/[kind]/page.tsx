import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { cn } from "@/lib/cn";
import { formatEffective } from "@/lib/legal/format";
import { LEGAL_KIND_LABELS, legalKindSchema, parseVersionParam } from "@/lib/legal/schemas";
import { getLegalDocument, listLegalHistory, type LegalStatus } from "@/lib/legal/service";

export async function generateMetadata({ params }: { params: Promise<{ kind: string }> }): Promise<Metadata> {
  const kind = legalKindSchema.safeParse((await params).kind);
  return { title: kind.success ? LEGAL_KIND_LABELS[kind.data] : "Legal" };
}

/** Readable typography for the rendered Markdown (the HTML comes from lib/legal/markdown.ts, already safe). */
const PROSE = cn(
  "max-w-none text-[15px] leading-7 text-slate-700",
  "[&>:first-child]:mt-0 [&>:last-child]:mb-0",
  "[&_h1]:mb-4 [&_h1]:mt-8 [&_h1]:text-2xl [&_h1]:font-semibold [&_h1]:tracking-tight [&_h1]:text-slate-900",
  "[&_h2]:mb-3 [&_h2]:mt-8 [&_h2]:border-b [&_h2]:border-slate-100 [&_h2]:pb-1 [&_h2]:text-lg [&_h2]:font-semibold [&_h2]:text-slate-900",
  "[&_h3]:mb-2 [&_h3]:mt-6 [&_h3]:text-base [&_h3]:font-semibold [&_h3]:text-slate-900",
  "[&_p]:my-3 [&_strong]:font-semibold [&_strong]:text-slate-900 [&_em]:italic",
  "[&_ul]:my-3 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:my-3 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:my-1 [&_li]:pl-1 [&_li>p]:my-1",
  "[&_a]:font-medium [&_a]:text-brand-700 [&_a]:underline [&_a]:underline-offset-2 [&_a:hover]:text-brand-600",
  "[&_table]:my-5 [&_table]:w-full [&_table]:border-collapse [&_table]:text-sm",
  "[&_th]:border [&_th]:border-slate-200 [&_th]:bg-slate-50 [&_th]:px-3 [&_th]:py-2 [&_th]:text-left [&_th]:font-semibold [&_th]:text-slate-900",
  "[&_td]:border [&_td]:border-slate-200 [&_td]:px-3 [&_td]:py-2 [&_td]:align-top",
  "[&_[align=center]]:text-center [&_[align=right]]:text-right",
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-[13px] [&_code]:text-slate-800",
  "[&_pre]:my-4 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-slate-900 [&_pre]:p-4 [&_pre]:text-slate-100 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_pre_code]:text-slate-100",
  "[&_blockquote]:my-4 [&_blockquote]:border-l-4 [&_blockquote]:border-slate-200 [&_blockquote]:pl-4 [&_blockquote]:text-slate-600",
  "[&_hr]:my-8 [&_hr]:border-slate-200 [&_img]:my-4 [&_img]:max-w-full",
);

const STATUS: Record<LegalStatus, { label: string; tone: BadgeTone }> = {
  current: { label: "In force", tone: "green" },
  upcoming: { label: "Upcoming", tone: "amber" },
  superseded: { label: "Superseded", tone: "neutral" },
};

export default async function LegalDocumentPage({
  params,
  searchParams,
}: {
  params: Promise<{ kind: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireCtx();
  const { kind } = await params;
  const version = parseVersionParam((await searchParams).version);
  if (version === null) notFound();
  const [doc, history] = await orNotFound(
    Promise.all([getLegalDocument(ctx, kind, version), listLegalHistory(ctx, kind)]),
  );
  const current = history.find((v) => v.status === "current");
  const label = LEGAL_KIND_LABELS[doc.kind];

  return (
    <>
      <PageHeader
        title={label}
        description={
          <>
            Version {doc.version} · {doc.status === "upcoming" ? "takes effect" : "effective"}{" "}
            {formatEffective(doc.effectiveAt)}
          </>
        }
        back={{ href: "/legal", label: "Legal" }}
      />

      {doc.status !== "current" ? (
        <div
          role="status"
          data-testid="version-notice"
          className={cn(
            "mb-4 rounded-md border px-4 py-3 text-sm",
            doc.status === "upcoming"
              ? "border-amber-200 bg-amber-50 text-amber-900"
              : "border-slate-200 bg-slate-50 text-slate-700",
          )}
        >
          {doc.status === "upcoming" ? (
            <>
              This version is scheduled: it takes effect on {formatEffective(doc.effectiveAt)}.
              {current ? (
                <>
                  {" "}
                  Until then{" "}
                  <Link className="font-medium underline" href={`/legal/${doc.kind}`}>
                    version {current.version}
                  </Link>{" "}
                  is in force.
                </>
              ) : null}
            </>
          ) : (
            <>
              You are reading version {doc.version}, which is no longer in force.
              {current ? (
                <>
                  {" "}
                  <Link className="font-medium underline" href={`/legal/${doc.kind}`}>
                    Read the current version ({current.version})
                  </Link>
                  .
                </>
              ) : null}
            </>
          )}
        </div>
      ) : null}

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card>
          <article
            className={cn("px-6 py-6 sm:px-8", PROSE)}
            data-testid="legal-body"
            dangerouslySetInnerHTML={{ __html: doc.html }}
          />
        </Card>

        <Card aria-labelledby="history-title">
          <div className="border-b border-slate-100 px-5 py-4">
            <h2 id="history-title" className="text-base font-semibold text-slate-900">
              Change history
            </h2>
            <p className="mt-0.5 text-sm text-slate-500">
              {history.length === 1 ? "1 version" : `${history.length} versions, newest first`}
            </p>
          </div>
          <ol className="divide-y divide-slate-100" aria-label="Versions">
            {history.map((v) => {
              const selected = v.version === doc.version;
              return (
                <li
                  key={v.id}
                  className={cn("px-5 py-3", selected && "bg-brand-50/60")}
                  data-testid={`version-${v.version}`}
                >
                  <div className="flex items-center justify-between gap-2">
                    {selected ? (
                      <span className="text-sm font-semibold text-slate-900" aria-current="page">
                        Version {v.version}
                      </span>
                    ) : (
                      <Link
                        href={v.status === "current" ? `/legal/${v.kind}` : `/legal/${v.kind}?version=${v.version}`}
                        className="text-sm font-semibold text-brand-700 hover:underline"
                      >
                        Version {v.version}
                      </Link>
                    )}
                    <Badge tone={STATUS[v.status].tone}>{STATUS[v.status].label}</Badge>
                  </div>
                  <p className="mt-1 text-xs text-slate-500">
                    {v.status === "upcoming" ? "Takes effect" : "Effective"} {formatEffective(v.effectiveAt)}
                  </p>
                  <p className="mt-1 text-sm text-slate-700">{v.changeSummary}</p>
                </li>
              );
            })}
          </ol>
        </Card>
      </div>
    </>
  );
}
