import "server-only";
import { navFor } from "@/components/shell/nav";
import { displayCidr, searchAllowlistEntries } from "@/lib/allowlist/service";
import { searchApiUsers } from "@/lib/api-users/service";
import type { Ctx } from "@/lib/auth/context";
import { can, programBound, type Action } from "@/lib/auth/permissions";
import { findCertificatesBySerial } from "@/lib/certificates/service";
import { formatMoney } from "@/lib/format/money";
import { findTransactionById } from "@/lib/monitoring/transactions";
import { surfacesFor } from "@/lib/partners/visibility";
import { searchPrograms } from "@/lib/programs/service";
import { searchQuerySchema } from "@/lib/search/schemas";
import { parseInput } from "@/lib/validation";
import { searchWebhookEndpoints } from "@/lib/webhooks/service";

/** One result: what it is called, a line of context, and where selecting it goes. */
export interface SearchHit {
  id: string;
  label: string;
  detail: string | null;
  href: string;
}

/** The groups of the palette, in display order; a group the reader may not read is empty (its service is not asked). */
export interface SearchResults {
  query: string;
  programs: SearchHit[];
  apiUsers: SearchHit[];
  certificates: SearchHit[];
  webhooks: SearchHit[];
  allowlist: SearchHit[];
  transactions: SearchHit[];
  pages: SearchHit[];
}

/** Results per group: the palette is for jumping somewhere, not for browsing lists. */
export const SEARCH_LIMIT = 5;

/** Pages reachable without the sidebar, each behind the permission its page needs. */
const MORE_PAGES: { href: string; label: string; permission: Action }[] = [
  { href: "/programs/new", label: "New program", permission: "programs:create" },
  { href: "/api-users/new", label: "New API user", permission: "apiusers:write" },
];

/** A part is asked only of a reader who may read it and has a scope to read it in (staff have no Tenant). */
const when = <T>(ctx: Ctx, action: Action, load: () => Promise<T[]>): Promise<T[]> =>
  can(ctx, action) && ctx.tenantId && (!programBound(ctx) || ctx.programId) ? load() : Promise.resolve([]);

/**
 * The command palette's search (Ctrl/Cmd+K): Programs, API users, certificates by serial prefix, webhook endpoints,
 * allowlist entries (address or description), a transaction by its exact id and the pages of the sidebar, each asked of its own feature's service with the reader's context (so scoped to the
 * session's Tenant, a partner's own Program) and only when the reader's role may read it. Matching ignores case on
 * SQLite and PostgreSQL alike; input characters are values, never LIKE patterns (Prisma escapes % and _).
 */
export async function searchPortal(ctx: Ctx, query: string): Promise<SearchResults> {
  const q = parseInput(searchQuerySchema, query);
  const pages = await pagesFor(ctx, q);
  if (!q)
    return {
      query: q,
      programs: [],
      apiUsers: [],
      certificates: [],
      webhooks: [],
      allowlist: [],
      transactions: [],
      pages,
    };
  const [programs, apiUsers, certificates, webhooks, allowlist, transactions] = await Promise.all([
    when(ctx, "programs:read", () => searchPrograms(ctx, q, SEARCH_LIMIT)),
    when(ctx, "apiusers:read", () => searchApiUsers(ctx, q, SEARCH_LIMIT)),
    when(ctx, "certificates:read", () => findCertificatesBySerial(ctx, q, SEARCH_LIMIT)),
    when(ctx, "webhooks:read", () => searchWebhookEndpoints(ctx, q, SEARCH_LIMIT)),
    when(ctx, "allowlist:read", () => searchAllowlistEntries(ctx, q, SEARCH_LIMIT)),
    // a partner's reach (its Program, and only when its Tenant exposes the list) is the monitoring scope's to decide
    when(ctx, "monitoring:read", () => findTransactionById(ctx, q)),
  ]);
  return {
    query: q,
    programs: programs.map((p) => ({ id: p.id, label: p.name, detail: p.id, href: `/programs/${p.id}` })),
    apiUsers: apiUsers.map((u) => ({
      id: u.id,
      label: u.name,
      detail: `${u.programName ?? "Tenant-level"}${u.disabledAt ? " · disabled" : ""}`,
      href: `/api-users/${u.id}`,
    })),
    certificates: certificates.map((c) => ({
      id: c.id,
      label: c.serialHex,
      detail: `${c.environment} · ${c.programId ?? "tenant-level"}${c.revokedAt ? " · revoked" : ""}`,
      // the certificate page shows the header's environment: the link switches to the certificate's (proxy.ts)
      href: `/certificates/${c.programId ?? "tenant"}?env=${c.environment}`,
    })),
    webhooks: webhooks.map((w) => ({
      id: w.id,
      label: w.url,
      detail: w.programId ?? "Tenant-level",
      href: `/webhooks/${w.id}`,
    })),
    allowlist: allowlist.map((e) => ({
      id: e.id,
      label: displayCidr(e.cidr),
      detail: `${e.environment} · ${e.programId ?? "tenant-level"}${e.description ? ` · ${e.description}` : ""}`,
      href: `/allowlist/${e.programId ?? "tenant"}?env=${e.environment}`,
    })),
    transactions: transactions.map((t) => ({
      id: t.id,
      label: t.id,
      detail: `${formatMoney(t.amount, t.currency)} · ${t.status} · ${t.programName}`,
      href: `/monitoring/transactions/${t.id}`,
    })),
    pages,
  };
}

/** The reader's sidebar entries (and a few pages reached by buttons) whose label contains the query. */
async function pagesFor(ctx: Ctx, q: string): Promise<SearchHit[]> {
  const partner = programBound(ctx) ? await surfacesFor(ctx) : undefined;
  const all = [...navFor(ctx.role, ctx.programId, partner), ...MORE_PAGES.filter((p) => can(ctx, p.permission))];
  const needle = q.toLowerCase();
  return all
    .filter((p) => p.label.toLowerCase().includes(needle))
    .slice(0, q ? SEARCH_LIMIT : all.length)
    .map((p) => ({ id: p.href, label: p.label, detail: null, href: p.href }));
}
