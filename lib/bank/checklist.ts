import "server-only";
import { db } from "@/lib/db";
import type { ChecklistItem } from "@/lib/programs/checklist-item";

/** This feature's onboarding steps, registered in lib/programs/checklist.ts (each names the permission it needs). */
export const bankChecklistItems: ChecklistItem[] = [
  {
    key: "bank_account",
    page: { path: (id) => `/programs/${id}/bank` },
    permission: "bank:read",
    label: "Inbound bank account set up by Axys",
    optional: true,
    evaluate: async (p, tenantId) => {
      const b = await db.bankCredentials.findFirst({ where: { tenantId, programId: p.id }, select: { scheme: true } });
      return {
        done: !!b,
        detail: b
          ? `Account ready (${b.scheme.toUpperCase()}); reveal it on the Bank account page.`
          : "Axys sets it when the Program's account is opened.",
      };
    },
  },
];
