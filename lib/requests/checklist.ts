import "server-only";
import { db } from "@/lib/db";
import type { ChecklistItem } from "@/lib/programs/checklist-item";
import { activeDepositTypes, type DepositTypePayload } from "@/lib/requests/deposit-types";

/** This feature's onboarding steps, registered in lib/programs/checklist.ts (each names the permission it needs). */
export const requestChecklistItems: ChecklistItem[] = [
  {
    key: "sms_sender",
    page: { path: (id) => `/programs/${id}/sms-sender` },
    permission: "requests:read",
    label: "SMS sender ID approved",
    optional: true,
    evaluate: async (p, tenantId) => {
      const r = await db.programRequest.findFirst({
        where: { tenantId, programId: p.id, kind: "sms_sender_id" },
        orderBy: { submittedAt: "desc" },
        select: { status: true, payload: true },
      });
      return {
        done: r?.status === "approved",
        detail: r
          ? `${(JSON.parse(r.payload) as { senderId: string }).senderId}: ${r.status.replace("_", " ")}.`
          : "Optional: apply for a branded sender ID.",
      };
    },
  },
  {
    key: "deposit_address_types",
    page: { path: (id) => `/programs/${id}/deposit-addresses` },
    permission: "requests:read",
    label: "Deposit address types settled",
    optional: true,
    evaluate: async (p, tenantId) => {
      // the defaults work out of the box; the item is open only while a request awaits a decision
      const rows = await db.programRequest.findMany({
        where: {
          tenantId,
          programId: p.id,
          kind: "deposit_address_type",
          status: { in: ["approved", "submitted", "in_review", "changes_requested"] },
        },
        orderBy: { submittedAt: "asc" },
        select: { status: true, payload: true },
      });
      const active = activeDepositTypes(
        rows.filter((r) => r.status === "approved").map((r) => JSON.parse(r.payload) as DepositTypePayload),
      )
        .map((t) => t.type)
        .join(", ");
      const open = rows.length - rows.filter((r) => r.status === "approved").length;
      return {
        done: open === 0,
        detail: `Active: ${active}.${open ? ` ${open} request${open > 1 ? "s" : ""} awaiting a decision.` : ""}`,
      };
    },
  },
];
