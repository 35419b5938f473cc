import "server-only";
import { db } from "@/lib/db";
import type { ChecklistItem } from "@/lib/programs/checklist-item";

/** This feature's onboarding steps, registered in lib/programs/checklist.ts (each names the permission it needs). */
export const feeChecklistItems: ChecklistItem[] = [
  {
    key: "fee_schedule",
    page: { path: (id) => `/programs/${id}/fees`, env: "production" },
    permission: "fees:read",
    label: "Fee schedule set up (fees, splits, billing, settlement)",
    evaluate: async (p, tenantId) => {
      const n = await db.feeSchedule.count({ where: { tenantId, programId: p.id } });
      return {
        done: n > 0,
        detail: n ? `${n} schedule version${n > 1 ? "s" : ""}.` : "Configure the fees in production.",
      };
    },
  },
];
