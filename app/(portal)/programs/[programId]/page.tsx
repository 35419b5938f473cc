import { CheckCircle2, Circle } from "lucide-react";
import type { Metadata } from "next";
import { EnvLink } from "@/components/shell/env-link";
import { Badge } from "@/components/ui/badge";
import { TitledCard } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { PageHeader } from "@/components/ui/page-header";
import { ProductionOnlyNotice } from "@/components/ui/production-only-notice";
import { Time } from "@/components/ui/time";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, productionOnlyNote, programBound } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { displayMinor } from "@/lib/core/money";
import { getOnboardingChecklist } from "@/lib/programs/checklist";
import { FEE_TEMPLATES, PLATFORM_DEFAULTS } from "@/lib/programs/fee-templates";
import { getProgram } from "@/lib/programs/service";
import { ProgramConfigForm } from "./program-config-form";

export const metadata: Metadata = { title: "Program" };

export default async function ProgramPage({ params }: { params: Promise<{ programId: string }> }) {
  const ctx = await requireCtx();
  const { programId } = await params;
  const program = await orNotFound(getProgram(ctx, programId));
  const { items: checklist, note } = await orNotFound(getOnboardingChecklist(ctx, programId));
  const production = ctx.environment === "production";
  const stagingNote = productionOnlyNote(ctx, "programs:configure");
  const editable = can(ctx, "programs:configure");
  const shown = stagingNote ? { ...program, ...PLATFORM_DEFAULTS } : program;
  // the service withholds the fee structure from readers without fees:read; don't fill it in from the defaults
  const feeTemplate = program.feeTemplate === null ? null : shown.feeTemplate;
  const required = checklist.filter((i) => !i.optional);
  const done = required.filter((i) => i.done).length;

  return (
    <>
      <PageHeader
        title={program.name}
        description={
          <>
            Program id{" "}
            <CopyableValue
              value={program.id}
              what="program id"
              className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700"
              data-testid="program-id"
            />{" "}
            · created <Time value={program.createdAt} />
          </>
        }
        back={programBound(ctx) ? undefined : { href: "/programs", label: "Programs" }}
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <TitledCard
          className="lg:col-span-2"
          title="Onboarding"
          description={note ? undefined : `${done} of ${required.length} required steps complete`}
        >
          {note ? (
            <p className="text-sm text-slate-600" role="note" data-testid="onboarding-note">
              {note}
            </p>
          ) : (
            <ol className="space-y-3" aria-label="Onboarding checklist">
              {checklist.map((item) => (
                <li key={item.key} className="flex gap-3" data-state={item.done ? "done" : "open"}>
                  {item.done ? (
                    <CheckCircle2 className="mt-0.5 h-5 w-5 shrink-0 text-emerald-600" aria-label="Done" />
                  ) : (
                    <Circle className="mt-0.5 h-5 w-5 shrink-0 text-slate-300" aria-label="Not done" />
                  )}
                  <div>
                    <p className="text-sm font-medium text-slate-800">
                      <EnvLink href={item.href} className="text-brand-700 underline underline-offset-2">
                        {item.label}
                      </EnvLink>
                      {item.optional ? <span className="ml-2 text-xs font-normal text-slate-500">optional</span> : null}
                    </p>
                    <p className="text-xs text-slate-500">{item.detail}</p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </TitledCard>
        <TitledCard
          className="lg:col-span-3"
          title="Configuration"
          description={
            production ? "Production configuration of this program." : "Staging runs on the platform defaults."
          }
          actions={<Badge tone={production ? "amber" : "blue"}>{production ? "Production" : "Staging"}</Badge>}
        >
          <ProductionOnlyNotice note={stagingNote} />
          {editable ? (
            <ProgramConfigForm program={program} />
          ) : (
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-3 text-sm">
              <dt className="text-slate-500">Base currency</dt>
              <dd>{program.baseCurrency}</dd>
              <dt className="text-slate-500">Transaction-limit ceiling</dt>
              <dd className="tabular-nums">
                {displayMinor(BigInt(program.transactionLimitMinor), program.baseCurrency)}
              </dd>
              <dt className="text-slate-500">3-D Secure</dt>
              <dd>{shown.threeDsEnabled ? "On" : "Off"}</dd>
              {feeTemplate ? (
                <>
                  <dt className="text-slate-500">Fee structure</dt>
                  <dd>{FEE_TEMPLATES[feeTemplate].label}</dd>
                </>
              ) : null}
            </dl>
          )}
        </TitledCard>
      </div>
    </>
  );
}
