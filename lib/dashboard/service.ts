import "server-only";
import { listAuditEvents, type AuditEventDto } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import { can, type Action } from "@/lib/auth/permissions";
import { listUnsettledDesigns, type DesignDto } from "@/lib/card-designs/service";
import { listExpiringCertificates, type ExpiringCertificate } from "@/lib/certificates/service";
import { getOnboardingChecklist } from "@/lib/programs/checklist";
import { listPrograms } from "@/lib/programs/service";
import { listOpenRequests, type RequestDto } from "@/lib/requests/service";
import { listWebhookEndpoints, type WebhookEndpointDto } from "@/lib/webhooks/service";

export interface ProgramOnboarding {
  programId: string;
  name: string;
  open: { key: string; label: string; href: string }[];
}

/** Each part is null when the reader may not read it (the page leaves it out), never an empty stand-in. */
export interface Dashboard {
  programs: { id: string; name: string }[];
  expiringCertificates: ExpiringCertificate[] | null;
  webhooksNeedingAttention: WebhookEndpointDto[] | null;
  openRequests: RequestDto[] | null;
  unsettledDesigns: DesignDto[] | null;
  onboarding: ProgramOnboarding[] | null;
  recentActivity: AuditEventDto[] | null;
}

export const EXPIRY_WINDOW_DAYS = 30;
/** The onboarding part covers the newest Programs only: a Tenant may have hundreds. */
const ONBOARDING_PROGRAMS = 10;
const ATTENTION_WEBHOOK_STATUSES = ["verification_failed", "disabled"];

const when = <T>(ctx: Ctx, action: Action, load: () => Promise<T>): Promise<T | null> =>
  can(ctx.role, action) ? load() : Promise.resolve(null);

/**
 * The signed-in Tenant user's home page: what needs attention and recent activity. Asks each feature's
 * service for its part, and only for the parts the reader's role may read, so a missing permission
 * queries nothing of that feature.
 */
export async function getDashboard(ctx: Ctx, now = new Date()): Promise<Dashboard> {
  const programs = (await listPrograms(ctx, { sort: "created" })).map((p) => ({ id: p.id, name: p.name }));
  const [expiringCertificates, webhooks, openRequests, unsettledDesigns, onboarding, audit] = await Promise.all([
    when(ctx, "certificates:read", () => listExpiringCertificates(ctx, EXPIRY_WINDOW_DAYS, now)),
    when(ctx, "webhooks:read", () => listWebhookEndpoints(ctx)),
    when(ctx, "requests:read", () => listOpenRequests(ctx)),
    when(ctx, "designs:read", () => listUnsettledDesigns(ctx)),
    when(ctx, "onboarding:read", () => onboardingOf(ctx, programs.slice(0, ONBOARDING_PROGRAMS))),
    when(ctx, "audit:read", () => listAuditEvents(ctx, {}, 8)),
  ]);
  return {
    programs,
    expiringCertificates,
    webhooksNeedingAttention: webhooks && webhooks.filter((w) => ATTENTION_WEBHOOK_STATUSES.includes(w.status)),
    openRequests,
    unsettledDesigns,
    onboarding,
    recentActivity: audit && audit.events,
  };
}

async function onboardingOf(ctx: Ctx, programs: { id: string; name: string }[]): Promise<ProgramOnboarding[]> {
  const lists = await Promise.all(programs.map(async (p) => ({ p, c: await getOnboardingChecklist(ctx, p.id) })));
  return lists
    .map(({ p, c }) => ({
      programId: p.id,
      name: p.name,
      open: c.items.filter((i) => !i.done && !i.optional).map((i) => ({ key: i.key, label: i.label, href: i.href })),
    }))
    .filter((o) => o.open.length > 0);
}
