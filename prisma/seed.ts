/**
 * Demo data: Axys staff, Tenant "Acme Cards" with an admin, a viewer, two Programs and a partner.
 * Idempotent (re-running changes nothing) and refuses production deployments.
 */
import { operatorCtx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { listPrograms, createProgram } from "@/lib/programs/service";
import { createTenant } from "@/lib/tenants/service";
import { createUser } from "@/lib/users/service";

export const DEMO_PASSWORD = "axys-demo-password";

async function seed() {
  if (process.env.AXYS_DEPLOYMENT === "production" || process.argv.includes("--production")) {
    throw new Error("Refusing to seed demo data into a production deployment (AXYS_DEPLOYMENT=production).");
  }
  const op = operatorCtx({ actor: "seed" });
  const tenant = (await db.tenant.findUnique({ where: { slug: "acme" } }))
    ?? (await createTenant(op, { name: "Acme Cards", slug: "acme", legalName: "Acme Cards Ltd" }));
  const ctx = operatorCtx({ actor: "seed", tenantId: tenant.id });
  const existing = await listPrograms(ctx);
  const program = async (name: string, baseCurrency: string, transactionLimit: string) =>
    existing.find((p) => p.name === name) ?? createProgram(ctx, { name, baseCurrency, transactionLimit, threeDsEnabled: true, feeTemplate: "standard_debit" });
  await program("Acme Debit", "EUR", "5000.00");
  const travel = await program("Acme Travel", "USD", "2500.00");

  const users = [
    { email: "staff@axys.test", role: "staff_reviewer" as const, tenantId: null, programId: null, name: "Sam Staff" },
    { email: "admin@acme.test", role: "tenant_admin" as const, tenantId: tenant.id, programId: null, name: "Ada Admin" },
    { email: "viewer@acme.test", role: "tenant_viewer" as const, tenantId: tenant.id, programId: null, name: "Vic Viewer" },
    { email: "partner@acme.test", role: "partner_viewer" as const, tenantId: tenant.id, programId: travel.id, name: "Pat Partner" },
  ];
  for (const u of users) {
    if (!(await db.user.findUnique({ where: { email: u.email } }))) await createUser(op, { ...u, password: DEMO_PASSWORD });
  }
  console.log(`demo data ready: tenant acme, programs Acme Debit + Acme Travel, ${users.length} users (password ${DEMO_PASSWORD})`);
}

seed()
  .then(() => db.$disconnect())
  .catch(async (e) => {
    console.error(e instanceof Error ? e.message : e);
    await db.$disconnect();
    process.exit(1);
  });
