import { randomBytes } from "node:crypto";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import type { Role } from "@/lib/auth/permissions";
import type { Environment } from "@/lib/environments";
import { createProgram } from "@/lib/programs/service";
import { createTenant } from "@/lib/tenants/service";
import { createUser } from "@/lib/users/service";

export const TEST_PASSWORD = "correct-horse-battery";

export async function makeTenant(name = "Tenant") {
  const slug = `t-${randomBytes(4).toString("hex")}`;
  return createTenant(operatorCtx({ actor: "test" }), { name: `${name} ${slug}`, slug });
}

/** A signed-in caller's context, backed by a real user row. */
export async function makeCtx(
  role: Role,
  opts: { tenantId?: string | null; programId?: string | null; environment?: Environment } = {},
): Promise<Ctx> {
  if (role === "axys_operator")
    return operatorCtx({ tenantId: opts.tenantId, environment: opts.environment, actor: "test" });
  const email = `${role}-${randomBytes(4).toString("hex")}@example.test`;
  const user = await createUser(operatorCtx({ actor: "test" }), {
    email,
    role,
    tenantId: role === "staff_reviewer" ? null : opts.tenantId,
    programId: opts.programId ?? null,
    password: TEST_PASSWORD,
  });
  return {
    userId: user.id,
    actorLabel: email,
    role,
    tenantId: user.tenantId,
    programId: user.programId,
    environment: opts.environment ?? "production",
    ip: "203.0.113.7",
    userAgent: "vitest",
  };
}

export function makeProgram(ctx: Ctx, overrides: Partial<Parameters<typeof createProgram>[1]> = {}) {
  return createProgram(ctx, {
    name: `Program ${randomBytes(3).toString("hex")}`,
    baseCurrency: "EUR",
    transactionLimit: "5000.00",
    threeDsEnabled: true,
    feeTemplate: "custom",
    ...overrides, // "custom": no fee schedule until a test saves one
  });
}
