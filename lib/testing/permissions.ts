import type * as Permissions from "@/lib/auth/permissions";
import type { Action, Who } from "@/lib/auth/permissions";

/**
 * Permissions a test takes away from every role, to show that a page aggregating other features asks each
 * part's own permission (no sign-in role today lacks just one of them). Clear it after each test.
 */
export const deniedPermissions = new Set<Action>();

/**
 * The factory for `vi.mock("@/lib/auth/permissions", ...)`: the real module, with `can()` refusing what
 * `deniedPermissions` holds (and so `canAny()`, which pages and services ask through the module too).
 */
export async function withDeniedPermissions(importOriginal: () => Promise<unknown>) {
  const real = (await importOriginal()) as typeof Permissions;
  const can = (who: Who, action: Action) => !deniedPermissions.has(action) && real.can(who, action);
  return { ...real, can, canAny: (who: Who, actions: readonly Action[]) => actions.some((a) => can(who, a)) };
}
