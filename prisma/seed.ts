/**
 * Demo data: Axys staff, Tenant "Acme Cards" (admin, viewer, two Programs, a partner).
 * Idempotent (an existing acme tenant is left as it is) and refuses production deployments.
 */
import { operatorCtx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { assertNotProductionDeployment, createDemoTenant, ensureDemoStaff } from "@/lib/demo/service";
import { ensureDefaultLegalDocuments } from "@/lib/legal/service";

const DEMO_PASSWORD = "axys-demo-password";

async function seed() {
  if (process.argv.includes("--production")) throw new Error("Refusing to seed demo data into production.");
  assertNotProductionDeployment();
  const op = operatorCtx({ actor: "seed" });
  await ensureDemoStaff(op, "staff@axys.test", DEMO_PASSWORD);
  if (!(await db.tenant.findUnique({ where: { slug: "acme" } }))) {
    await createDemoTenant(op, { slug: "acme", name: "Acme Cards", legalName: "Acme Cards Ltd", password: DEMO_PASSWORD });
  }
  await ensureDefaultLegalDocuments(op);
  console.log(`demo data ready: staff@axys.test, admin@acme.test, viewer@acme.test, partner@acme.test (password ${DEMO_PASSWORD})`);
}

seed()
  .then(() => db.$disconnect())
  .catch(async (e) => {
    console.error(e instanceof Error ? e.message : e);
    await db.$disconnect();
    process.exit(1);
  });
