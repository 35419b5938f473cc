import { describe, expect, it } from "vitest";
import { type Action, assertCan, can, readOnlyReason, ROLES } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

// The role matrix: what each sign-in role may do. A change here is a security review.
const MATRIX: Record<(typeof ROLES)[number], Action[]> = {
  tenant_admin: [
    "programs:read", "programs:create", "programs:configure", "audit:read", "certificates:read", "certificates:write",
    "apiusers:read", "apiusers:write", "allowlist:read", "allowlist:write", "wallets:read", "wallets:write",
    "webhooks:read", "webhooks:write", "designs:read", "designs:write",
    "requests:read", "requests:write", "bank:read", "bank:reveal", "legal:read", "fees:read", "fees:write",
    "monitoring:read", "partners:read", "partners:manage", "notifications:read", "onboarding:read",
  ],
  tenant_viewer: ["programs:read", "audit:read", "certificates:read", "apiusers:read", "allowlist:read", "wallets:read", "webhooks:read", "designs:read",
    "requests:read", "bank:read", "legal:read", "fees:read", "monitoring:read", "partners:read",
    "notifications:read", "onboarding:read",
  ],
  // no notifications:read (the Tenant's operational alerts) and no onboarding:read (the checklist aggregates
  // certificates, allowlist, bank, fees and requests): a partner sees only what its Tenant exposed
  partner_viewer: ["programs:read", "monitoring:read"],
  staff_reviewer: ["designs:review", "requests:review", "legal:read", "fees:minimums", "staff:console"],
};
const ALL: Action[] = [
  "programs:read", "programs:create", "programs:configure", "audit:read", "certificates:read", "certificates:write",
  "apiusers:read", "apiusers:write", "allowlist:read", "allowlist:write", "wallets:read", "wallets:write", "webhooks:read", "webhooks:write", "designs:read", "designs:write", "designs:review",
  "requests:read", "requests:write", "requests:review", "bank:read", "bank:reveal", "bank:manage", "legal:read", "legal:publish",
  "fees:read", "fees:write", "fees:minimums", "staff:console", "tenants:manage", "users:manage",
  "monitoring:read", "monitoring:ingest", "partners:read", "partners:manage", "notifications:read", "onboarding:read",
];

describe("permission table", () => {
  it.each(ROLES)("%s may do exactly its actions", (role) => {
    expect(ALL.filter((a) => can(role, a))).toEqual(MATRIX[role]);
  });

  it("answers a missing read permission as not found and a missing write as forbidden", () => {
    const err = (fn: () => void) => { try { fn(); return null; } catch (e) { return (e as AppError).code; } };
    expect(err(() => assertCan({ role: "staff_reviewer" }, "audit:read"))).toBe("NOT_FOUND");
    expect(err(() => assertCan({ role: "tenant_viewer" }, "programs:create"))).toBe("FORBIDDEN");
    expect(err(() => assertCan({ role: "tenant_admin" }, "programs:create"))).toBeNull();
  });

  it("gives notifications their own permission: partners and staff may not read the Tenant's alerts", () => {
    expect(ROLES.filter((r) => can(r, "notifications:read"))).toEqual(["tenant_admin", "tenant_viewer"]);
    expect(ROLES.filter((r) => can(r, "onboarding:read"))).toEqual(["tenant_admin", "tenant_viewer"]);
  });

  it("explains a read-only page from the table: who may change it, nothing when the role may", () => {
    expect(readOnlyReason("tenant_viewer", "fees:write")).toBe("Only a tenant administrator can change this.");
    expect(readOnlyReason("partner_viewer", "webhooks:write")).toBe("Only a tenant administrator can change this.");
    expect(readOnlyReason("tenant_viewer", "bank:reveal")).toBe("Only a tenant administrator can reveal the full numbers.");
    expect(readOnlyReason("tenant_admin", "bank:manage")).toBe("Only Axys can change this."); // the CLI operator is no sign-in role
    expect(readOnlyReason("staff_reviewer", "fees:minimums")).toBeNull();
    for (const action of ALL) {
      for (const role of ROLES) expect(readOnlyReason(role, action) === null, `${role} ${action}`).toBe(can(role, action));
    }
  });
});
