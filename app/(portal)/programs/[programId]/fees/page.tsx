import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ProductionOnlyNotice } from "@/components/ui/production-only-notice";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { FEE_TYPE_LABELS, minorUnitsOf } from "@/lib/fees/schemas";
import { defaultFeeItems } from "@/lib/fees/compute";
import { getFeeSchedules, type FeeScheduleDto } from "@/lib/fees/service";
import { FeeScheduleEditor } from "./fee-schedule-editor";
import { formatUtc } from "@/lib/format/date";

export const metadata: Metadata = { title: "Fees" };

const when = (d: Date) => formatUtc(d);
const summary = (s: FeeScheduleDto) =>
  s.items
    .filter((i) => i.enabled)
    .map((i) => FEE_TYPE_LABELS[i.feeType])
    .join(", ") || "no fees enabled";

export default async function FeesPage({ params }: { params: Promise<{ programId: string }> }) {
  const ctx = await requireCtx();
  const { programId } = await params;
  const view = await orNotFound(getFeeSchedules(ctx, programId));
  const { program, current, upcoming, history, platformDefaults } = view;
  const mayWrite = can(ctx, "fees:write");
  const units = minorUnitsOf(program.baseCurrency);
  const base = upcoming.at(-1) ?? current;
  return (
    <>
      <PageHeader
        title={`${program.name}: fees`}
        description={`The fee schedule cardholders are charged, the Tenant/Program split of each fee, and billing. Fixed amounts and caps are in the Program's base currency, ${program.baseCurrency} (${units} decimals); rates are basis points (100 bps = 1 %).`}
      />
      <ProductionOnlyNotice note={platformDefaults?.reason ?? null} />
      {platformDefaults ? null : <ReadOnlyNotice reason={readOnlyReason(ctx.role, "fees:write")} />}
      <div className="space-y-6">
        <FeeScheduleEditor
          programId={programId}
          currency={program.baseCurrency}
          readOnly={!mayWrite}
          initial={{
            billingCycle: base?.billingCycle ?? "monthly",
            billingDay: String(base?.billingDay ?? 1),
            settlementAsset: base?.settlementAsset ?? program.baseCurrency,
            items: platformDefaults?.items ?? base?.items ?? defaultFeeItems(),
          }}
          basedOn={base && base !== current ? `Starting from upcoming version ${base.version}.` : null}
          baseVersion={base?.version ?? null}
          minimums={view.minimums}
          versions={history.map((s) => ({
            version: s.version,
            effectiveAt: s.effectiveAt.toISOString(),
            billingCycle: s.billingCycle,
            billingDay: s.billingDay,
            settlementAsset: s.settlementAsset,
            items: s.items,
          }))}
          header={{
            title: platformDefaults
              ? "Platform defaults (staging)"
              : current
                ? `Fee schedule, version ${current.version}`
                : "Fee schedule",
            description: platformDefaults
              ? "Staging programs charge no fees: every fee is off, split 50/50. Read-only."
              : current
                ? `In force since ${when(current.effectiveAt)}.${current.note ? ` ${current.note}` : ""}${upcoming.length ? ` Version ${upcoming[0].version} takes effect ${when(upcoming[0].effectiveAt)}.` : ""}`
                : "No schedule saved yet: every fee is off.",
          }}
          previewUnavailable={
            platformDefaults
              ? "Staging has no fees to preview; switch to production to preview the Program's schedule."
              : null
          }
        />
        <Card>
          <CardHeader title="Version history" description="A change adds a version; earlier versions are kept." />
          {history.length === 0 ? (
            <EmptyState title="No versions yet" />
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Fee schedule versions">
              {history.map((s) => (
                <li key={s.id} className="px-5 py-3 text-sm" data-testid="fee-version" data-version={s.version}>
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-medium text-slate-800">Version {s.version}</span>
                    {s.id === current?.id ? (
                      <Badge tone="green">in force</Badge>
                    ) : upcoming.some((u) => u.id === s.id) ? (
                      <Badge tone="blue">upcoming</Badge>
                    ) : (
                      <Badge tone="neutral">superseded</Badge>
                    )}
                  </div>
                  <p className="text-xs text-slate-500">
                    Effective {when(s.effectiveAt)} · billed {s.billingCycle} on day {s.billingDay} · settled in{" "}
                    {s.settlementAsset} · by {s.createdBy}
                  </p>
                  <p className="text-xs text-slate-500">{summary(s)}</p>
                  {s.note ? (
                    <p className="text-xs text-slate-500" data-testid="fee-version-note">
                      {s.note}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
