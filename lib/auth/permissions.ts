import { AppError } from "@/lib/errors";

export const ROLES = ["tenant_admin", "tenant_viewer", "partner_viewer", "staff_reviewer"] as const;
/** `axys_operator` is the admin CLI acting for Axys staff with direct database access; never a sign-in role. */
export type Role = (typeof ROLES)[number] | "axys_operator";

export const ROLE_LABELS: Record<Role, string> = {
  tenant_admin: "Tenant administrator",
  tenant_viewer: "Tenant viewer",
  partner_viewer: "White-label partner",
  staff_reviewer: "Axys staff reviewer",
  axys_operator: "Axys operator (CLI)",
};

export type Action =
  | "programs:read"
  | "programs:create"
  | "programs:configure"
  | "audit:read"
  | "certificates:read"
  | "certificates:write"
  | "apiusers:read"
  | "apiusers:write"
  | "allowlist:read"
  | "allowlist:write"
  | "wallets:read"
  | "wallets:write"
  | "webhooks:read"
  | "webhooks:write"
  | "notifications:read"
  | "onboarding:read"
  | "designs:read"
  | "designs:write"
  | "designs:review"
  | "requests:read"
  | "requests:write"
  | "requests:review"
  | "bank:read"
  | "bank:reveal"
  | "bank:manage"
  | "legal:read"
  | "legal:publish"
  | "fees:read"
  | "fees:write"
  | "fees:minimums"
  | "monitoring:read"
  | "monitoring:ingest"
  | "partners:read"
  | "partners:manage"
  | "staff:console"
  | "tenants:manage"
  | "users:manage";

/** The permission table. Checked in the domain services with `assertCan`; the UI only mirrors it. */
const PERMISSIONS: Record<Role, readonly Action[]> = {
  tenant_admin: [
    "programs:read", "programs:create", "programs:configure", "audit:read", "certificates:read", "certificates:write",
    "apiusers:read", "apiusers:write", "allowlist:read", "allowlist:write", "wallets:read", "wallets:write",
    "webhooks:read", "webhooks:write", "designs:read", "designs:write",
    "requests:read", "requests:write", "bank:read", "bank:reveal", "legal:read", "fees:read", "fees:write",
    "monitoring:read", "partners:read", "partners:manage", "notifications:read", "onboarding:read",
  ],
  tenant_viewer: ["programs:read", "audit:read", "certificates:read", "apiusers:read", "allowlist:read", "wallets:read", "webhooks:read", "designs:read",
    "requests:read", "bank:read", "legal:read", "fees:read", "monitoring:read", "partners:read", "notifications:read", "onboarding:read",
  ],
  /**
   * monitoring:read is further limited to what the Tenant exposed (lib/partners/visibility.ts). No onboarding:read:
   * the checklist shows the Tenant's certificates, allowlist, bank and fees, which a partner must not see.
   */
  partner_viewer: ["programs:read", "monitoring:read"],
  staff_reviewer: ["designs:review", "requests:review", "legal:read", "fees:minimums", "staff:console"],
  axys_operator: [
    "programs:read", "programs:create", "programs:configure", "audit:read", "certificates:read", "certificates:write",
    "apiusers:read", "apiusers:write", "allowlist:read", "allowlist:write", "wallets:read", "wallets:write",
    "webhooks:read", "webhooks:write", "designs:read", "designs:write", "designs:review",
    "requests:read", "requests:write", "requests:review", "bank:read", "bank:reveal", "bank:manage", "legal:read", "legal:publish",
    "fees:read", "fees:write", "fees:minimums", "tenants:manage", "users:manage",
    "monitoring:read", "monitoring:ingest", "partners:read", "partners:manage", "notifications:read", "onboarding:read",
  ],
};

export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[role].includes(action);
}

/** What a denied action would have done, for the read-only notice; actions not listed "change this". */
const DENIED_VERBS: Partial<Record<Action, string>> = { "bank:reveal": "reveal the full numbers" };

/**
 * Why this role sees a page read-only, or null when it may perform the action. Read from the permission
 * table, so the sentence names the sign-in roles that really may ("Only a tenant administrator can change
 * this."), and a page shows it without checking roles itself.
 */
export function readOnlyReason(role: Role, action: Action): string | null {
  if (can(role, action)) return null;
  const verb = DENIED_VERBS[action] ?? "change this";
  const who = ROLES.filter((r) => can(r, action)).map((r) => `a ${ROLE_LABELS[r].charAt(0).toLowerCase()}${ROLE_LABELS[r].slice(1)}`);
  return who.length ? `Only ${who.join(" or ")} can ${verb}.` : `Only Axys can ${verb}.`;
}

/**
 * Throws unless the role may perform the action. A read permission that is missing answers
 * NOT_FOUND (the object must not be probeable); a missing write permission answers FORBIDDEN.
 */
export function assertCan(ctx: { role: Role }, action: Action): void {
  if (can(ctx.role, action)) return;
  if (action.endsWith(":read")) throw new AppError("NOT_FOUND", "Not found.");
  throw new AppError("FORBIDDEN", "Your role does not allow this action.");
}
