import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { orNotFound } from "@/lib/auth/page-helpers";
import { programBound } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { formatUtc } from "@/lib/format/date";
import { formatMoney } from "@/lib/format/money";
import { STATUS_LABELS, TYPE_LABELS } from "@/lib/monitoring/schemas";
import { getTransaction } from "@/lib/monitoring/transactions";
import { STATUS_TONES } from "../../monitoring-tabs";

export const metadata: Metadata = { title: "Transaction" };

/** One transaction: every field the reader may see and its status history (404 outside the reader's scope). */
export default async function TransactionPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireCtx();
  const t = await orNotFound(getTransaction(ctx, (await params).id));
  const partner = programBound(ctx);
  const fields: [string, React.ReactNode][] = [
    [
      "Status",
      <Badge key="s" tone={STATUS_TONES[t.status]}>
        {STATUS_LABELS[t.status]}
      </Badge>,
    ],
    ["Type", TYPE_LABELS[t.type]],
    [
      "Amount",
      <span key="a" className="tabular-nums">
        {formatMoney(t.amount, t.currency)}
      </span>,
    ],
    ...(!partner
      ? [
          [
            "Program",
            <Link key="p" href={`/programs/${t.programId}`} className="text-brand-700 hover:underline">
              {t.programName}
            </Link>,
          ] as [string, React.ReactNode],
        ]
      : []),
    ["Environment", t.environment],
    [
      "Card",
      <span key="c" className="font-mono">
        •••• {t.cardLast4}
      </span>,
    ],
    // a partner sees the reference masked: nothing worth copying
    [
      "Cardholder reference",
      partner ? (
        <span key="r" className="font-mono">
          {t.cardholderRef}
        </span>
      ) : (
        <CopyableValue key="r" value={t.cardholderRef} what="cardholder reference" />
      ),
    ],
    ...(t.merchantShown
      ? ([
          ["Merchant", t.merchantName ?? "—"],
          ["Merchant category (MCC)", t.merchantCategory ?? "—"],
          ["Merchant country", t.merchantCountry ?? "—"],
        ] as [string, React.ReactNode][])
      : []),
    ["Reference", t.reference ? <CopyableValue key="ref" value={t.reference} what="reference" /> : "—"],
    ["Transaction id", <CopyableValue key="id" value={t.id} what="transaction id" />],
    ["Created (card platform)", <Time key="t1" value={t.createdAt} format="seconds" />],
    ["Received", <Time key="t2" value={t.ingestedAt} format="seconds" />],
    ["Last changed", <Time key="t3" value={t.updatedAt} format="seconds" />],
  ];

  return (
    <>
      <PageHeader
        title={`Transaction ${t.id}`}
        description={`${TYPE_LABELS[t.type]} of ${formatMoney(t.amount, t.currency)} · ${formatUtc(t.createdAt, { seconds: true })}${partner ? " · cardholder reference masked" : ""}`}
      >
        <Link href="/monitoring/transactions" className="text-sm text-slate-500 hover:text-slate-800">
          ← Transactions
        </Link>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader title="Details" />
          <CardBody>
            {/* a phone stacks each label over its value: side by side, the longest label leaves ids a sliver to wrap in */}
            <dl
              className="grid grid-cols-1 gap-x-6 text-sm sm:grid-cols-[max-content_1fr] sm:gap-y-3"
              aria-label="Transaction details"
            >
              {fields.map(([label, value], i) => (
                <div key={label} className="contents">
                  <dt className={i ? "mt-3 text-slate-500 sm:mt-0" : "text-slate-500"}>{label}</dt>
                  <dd className="min-w-0">{value}</dd>
                </div>
              ))}
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Status history" description="As the card platform reported it, oldest first." />
          <CardBody>
            <ol className="space-y-3 text-sm" aria-label="Status history">
              {t.history.map((h, i) => (
                <li key={i} className="flex items-start gap-3">
                  <Badge tone={STATUS_TONES[h.status]}>{STATUS_LABELS[h.status]}</Badge>
                  <span className="text-slate-600">
                    {h.from ? (
                      <>
                        from {STATUS_LABELS[h.from]}, received <Time value={h.at} format="seconds" />
                      </>
                    ) : (
                      <>
                        when created, <Time value={h.at} format="seconds" />
                      </>
                    )}
                  </span>
                </li>
              ))}
            </ol>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
