import "server-only";
import type { Ctx } from "@/lib/auth/context";
import { programBound } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { programTabs } from "@/lib/navigation/program-tabs";
import { surfacesFor } from "@/lib/partners/visibility";
import { getProgram } from "@/lib/programs/service";
import { ProgramTabBar } from "./program-tab-bar";

/**
 * The Program's tab bar for a page that shows one Program (its own pages, and the tenant-wide pages opened
 * with the Program preselected). Renders nothing for an id the reader may not read: the page itself decides
 * whether that is a 404.
 */
export async function ProgramTabs({ ctx, programId }: { ctx: Ctx; programId: string | null | undefined }) {
  if (!programId || programId.length > 64) return null;
  const program = await getProgram(ctx, programId).catch((e) => {
    if (isAppError(e) && e.code === "NOT_FOUND") return null;
    throw e;
  });
  if (!program) return null;
  const monitoringOverview = programBound(ctx) ? (await surfacesFor(ctx)).overview : true;
  const tabs = programTabs(ctx.role, program.id, { monitoringOverview });
  if (tabs.length < 2) return null;
  return <ProgramTabBar tabs={tabs} programName={program.name} />;
}
