import { can, type Action, type Role } from "@/lib/auth/permissions";

export interface ProgramTab {
  key: string;
  label: string;
  href: string;
}

/**
 * The sections of a Program, in tab order, each gated by the read permission its page needs. Sections that
 * are tenant-wide pages (certificates, allowlist, API users, webhooks, monitoring, test credentials) are
 * linked with the Program preselected, so a tab never leaves the Program. The UI only mirrors the
 * services' checks: a page still authorizes itself.
 */
const TABS: { key: string; label: string; permission: Action; href(id: string): string }[] = [
  { key: "overview", label: "Overview", permission: "programs:read", href: (id) => `/programs/${id}` },
  { key: "certificates", label: "Certificates", permission: "certificates:read", href: (id) => `/certificates/${id}` },
  { key: "allowlist", label: "Allowlist", permission: "allowlist:read", href: (id) => `/allowlist/${id}` },
  { key: "api-users", label: "API users", permission: "apiusers:read", href: (id) => `/api-users?program=${id}` },
  { key: "webhooks", label: "Webhooks", permission: "webhooks:read", href: (id) => `/webhooks?program=${id}` },
  { key: "designs", label: "Designs", permission: "designs:read", href: (id) => `/programs/${id}/designs` },
  { key: "fees", label: "Fees", permission: "fees:read", href: (id) => `/programs/${id}/fees` },
  { key: "sms-sender", label: "SMS sender", permission: "requests:read", href: (id) => `/programs/${id}/sms-sender` },
  {
    key: "deposit-addresses",
    label: "Deposit addresses",
    permission: "requests:read",
    href: (id) => `/programs/${id}/deposit-addresses`,
  },
  { key: "bank", label: "Bank", permission: "bank:read", href: (id) => `/programs/${id}/bank` },
  { key: "wallets", label: "Wallets", permission: "wallets:read", href: (id) => `/programs/${id}/wallets` },
  { key: "monitoring", label: "Monitoring", permission: "monitoring:read", href: (id) => `/monitoring?program=${id}` },
  { key: "partners", label: "Partners", permission: "partners:read", href: (id) => `/programs/${id}/partners` },
  {
    key: "test-credentials",
    label: "Test credentials",
    permission: "certificates:read",
    href: (id) => `/test-credentials/${id}`,
  },
];

/**
 * The tabs a role may open for a Program. `monitoringOverview` is false for a partner whose Tenant has not
 * exposed the monitoring overview (lib/partners/visibility.ts): the tab would lead to a page it may not read.
 */
export function programTabs(role: Role, programId: string, opts: { monitoringOverview?: boolean } = {}): ProgramTab[] {
  const id = encodeURIComponent(programId);
  return TABS.filter(
    (t) => can(role, t.permission) && (t.key !== "monitoring" || opts.monitoringOverview !== false),
  ).map((t) => ({
    key: t.key,
    label: t.label,
    href: t.href(id),
  }));
}

/**
 * The tab a URL path belongs to: the tab whose link has the same path, or, below /programs/<id>/, the
 * section the path starts with (a page nested in a section keeps its tab marked).
 */
export function currentProgramTab(tabs: ProgramTab[], pathname: string): string | null {
  const path = (href: string) => href.split("?")[0];
  const exact = tabs.find((t) => path(t.href) === pathname);
  if (exact) return exact.key;
  const nested = tabs.filter((t) => t.key !== "overview" && pathname.startsWith(`${path(t.href)}/`));
  return nested.sort((a, b) => path(b.href).length - path(a.href).length)[0]?.key ?? null;
}
