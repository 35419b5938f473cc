import "server-only";
import { db } from "@/lib/db";
import type { ChecklistItem } from "@/lib/programs/checklist-item";

/** This feature's onboarding steps, registered in lib/programs/checklist.ts (each names the permission it needs). */
export const allowlistChecklistItems: ChecklistItem[] = [
  {
    key: "allowlist",
    page: { path: (id) => `/allowlist/${id}`, env: "production" },
    permission: "allowlist:read",
    label: "Calling IPs allowlisted",
    evaluate: async (p, tenantId) => {
      const entries = await db.allowlistEntry.findMany({ where: { tenantId, programId: p.id, environment: "production" }, select: { dnsStatus: true, rangeStart: true, rangeEnd: true } });
      const usable = entries.filter((e) => e.rangeStart !== e.rangeEnd || e.dnsStatus === "pass").length;
      return {
        done: usable > 0,
        detail: entries.length ? `Production: ${usable} of ${entries.length} entries usable (FCrDNS passing).` : "No production address yet.",
      };
    },
  },
];
