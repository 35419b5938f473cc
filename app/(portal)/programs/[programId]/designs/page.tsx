import { Info } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { ARTWORK_RULES } from "@/lib/card-designs/rules";
import { listDesignSlots } from "@/lib/card-designs/service";
import { PRODUCTION_ONLY_REASON } from "@/lib/environments";
import { getProgram } from "@/lib/programs/service";
import { DesignSlots } from "./design-slots";

export const metadata: Metadata = { title: "Card designs" };

export default async function DesignsPage({ params }: { params: Promise<{ programId: string }> }) {
  const ctx = await requireCtx();
  const { programId } = await params;
  const [program, slots] = await orNotFound(Promise.all([getProgram(ctx, programId), listDesignSlots(ctx, programId)]));
  const production = ctx.environment === "production";
  const R = ARTWORK_RULES;
  return (
    <>
      <PageHeader title={`${program.name}: card designs`} description={`Six slots (0-5). PNG or JPEG, at most 5 MiB, sRGB, at least ${R.minLongSide} x ${R.minShortSide} px, card aspect ratio ${R.aspect} (±2%). Axys staff review each version.`} />
      {!production ? (
        <p className="mb-4 flex gap-2 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700" role="note"><Info className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />{PRODUCTION_ONLY_REASON}</p>
      ) : null}
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "designs:write")} />
      <DesignSlots programId={programId} initial={JSON.parse(JSON.stringify(slots))} mayWrite={production && can(ctx.role, "designs:write")} />
    </>
  );
}
