import { type Environment, PRODUCTION_ONLY_REASON } from "@/lib/environments";
import { AppError } from "@/lib/errors";

export const ROLES = ["tenant_admin", "tenant_viewer", "partner_viewer", "staff_reviewer"] as const;
export type SignInRole = (typeof ROLES)[number];
/** `axys_operator` is the admin CLI acting for Axys staff with direct database access; never a sign-in role. */
export type Role = SignInRole | "axys_operator";

export const ROLE_LABELS: Record<Role, string> = {
  tenant_admin: "Tenant administrator",
  tenant_viewer: "Tenant viewer",
  partner_viewer: "White-label partner",
  staff_reviewer: "Axys staff reviewer",
  axys_operator: "Axys operator (CLI)",
};

/** One entry of the policy: who may, where, and what a denial answers. */
export interface Rule {
  /** The sign-in roles that may. The CLI operator may do everything unless `operator: false`. */
  roles: readonly SignInRole[];
  /** A denial answers NOT_FOUND (reads: the object must not be probeable) or FORBIDDEN (changes). */
  denied: "NOT_FOUND" | "FORBIDDEN";
  /** Program configuration exists only in production: refused (FORBIDDEN, with the reason) in staging. */
  productionOnly?: boolean;
  /** False for what only a signed-in person does (the staff review console in the browser). */
  operator?: false;
  /** What a denial would have done, for the read-only notice ("Only ... can <verb>."); default "change this". */
  verb?: string;
}

const ADMIN = ["tenant_admin"] as const;
const TENANT = ["tenant_admin", "tenant_viewer"] as const;
const STAFF = ["staff_reviewer"] as const;
const NOBODY = [] as const;
const read = (roles: readonly SignInRole[], more: Partial<Rule> = {}): Rule => ({
  roles,
  denied: "NOT_FOUND",
  ...more,
});
const write = (roles: readonly SignInRole[], more: Partial<Rule> = {}): Rule => ({
  roles,
  denied: "FORBIDDEN",
  ...more,
});

/**
 * The whole policy, one row an action: a change here is a security review. Checked in the domain services
 * with `assertCan`/`assertCanAny`; pages ask `can`/`canAny` of the same rows (the UI only mirrors them).
 */
export const POLICY = {
  "programs:read": read([...TENANT, "partner_viewer"]),
  "programs:create": write(ADMIN),
  "programs:configure": write(ADMIN, { productionOnly: true }),
  "audit:read": read(TENANT),
  "certificates:read": read(TENANT),
  "certificates:write": write(ADMIN),
  "apiusers:read": read(TENANT),
  "apiusers:write": write(ADMIN),
  "allowlist:read": read(TENANT),
  "allowlist:write": write(ADMIN),
  "wallets:read": read(TENANT),
  "wallets:write": write(ADMIN),
  "webhooks:read": read(TENANT),
  "webhooks:write": write(ADMIN),
  /** the Tenant's operational alerts: no partner, no staff */
  "notifications:read": read(TENANT),
  /** the checklist aggregates certificates, allowlist, bank, fees and requests, which a partner must not see */
  "onboarding:read": read(TENANT),
  "designs:read": read(TENANT),
  "designs:write": write(ADMIN, { productionOnly: true }),
  "designs:review": write(STAFF),
  "requests:read": read(TENANT),
  "requests:write": write(ADMIN, { productionOnly: true }),
  "requests:review": write(STAFF),
  "bank:read": read(TENANT),
  "bank:reveal": write(ADMIN, { verb: "reveal the full numbers" }),
  "bank:manage": write(NOBODY),
  "legal:read": read([...TENANT, "staff_reviewer"]),
  "legal:publish": write(NOBODY),
  "fees:read": read(TENANT),
  "fees:write": write(ADMIN, { productionOnly: true }),
  "fees:minimums": write(STAFF),
  /** monitoring:read of a partner is further limited to what its Tenant exposed (lib/partners/visibility.ts) */
  "monitoring:read": read([...TENANT, "partner_viewer"]),
  "monitoring:ingest": write(NOBODY),
  "partners:read": read(TENANT),
  "partners:manage": write(ADMIN),
  "staff:console": write(STAFF, { operator: false }),
  "tenants:manage": write(NOBODY),
  "users:manage": write(NOBODY),
  /** the Tenant's members and pending invitations; admins invite, change roles, remove, end sessions */
  "team:read": read(TENANT),
  "team:manage": write(ADMIN, { verb: "manage the team" }),
  /** Tenant-wide security settings ("require 2FA for every member") */
  "tenants:security": write(ADMIN, { verb: "change the Tenant's security settings" }),
  /** the mail outbox (axys mail list): operators only; /dev/mail is a development page, refused in production */
  "mail:outbox": write(NOBODY),
  "masterkey:rotate": write(NOBODY),
} satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];
const rule = (action: Action): Rule => POLICY[action];

