"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { scheduleInputOf } from "@/lib/fees/form-input";
import { saveFeeSchedule, type FeeScheduleDto } from "@/lib/fees/service";

// The preview has no action: the Fees page computes it in the browser (lib/fees/compute.ts) from the form's unsaved values.

export async function saveFeeScheduleAction(_prev: ActionResult<{ version: number }> | null, form: FormData): Promise<ActionResult<{ version: number }>> {
  const r = await runAction(async (ctx) => {
    const s: FeeScheduleDto = await saveFeeSchedule(ctx, scheduleInputOf(form));
    return { version: s.version, programId: s.programId };
  });
  if (r.ok) revalidatePath(`/programs/${r.data.programId}`, "layout");
  return r;
}
