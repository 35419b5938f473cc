import "server-only";
import { db } from "@/lib/db";
import type { ChecklistItem } from "@/lib/programs/checklist-item";

/** This feature's onboarding steps, registered in lib/programs/checklist.ts (each names the permission it needs). */
export const partnerChecklistItems: ChecklistItem[] = [
  {
    key: "partner_access",
    page: { path: (id) => `/programs/${id}/partners` },
    permission: "partners:read",
    label: "White-label partner invited",
    optional: true,
    evaluate: async (p, tenantId) => {
      const n = await db.user.count({ where: { tenantId, programId: p.id, role: "partner_viewer", disabledAt: null } });
      return {
        done: n > 0,
        detail: n
          ? `${n} partner user${n > 1 ? "s" : ""} with read-only access.`
          : "Optional: only for programs operated by a partner.",
      };
    },
  },
];
