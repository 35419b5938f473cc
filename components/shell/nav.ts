import type { Role } from "@/lib/auth/permissions";
import { can, programBound } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  icon:
    | "home"
    | "programs"
    | "audit"
    | "review"
    | "program"
    | "certificates"
    | "register"
    | "apiusers"
    | "allowlist"
    | "webhooks"
    | "notifications"
    | "legal"
    | "monitoring"
    | "transactions"
    | "balances"
    | "partners"
    | "team"
    | "apiref";
}

/** For partner users: the monitoring pages their Tenant exposed to them. */
export interface PartnerSurfaces {
  overview: boolean;
  transactions: boolean;
  balances: boolean;
}

/** The sidebar, by capability; each capability adds its entry here. Mirrors (never replaces) the service checks. */
export function navFor(role: Role, programId: string | null, partner?: PartnerSurfaces): NavItem[] {
  if (programBound(role)) {
    if (!programId) return [];
    const items: NavItem[] = [{ href: `/programs/${programId}`, label: "My program", icon: "program" }];
    if (partner?.overview) items.push({ href: "/monitoring", label: "Overview", icon: "monitoring" });
    if (partner?.transactions)
      items.push({ href: "/monitoring/transactions", label: "Transactions", icon: "transactions" });
    if (partner?.balances) items.push({ href: "/monitoring/balances", label: "Balances", icon: "balances" });
    return items;
  }
  const items: NavItem[] = [];
  // the dashboard at / is the Tenant users' home (partners and staff are sent on to their own start pages)
  if (can(role, "programs:read")) items.push({ href: "/", label: "Home", icon: "home" });
  if (can(role, "programs:read")) items.push({ href: "/programs", label: "Programs", icon: "programs" });
  if (can(role, "monitoring:read")) items.push({ href: "/monitoring", label: "Monitoring", icon: "monitoring" });
  if (can(role, "apiusers:read")) items.push({ href: "/api-users", label: "API users", icon: "apiusers" });
  if (can(role, "apiusers:read")) items.push({ href: "/api-reference", label: "API reference", icon: "apiref" });
  if (can(role, "certificates:read")) {
    items.push({ href: "/certificates", label: "Certificates", icon: "certificates" });
    items.push({ href: "/credentials", label: "Credential register", icon: "register" });
  }
  if (can(role, "allowlist:read")) items.push({ href: "/allowlist", label: "IP allowlist", icon: "allowlist" });
  if (can(role, "webhooks:read")) items.push({ href: "/webhooks", label: "Webhooks", icon: "webhooks" });
  if (can(role, "notifications:read"))
    items.push({ href: "/notifications", label: "Notifications", icon: "notifications" });
  if (can(role, "staff:console")) items.push({ href: "/staff", label: "Review queue", icon: "review" });
  if (can(role, "audit:read")) items.push({ href: "/audit", label: "Audit log", icon: "audit" });
  if (can(role, "legal:read")) items.push({ href: "/legal", label: "Legal", icon: "legal" });
  if (can(role, "team:read")) items.push({ href: "/settings/team", label: "Team", icon: "team" });
  return items;
}
