import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  type Action,
  assertCan,
  assertCanAny,
  can,
  canAny,
  POLICY,
  productionOnlyNote,
  readOnlyReason,
  type Role,
  ROLES,
} from "@/lib/auth/permissions";
import { PRODUCTION_ONLY_REASON } from "@/lib/environments";
import { AppError } from "@/lib/errors";

const err = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (e) {
    return { code: (e as AppError).code, message: (e as AppError).message };
  }
};
const codeOf = (fn: () => void) => err(fn)?.code ?? null;
const allowed = (role: Role) => ACTIONS.filter((a) => can(role, a));
const reads = ACTIONS.filter((a) => POLICY[a].denied === "NOT_FOUND");

// The role matrix is the table in lib/auth/permissions.ts (POLICY); this file reads it and states what must hold of it.
describe("permission table", () => {
  it.each([...ROLES, "axys_operator"] as Role[])("%s may do exactly what the table's rows give it", (role) => {
    const rows = ACTIONS.filter((a) =>
      role === "axys_operator" ? POLICY[a].operator !== false : (POLICY[a].roles as readonly Role[]).includes(role),
    );
    expect(allowed(role)).toEqual(rows);
  });

  it("keeps each role to its shape: partners see their Program and its monitoring, staff review, viewers read", () => {
    expect(allowed("partner_viewer")).toEqual(["programs:read", "monitoring:read"]);
    expect(allowed("staff_reviewer")).toEqual([
      "designs:review",
      "requests:review",
      "legal:read",
      "fees:minimums",
      "staff:console",
    ]);
    expect(allowed("tenant_viewer")).toEqual(reads);
    // the admin may everything the viewer may, plus the Tenant's own writes: never a staff review nor an Axys-only action
    expect(allowed("tenant_admin").filter((a) => !can("tenant_viewer", a))).toEqual([
      "programs:create",
      "programs:configure",
      "certificates:write",
      "apiusers:write",
      "allowlist:write",
      "wallets:write",
      "webhooks:write",
      "designs:write",
      "requests:write",
      "bank:reveal",
      "fees:write",
      "partners:manage",
      "team:manage",
      "tenants:security",
    ]);
    expect(allowed("tenant_viewer").every((a) => can("tenant_admin", a))).toBe(true);
  });

  it("builds the CLI operator from the table: everything but the browser-only staff console", () => {
    expect(ACTIONS.filter((a) => !can("axys_operator", a))).toEqual(["staff:console"]);
    for (const a of [
      "bank:manage",
      "legal:publish",
      "monitoring:ingest",
      "tenants:manage",
      "users:manage",
      "mail:outbox",
    ] as Action[]) {
      expect(
        ROLES.filter((r) => can(r, a)),
        a,
      ).toEqual([]);
      expect(can("axys_operator", a)).toBe(true);
    }
  });

  it("answers a missing read permission as not found and a missing write as forbidden", () => {
    expect(codeOf(() => assertCan({ role: "staff_reviewer" }, "audit:read"))).toBe("NOT_FOUND");
    expect(codeOf(() => assertCan({ role: "tenant_viewer" }, "programs:create"))).toBe("FORBIDDEN");
    expect(codeOf(() => assertCan({ role: "tenant_admin" }, "programs:create"))).toBeNull();
    // every read hides; nothing else does (the staff console, unscoped, says FORBIDDEN like the writes)
    for (const a of ACTIONS) expect(POLICY[a].denied, a).toBe(a.endsWith(":read") ? "NOT_FOUND" : "FORBIDDEN");
  });

  it("gives notifications their own permission: partners and staff may not read the Tenant's alerts", () => {
    expect(ROLES.filter((r) => can(r, "notifications:read"))).toEqual(["tenant_admin", "tenant_viewer"]);
    expect(ROLES.filter((r) => can(r, "onboarding:read"))).toEqual(["tenant_admin", "tenant_viewer"]);
  });

  it("refuses production-only actions outside production, with the reason, and only those", () => {
    const staging = { role: "tenant_admin" as const, environment: "staging" as const };
    const production = { ...staging, environment: "production" as const };
    expect(ACTIONS.filter((a) => POLICY[a].productionOnly)).toEqual([
      "programs:configure",
      "designs:write",
      "requests:write",
      "fees:write",
    ]);
    expect(err(() => assertCan(staging, "fees:write"))).toEqual({ code: "FORBIDDEN", message: PRODUCTION_ONLY_REASON });
    expect(can(staging, "fees:write")).toBe(false);
    expect(can(production, "fees:write")).toBe(true);
    expect(can("tenant_admin", "fees:write")).toBe(true); // a role alone: "may, in production" (the nav and tabs)
    expect(can(staging, "certificates:write")).toBe(true); // each environment has its own certificates
    expect(can({ role: "axys_operator", environment: "staging" }, "programs:configure")).toBe(false);
    // a role that may not at all still hears about its role, not the environment
    expect(err(() => assertCan({ role: "tenant_viewer", environment: "staging" }, "fees:write"))?.message).toBe(
      "Your role does not allow this action.",
    );
    expect(productionOnlyNote(staging, "designs:write")).toBe(PRODUCTION_ONLY_REASON);
    expect(productionOnlyNote({ environment: "staging" }, "wallets:write")).toBeNull();
    expect(productionOnlyNote(production, "designs:write")).toBeNull();
  });

  it("canAny: one allowed action is enough; a denial of all hides when any of them is a read", () => {
    expect(canAny("staff_reviewer", ["fees:minimums", "fees:read"])).toBe(true);
    expect(canAny("tenant_viewer", ["fees:minimums", "fees:read"])).toBe(true);
    expect(canAny("partner_viewer", ["fees:minimums", "fees:read"])).toBe(false);
    expect(canAny("tenant_admin", [])).toBe(false);
    expect(codeOf(() => assertCanAny({ role: "partner_viewer" }, ["fees:minimums", "fees:read"]))).toBe("NOT_FOUND");
    expect(codeOf(() => assertCanAny({ role: "tenant_viewer" }, ["fees:write", "partners:manage"]))).toBe("FORBIDDEN");
    expect(codeOf(() => assertCanAny({ role: "staff_reviewer" }, ["fees:minimums", "fees:read"]))).toBeNull();
  });

  it("explains a read-only page from the table: who may change it, nothing when the role may", () => {
    expect(readOnlyReason("tenant_viewer", "fees:write")).toBe("Only a tenant administrator can change this.");
    expect(readOnlyReason("partner_viewer", "webhooks:write")).toBe("Only a tenant administrator can change this.");
    expect(readOnlyReason("tenant_viewer", "bank:reveal")).toBe(
      "Only a tenant administrator can reveal the full numbers.",
    );
    expect(readOnlyReason("tenant_admin", "bank:manage")).toBe("Only Axys can change this."); // the CLI operator is no sign-in role
    expect(readOnlyReason("staff_reviewer", "fees:minimums")).toBeNull();
    for (const action of ACTIONS) {
      for (const role of ROLES)
        expect(readOnlyReason(role, action) === null, `${role} ${action}`).toBe(can(role, action));
    }
  });
});
