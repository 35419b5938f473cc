import "server-only";
import type { Ctx } from "@/lib/auth/context";
import { can, type Action } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { FEE_TEMPLATES } from "@/lib/programs/fee-templates";
import { getProgram, type ProgramDto } from "@/lib/programs/service";
import type { Environment } from "@/lib/environments";
import { activeDepositTypes, type DepositTypePayload } from "@/lib/requests/deposit-types";

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
 * One onboarding step, computed from real state. Each capability registers its own item here
 * (certificates, webhooks, allowlist, card designs, ...), so the checklist grows with the product.
 * `permission` is what the reader needs to see the step: the step reads that feature's data, and a
 * reader without it must learn nothing of it (not even whether it is done).
 */
interface ChecklistItem {
  key: string;
  label: string;
  permission: Action;
  optional?: boolean;
  /** where the step is done; `env` when only one environment completes it (the link switches to it) */
  page: { path(programId: string): string; env?: Environment };
  evaluate(program: ProgramDto, tenantId: string): Promise<{ done: boolean; detail: string }>;
}

const ITEMS: ChecklistItem[] = [
  {
    key: "program_created",
    page: { path: (id) => `/programs/${id}` },
    permission: "programs:read",
    label: "Program created",
    evaluate: async (p) => ({ done: true, detail: `Program id ${p.id} assigned on ${p.createdAt.toISOString().slice(0, 10)}.` }),
  },
  {
    key: "fee_structure",
    page: { path: (id) => `/programs/${id}`, env: "production" },
    permission: "fees:read",
    label: "Initial fee structure chosen",
    evaluate: async (p) => ({ done: !!p.feeTemplate && p.feeTemplate in FEE_TEMPLATES, detail: p.feeTemplate ? FEE_TEMPLATES[p.feeTemplate].label : "None" }),
  },
  {
    key: "fee_schedule",
    page: { path: (id) => `/programs/${id}/fees`, env: "production" },
    permission: "fees:read",
    label: "Fee schedule set up (fees, splits, billing, settlement)",
    evaluate: async (p, tenantId) => {
      const n = await db.feeSchedule.count({ where: { tenantId, programId: p.id } });
      return { done: n > 0, detail: n ? `${n} schedule version${n > 1 ? "s" : ""}.` : "Configure the fees in production." };
    },
  },
  {
    key: "certificate",
    page: { path: (id) => `/certificates/${id}`, env: "production" },
    permission: "certificates:read",
    label: "Program certificate issued",
    evaluate: async (p, tenantId) => {
      const now = new Date();
      const valid = await db.certificate.findMany({
        where: { tenantId, programId: p.id, revokedAt: null, notAfter: { gt: now } },
        select: { environment: true, notAfter: true },
      });
      const has = (env: string) => valid.some((c) => c.environment === env);
      return {
        done: has("production"),
        detail: `Production: ${has("production") ? "valid" : "none yet"} · staging: ${has("staging") ? "valid" : "none yet"}.`,
      };
    },
  },
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
  {
    key: "card_designs",
    page: { path: (id) => `/programs/${id}/designs` },
    permission: "designs:read",
    label: "Card designs submitted and approved",
    evaluate: async (p, tenantId) => {
      const rows = await db.cardDesign.findMany({ where: { tenantId, programId: p.id }, select: { slot: true, status: true } });
      const approved = new Set(rows.filter((r) => r.status === "approved").map((r) => r.slot)).size;
      const pending = rows.filter((r) => r.status === "pending").length;
      return { done: approved > 0, detail: rows.length ? `${approved} slot${approved === 1 ? "" : "s"} approved, ${pending} pending review.` : "No artwork submitted yet." };
    },
  },
  {
    key: "sms_sender",
    page: { path: (id) => `/programs/${id}/sms-sender` },
    permission: "requests:read",
    label: "SMS sender ID approved",
    optional: true,
    evaluate: async (p, tenantId) => {
      const r = await db.programRequest.findFirst({ where: { tenantId, programId: p.id, kind: "sms_sender_id" }, orderBy: { submittedAt: "desc" }, select: { status: true, payload: true } });
      return { done: r?.status === "approved", detail: r ? `${(JSON.parse(r.payload) as { senderId: string }).senderId}: ${r.status.replace("_", " ")}.` : "Optional: apply for a branded sender ID." };
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
      const rows = await db.programRequest.findMany({ where: { tenantId, programId: p.id, kind: "deposit_address_type", status: { in: ["approved", "submitted", "in_review", "changes_requested"] } }, orderBy: { submittedAt: "asc" }, select: { status: true, payload: true } });
      const active = activeDepositTypes(rows.filter((r) => r.status === "approved").map((r) => JSON.parse(r.payload) as DepositTypePayload)).map((t) => t.type).join(", ");
      const open = rows.length - rows.filter((r) => r.status === "approved").length;
      return { done: open === 0, detail: `Active: ${active}.${open ? ` ${open} request${open > 1 ? "s" : ""} awaiting a decision.` : ""}` };
    },
  },
  {
    key: "bank_account",
    page: { path: (id) => `/programs/${id}/bank` },
    permission: "bank:read",
    label: "Inbound bank account set up by Axys",
    optional: true,
    evaluate: async (p, tenantId) => {
      const b = await db.bankCredentials.findFirst({ where: { tenantId, programId: p.id }, select: { scheme: true } });
      return { done: !!b, detail: b ? `Account ready (${b.scheme.toUpperCase()}); reveal it on the Bank account page.` : "Axys sets it when the Program's account is opened." };
    },
  },
  {
    key: "partner_access",
    page: { path: (id) => `/programs/${id}/partners` },
    permission: "partners:read",
    label: "White-label partner invited",
    optional: true,
    evaluate: async (p, tenantId) => {
      const n = await db.user.count({ where: { tenantId, programId: p.id, role: "partner_viewer", disabledAt: null } });
      return { done: n > 0, detail: n ? `${n} partner user${n > 1 ? "s" : ""} with read-only access.` : "Optional: only for programs operated by a partner." };
    },
  },
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
export async function getOnboardingChecklist(ctx: Ctx, programId: string): Promise<Checklist> {
  const program = await getProgram(ctx, programId); // authorizes and scopes
  if (!can(ctx.role, "onboarding:read")) return { items: [], note: PARTNER_ONBOARDING_NOTE };
  const visible = ITEMS.filter((item) => can(ctx.role, item.permission));
  const items = await Promise.all(
    visible.map(async (item) => ({
      key: item.key, label: item.label, optional: item.optional, href: stepHref(item, program.id), ...(await item.evaluate(program, ctx.tenantId!)),
    })),
  );
  return { items, note: null };
}
