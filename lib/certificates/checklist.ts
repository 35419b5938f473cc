import "server-only";
import { validCertificateWhere } from "@/lib/certificates/queries";
import { db } from "@/lib/db";
import type { ChecklistItem } from "@/lib/programs/checklist-item";

/** This feature's onboarding steps, registered in lib/programs/checklist.ts (each names the permission it needs). */
export const certificateChecklistItems: ChecklistItem[] = [
  {
    key: "certificate",
    page: { path: (id) => `/certificates/${id}`, env: "production" },
    permission: "certificates:read",
    label: "Program certificate issued",
    evaluate: async (p, tenantId, now) => {
      const valid = await db.certificate.findMany({
        where: { tenantId, programId: p.id, ...validCertificateWhere(now) },
        select: { environment: true },
      });
      const has = (env: string) => valid.some((c) => c.environment === env);
      return {
        done: has("production"),
        detail: `Production: ${has("production") ? "valid" : "none yet"} · staging: ${has("staging") ? "valid" : "none yet"}.`,
      };
    },
  },
];
