"use server";
import { defineFormAction } from "@/lib/actions/define-action";
import { feeScheduleFormSchema } from "@/lib/fees/form-input";
import { saveFeeSchedule } from "@/lib/fees/service";

// The preview has no action: the Fees page computes it in the browser (lib/fees/compute.ts) from the form's unsaved values.

export const saveFeeScheduleAction = defineFormAction(
  feeScheduleFormSchema,
  async (ctx, input) => {
    const s = await saveFeeSchedule(ctx, input);
    return { version: s.version, programId: s.programId };
  },
  { revalidate: (d) => `/programs/${d.programId}` },
);
