/**
 * Demo data: Axys staff, Tenant "Acme Cards" (admin, viewer, two Programs, a partner), 60 days of
 * transactions and balances, and partner visibility for Acme Travel.
 * Idempotent (an existing acme tenant is left as it is) and refuses production deployments.
 */
import { operatorCtx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { assertNotProductionDeployment, createDemoTenant, ensureDemoStaff } from "@/lib/demo/service";
import { ensureDefaultLegalDocuments } from "@/lib/legal/service";
import { generateDemoTransactions } from "@/lib/monitoring/generate";
import { setPartnerVisibility } from "@/lib/partners/service";

const DEMO_PASSWORD = "axys-demo-password";

async function seed() {
  if (process.argv.includes("--production")) throw new Error("Refusing to seed demo data into production.");
  assertNotProductionDeployment();
  const op = operatorCtx({ actor: "seed" });
  await ensureDemoStaff(op, "staff@axys.test", DEMO_PASSWORD);
  if (!(await db.tenant.findUnique({ where: { slug: "acme" } }))) {
    await createDemoTenant(op, {
      slug: "acme",
      name: "Acme Cards",
      legalName: "Acme Cards Ltd",
      password: DEMO_PASSWORD,
    });
  }
  await ensureDefaultLegalDocuments(op);
  // monitoring data, once: 60 days of transactions and balances; Acme Travel's partner sees them
  const acme = await db.tenant.findUnique({ where: { slug: "acme" } });
  if (acme && (await db.transaction.count({ where: { tenantId: acme.id } })) === 0) {
    const ctx = operatorCtx({ tenantId: acme.id, actor: "seed" });
    await generateDemoTransactions(ctx, { count: 3000, days: 60 });
    const travel = await db.program.findFirst({ where: { tenantId: acme.id, name: "Acme Travel" } });
    if (travel)
      await setPartnerVisibility(ctx, {
        programId: travel.id,
        exposeTransactions: true,
        includeMerchant: false,
        exposeBalances: true,
        granularity: "individual",
      });
  }
  console.log(
    `demo data ready: staff@axys.test, admin@acme.test, viewer@acme.test, partner@acme.test (password ${DEMO_PASSWORD})`,
  );
}

seed()
  .then(() => db.$disconnect())
  .catch(async (e) => {
    console.error(e instanceof Error ? e.message : e);
    await db.$disconnect();
    process.exit(1);
  });
