import "server-only";
import type { Ctx } from "@/lib/auth/context";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** A Tenant's enabled administrators. Call it after lockTenant (lib/tenants/lock.ts) in the same transaction. */
export function countActiveAdmins(tx: Tx, tenantId: string): Promise<number> {
  return tx.user.count({ where: { tenantId, role: "tenant_admin", disabledAt: null } });
}

/**
 * The last-administrator rule: a Tenant keeps at least one enabled tenant_admin. Refuses (CONFLICT) demoting,
 * removing or disabling `user` when it is that last one. Concurrency-safe only under lockTenant.
 */
export async function assertNotLastAdmin(
  tx: Tx,
  tenantId: string,
  user: { email: string; role: string; disabledAt: Date | null },
  doing: "demote" | "remove" | "disable",
): Promise<void> {
  if (user.role !== "tenant_admin" || user.disabledAt) return;
  if ((await countActiveAdmins(tx, tenantId)) > 1) return;
  const then = {
    demote: "Make another member an administrator first, then change this role.",
    remove: "Make another member an administrator first, then remove this one.",
    disable: "Another administrator of the Tenant must exist first (invite one from the team page).",
  }[doing];
  throw new AppError("CONFLICT", `${user.email} is the last administrator of this Tenant. ${then}`);
}

/**
 * Inside the locked transaction: the signed-in caller is still an enabled administrator of the Tenant. Its session
 * was checked when the request began; a concurrent demotion or removal (two admins acting on each other at once)
 * committed since is seen here, so a stale caller changes nothing. The CLI operator has no user row.
 */
export async function assertCallerStillAdmin(tx: Tx, ctx: Ctx, tenantId: string): Promise<void> {
  if (!ctx.userId || ctx.role === "axys_operator") return;
  const me = await tx.user.findFirst({
    where: { id: ctx.userId, tenantId, role: "tenant_admin", disabledAt: null },
    select: { id: true },
  });
  if (!me) throw new AppError("FORBIDDEN", "Your role does not allow this action.");
}
