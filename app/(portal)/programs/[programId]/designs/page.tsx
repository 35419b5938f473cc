import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ProductionOnlyNotice } from "@/components/ui/production-only-notice";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, productionOnlyNote, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { ARTWORK_RULES } from "@/lib/card-designs/rules";
import { listDesignSlots } from "@/lib/card-designs/service";
import { getProgram } from "@/lib/programs/service";
import { DesignSlots } from "./design-slots";

export const metadata: Metadata = { title: "Card designs" };

export default async function DesignsPage({ params }: { params: Promise<{ programId: string }> }) {
  const ctx = await requireCtx();
  const { programId } = await params;
  const [program, slots] = await orNotFound(Promise.all([getProgram(ctx, programId), listDesignSlots(ctx, programId)]));
  const R = ARTWORK_RULES;
  return (
    <>
      <PageHeader
        title={`${program.name}: card designs`}
        description={`Six slots (0-5). PNG or JPEG, at most 5 MiB, sRGB, at least ${R.minLongSide} x ${R.minShortSide} px, card aspect ratio ${R.aspect} (±2%). Axys staff review each version.`}
      />
      <ProductionOnlyNotice note={productionOnlyNote(ctx, "designs:write")} />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "designs:write")} />
      <DesignSlots
        programId={programId}
        initial={JSON.parse(JSON.stringify(slots))}
        mayWrite={can(ctx, "designs:write")}
      />
    </>
  );
}
