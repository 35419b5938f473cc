import "server-only";
import { countUsableAllowlistEntries } from "@/lib/allowlist/queries";
import type { ChecklistItem } from "@/lib/programs/checklist-item";

/** This feature's onboarding steps, registered in lib/programs/checklist.ts (each names the permission it needs). */
export const allowlistChecklistItems: ChecklistItem[] = [
  {
    key: "allowlist",
    page: { path: (id) => `/allowlist/${id}`, env: "production" },
    permission: "allowlist:read",
    label: "Calling IPs allowlisted",
    evaluate: async (p, tenantId) => {
      const { usable, total } = await countUsableAllowlistEntries(tenantId, p.id, "production");
      return {
        done: usable > 0,
        detail: total
          ? `Production: ${usable} of ${total} entries usable (FCrDNS passing).`
          : "No production address yet.",
      };
    },
  },
];
