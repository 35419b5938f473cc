/**
 * Demo data: Axys staff, Tenant "Acme Cards" (admin, viewer, two Programs, a partner), 60 days of
 * transactions and balances, partner visibility for Acme Travel, and a tenant-level production API credential set
 * (written to .axys/demo-api/, with AXYS_ALLOWLIST_ALLOW_LOOPBACK=1 as `npm start` sets it).
 * Idempotent (an existing acme tenant is left as it is) and refuses production deployments.
 */
import { allowLoopbackCallers, ALLOW_LOOPBACK_ENV } from "@/lib/allowlist/loopback";
import { operatorCtx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { DEMO_API_DIR, demoApiFiles, ensureDemoApiCredentials } from "@/lib/demo/api-credentials";
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
  if (acme) await demoApi(acme.id);
  console.log(
    `demo data ready: staff@axys.test, admin@acme.test, viewer@acme.test, partner@acme.test (password ${DEMO_PASSWORD})`,
  );
}

/** The Account Management API credential set; its API key is printed here once (never through the logger). */
async function demoApi(tenantId: string) {
  if (!allowLoopbackCallers()) {
    console.log(
      `demo API credentials skipped: they need ${ALLOW_LOOPBACK_ENV}=1 (local testing only; npm start sets it)`,
    );
    return;
  }
  const made = await ensureDemoApiCredentials(tenantId);
  const f = demoApiFiles(DEMO_API_DIR);
  if (made) {
    console.log(
      `demo API credentials (tenant_admin API user, production): API key ${made.apiKey} (shown once; kept in ${f.apiKey}, mode 0600)\n` +
        `  certificate ${f.certificate}, private key ${f.privateKey} (0600), gateway CA ${f.ca}`,
    );
  }
  console.log(
    `call the Account Management API: npm run gateway, then\n` +
      `  curl --cacert ${f.ca} --cert ${f.certificate} --key ${f.privateKey} -H "X-API-Key: $(cat ${f.apiKey})" https://localhost:9443/am/v1/programs`,
  );
}

seed()
  .then(() => db.$disconnect())
  .catch(async (e) => {
    console.error(e instanceof Error ? e.message : e);
    await db.$disconnect();
    process.exit(1);
  });
