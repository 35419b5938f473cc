import "server-only";
import type { Ctx } from "@/lib/auth/context";
import { allowlistChecklistItems } from "@/lib/allowlist/checklist";
import { can } from "@/lib/auth/permissions";
import { bankChecklistItems } from "@/lib/bank/checklist";
import { designChecklistItems } from "@/lib/card-designs/checklist";
import { certificateChecklistItems } from "@/lib/certificates/checklist";
import { feeChecklistItems } from "@/lib/fees/checklist";
import { partnerChecklistItems } from "@/lib/partners/checklist";
import type { ChecklistItem } from "@/lib/programs/checklist-item";
import { FEE_TEMPLATES } from "@/lib/programs/fee-templates";
import { getProgram } from "@/lib/programs/service";
import { requestChecklistItems } from "@/lib/requests/checklist";

export interface ChecklistResult {
  key: string;
  label: string;
  done: boolean;
  optional?: boolean;
  detail: string;
  /** the page that completes the step, with `?env=` when the step concerns one environment */
  href: string;
}

export interface Checklist {
  /** only the steps the reader may read; empty for a partner */
  items: ChecklistResult[];
  /** shown instead of the steps to a reader without onboarding:read (a partner) */
  note: string | null;
}

export const PARTNER_ONBOARDING_NOTE = "Your program operator manages onboarding.";

/**
 * The steps, in the order shown. Each feature registers its own (`lib/<feature>/checklist.ts`) and reads only its
 * own tables; a new capability adds its items here.
 */
const ITEMS: ChecklistItem[] = [
  {
    key: "program_created",
    page: { path: (id) => `/programs/${id}` },
    permission: "programs:read",
    label: "Program created",
    evaluate: async (p) => ({
      done: true,
      detail: `Program id ${p.id} assigned on ${p.createdAt.toISOString().slice(0, 10)}.`,
    }),
  },
  {
    key: "fee_structure",
    page: { path: (id) => `/programs/${id}`, env: "production" },
    permission: "fees:read",
    label: "Initial fee structure chosen",
    evaluate: async (p) => ({
      done: !!p.feeTemplate && p.feeTemplate in FEE_TEMPLATES,
      detail: p.feeTemplate ? FEE_TEMPLATES[p.feeTemplate].label : "None",
    }),
  },
  ...feeChecklistItems,
  ...certificateChecklistItems,
  ...allowlistChecklistItems,
  ...designChecklistItems,
  ...requestChecklistItems,
  ...bankChecklistItems,
  ...partnerChecklistItems,
];

function stepHref(item: ChecklistItem, programId: string): string {
  const path = item.page.path(encodeURIComponent(programId));
  return item.page.env ? `${path}?env=${item.page.env}` : path;
}

/**
 * The Program's onboarding steps the reader may see. The Program is authorized and scoped first (another
 * Tenant's is not found); a reader without onboarding:read (a partner) gets no step and a note; every
 * other step is computed only when the reader holds its permission, so nothing it may not read is queried.
 */
export async function getOnboardingChecklist(ctx: Ctx, programId: string, now = new Date()): Promise<Checklist> {
  const program = await getProgram(ctx, programId); // authorizes and scopes
  if (!can(ctx, "onboarding:read")) return { items: [], note: PARTNER_ONBOARDING_NOTE };
  const visible = ITEMS.filter((item) => can(ctx, item.permission));
  const items = await Promise.all(
    visible.map(async (item) => ({
      key: item.key,
      label: item.label,
      optional: item.optional,
      href: stepHref(item, program.id),
      ...(await item.evaluate(program, ctx.tenantId!, now)),
    })),
  );
  return { items, note: null };
}