/**
 * Who is asking: a role alone (nav, tabs: "may this role, in production?") or a caller context, whose
 * environment also decides production-only actions.
 */
export type Who = Role | { role: Role; environment?: Environment };

function mayRole(role: Role, action: Action): boolean {
  const r = rule(action);
  return role === "axys_operator" ? r.operator !== false : (r.roles as readonly Role[]).includes(role);
}

const outsideProduction = (who: Who, action: Action) =>
  !!rule(action).productionOnly &&
  typeof who === "object" &&
  who.environment !== undefined &&
  who.environment !== "production";

/**
 * Is the role bound to one Program of its Tenant (`ctx.programId`, a white-label partner)? Its Program scope
 * (`programScope`) and its monitoring pages (`lib/partners/visibility.ts`) narrow to that Program.
 */
export function programBound(who: Who): boolean {
  return (typeof who === "string" ? who : who.role) === "partner_viewer";
}

/** May the caller perform the action (its role, and for production-only actions its environment)? */
export function can(who: Who, action: Action): boolean {
  const role = typeof who === "string" ? who : who.role;
  return mayRole(role, action) && !outsideProduction(who, action);
}

/** May the caller perform at least one of the actions? */
export function canAny(who: Who, actions: readonly Action[]): boolean {
  return actions.some((a) => can(who, a));
}

/**
 * The production-only notice for this action in the caller's environment ("Program configuration exists only
 * in production..."), or null: shown to every reader of the page, whatever its role.
 */
export function productionOnlyNote(ctx: { environment: Environment }, action: Action): string | null {
  return rule(action).productionOnly && ctx.environment !== "production" ? PRODUCTION_ONLY_REASON : null;
}

/**
 * Why this role sees a page read-only, or null when it may perform the action. Read from the policy, so the
 * sentence names the sign-in roles that really may ("Only a tenant administrator can change this."), and a
 * page shows it without checking roles itself. The environment is not its concern (`productionOnlyNote`).
 */
export function readOnlyReason(role: Role, action: Action): string | null {
  if (mayRole(role, action)) return null;
  const verb = rule(action).verb ?? "change this";
  const who = ROLES.filter((r) => mayRole(r, action)).map(
    (r) => `a ${ROLE_LABELS[r].charAt(0).toLowerCase()}${ROLE_LABELS[r].slice(1)}`,
  );
  return who.length ? `Only ${who.join(" or ")} can ${verb}.` : `Only Axys can ${verb}.`;
}

function denial(actions: readonly Action[]): AppError {
  if (actions.some((a) => rule(a).denied === "NOT_FOUND")) return new AppError("NOT_FOUND", "Not found.");
  return new AppError("FORBIDDEN", "Your role does not allow this action.");
}

/**
 * Throws unless the caller may perform the action: the denial the policy names for it (a missing read
 * permission answers NOT_FOUND, a missing write FORBIDDEN), or, for a production-only action outside
 * production, FORBIDDEN with the reason.
 */
export function assertCan(ctx: Who, action: Action): void {
  assertCanAny(ctx, [action]);
}

/**
 * Throws unless the caller may perform at least one of the actions. When none is allowed it answers
 * NOT_FOUND if any of them would (hiding wins), else FORBIDDEN.
 */
export function assertCanAny(ctx: Who, actions: readonly Action[]): void {
  if (canAny(ctx, actions)) return;
  const role = typeof ctx === "string" ? ctx : ctx.role;
  if (actions.some((a) => mayRole(role, a))) throw new AppError("FORBIDDEN", PRODUCTION_ONLY_REASON);
  throw denial(actions);
}
