import "server-only";
import { db } from "@/lib/db";
import type { ChecklistItem } from "@/lib/programs/checklist-item";

/** This feature's onboarding steps, registered in lib/programs/checklist.ts (each names the permission it needs). */
export const designChecklistItems: ChecklistItem[] = [
  {
    key: "card_designs",
    page: { path: (id) => `/programs/${id}/designs` },
    permission: "designs:read",
    label: "Card designs submitted and approved",
    evaluate: async (p, tenantId) => {
      const rows = await db.cardDesign.findMany({
        where: { tenantId, programId: p.id },
        select: { slot: true, status: true },
      });
      const approved = new Set(rows.filter((r) => r.status === "approved").map((r) => r.slot)).size;
      const pending = rows.filter((r) => r.status === "pending").length;
      return {
        done: approved > 0,
        detail: rows.length
          ? `${approved} slot${approved === 1 ? "" : "s"} approved, ${pending} pending review.`
          : "No artwork submitted yet.",
      };
    },
  },
];
