import type * as Permissions from "@/lib/auth/permissions";
import type { Action, Role } from "@/lib/auth/permissions";

/**
 * Permissions a test takes away from every role, to show that a page aggregating other features asks each
 * part's own permission (no sign-in role today lacks just one of them). Clear it after each test.
 */
export const deniedPermissions = new Set<Action>();

/**
 * The factory for `vi.mock("@/lib/auth/permissions", ...)`: the real module, with `can()` refusing what
 * `deniedPermissions` holds.
 */
export async function withDeniedPermissions(importOriginal: () => Promise<unknown>) {
  const real = (await importOriginal()) as typeof Permissions;
  return { ...real, can: (role: Role, action: Action) => !deniedPermissions.has(action) && real.can(role, action) };
}
