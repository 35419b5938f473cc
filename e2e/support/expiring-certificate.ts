// Issues a certificate for a Program of a Tenant as if 80 days ago (certificates last 90 days: it expires in 10),
// then runs the worker's reminder pass once, as the worker in the app does every minute: the 30- and 15-day
// reminders fire late, each with its webhook event and notice, and one email (the 15-day one) per tenant admin.
// Prints {certificateId, serialHex, notAfter}. Used by e2e/mail.spec.ts (DATABASE_URL = the e2e database).
import { operatorCtx } from "@/lib/auth/context";
import { submitCsr } from "@/lib/certificates/service";
import { db } from "@/lib/db";
import { opensslCsr } from "@/lib/testing/openssl";
import { scheduleExpiryReminders } from "@/lib/webhooks/reminders";

const [tenantId, programId] = process.argv.slice(2);
const ctx = operatorCtx({ tenantId, actor: "e2e" });
const { legalName } = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { legalName: true } });
const apiUser = await db.apiUser.findFirst({ where: { tenantId, programId, disabledAt: null }, select: { id: true } });
const cert = await submitCsr(
  ctx,
  {
    environment: "staging",
    programId,
    apiUserId: apiUser?.id ?? null,
    csrPem: opensslCsr("ec:P-256", `/O=${legalName}/OU=${programId}/CN=api.e2e.example`).csrPem,
  },
  new Date(Date.now() - 80 * 86_400_000),
);
await scheduleExpiryReminders();
process.stdout.write(
  JSON.stringify({ certificateId: cert.id, serialHex: cert.serialHex, notAfter: cert.notAfter.toISOString() }),
);
await db.$disconnect();
