import "server-only";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createProgram } from "@/lib/programs/service";
import { createTenant } from "@/lib/tenants/service";
import { createUser } from "@/lib/users/service";

export interface DemoTenant {
  tenant: { id: string; slug: string; name: string };
  programs: { id: string; name: string }[];
  users: { email: string; role: string; programId: string | null }[];
}

export function assertNotProductionDeployment(): void {
  if (process.env.AXYS_DEPLOYMENT === "production") {
    throw new AppError(
      "FORBIDDEN",
      "Refusing to create demo data in a production deployment (AXYS_DEPLOYMENT=production).",
    );
  }
}

/**
 * A demo Tenant: an admin, a viewer, two Programs (EUR, USD) and a partner bound to the second.
 * Users are admin@<slug>.test, viewer@<slug>.test, partner@<slug>.test. Refuses production deployments.
 */
export async function createDemoTenant(
  op: Ctx,
  input: { slug: string; name: string; legalName?: string; password: string },
): Promise<DemoTenant> {
  assertCan(op, "tenants:manage");
  assertNotProductionDeployment();
  // The steps below are separate service transactions: check up front what could make a later one fail.
  const emails = ["admin", "viewer", "partner"].map((l) => `${l}@${input.slug}.test`);
  if (await db.user.findFirst({ where: { email: { in: emails } } })) {
    throw new AppError("CONFLICT", `Demo users for "${input.slug}" already exist; choose another slug.`, "slug");
  }
  const tenant = await createTenant(op, { slug: input.slug, name: input.name, legalName: input.legalName });
  const ctx = operatorCtx({ tenantId: tenant.id, actor: op.actorLabel.replace(/^cli:/, "") });
  const debit = await createProgram(ctx, {
    name: `${input.name.split(" ")[0]} Debit`,
    baseCurrency: "EUR",
    transactionLimit: "5000.00",
    threeDsEnabled: true,
    feeTemplate: "standard_debit",
  });
  const travel = await createProgram(ctx, {
    name: `${input.name.split(" ")[0]} Travel`,
    baseCurrency: "USD",
    transactionLimit: "2500.00",
    threeDsEnabled: true,
    feeTemplate: "prepaid_lite",
  });
  const specs = [
    { local: "admin", role: "tenant_admin", programId: null, name: "Ada Admin" },
    { local: "viewer", role: "tenant_viewer", programId: null, name: "Vic Viewer" },
    { local: "partner", role: "partner_viewer", programId: travel.id, name: "Pat Partner" },
  ] as const;
  const users = [];
  for (const s of specs) {
    const u = await createUser(op, {
      email: `${s.local}@${input.slug}.test`,
      role: s.role,
      tenantId: tenant.id,
      programId: s.programId,
      name: s.name,
      password: input.password,
    });
    users.push({ email: u.email, role: u.role, programId: u.programId });
  }
  return {
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    programs: [debit, travel].map((p) => ({ id: p.id, name: p.name })),
    users,
  };
}

/** Axys staff reviewer account for demos (idempotent). */
export async function ensureDemoStaff(op: Ctx, email: string, password: string): Promise<void> {
  assertNotProductionDeployment();
  if (!(await db.user.findUnique({ where: { email } })))
    await createUser(op, { email, role: "staff_reviewer", name: "Sam Staff", password });
}
