import { randomBytes } from "node:crypto";
import { addAllowlistEntry } from "@/lib/allowlist/service";
import { issueApiKey } from "@/lib/api-keys/service";
import { createApiUser } from "@/lib/api-users/service";
import { operatorCtx } from "@/lib/auth/context";
import { getCaCertificatePem, submitCsr } from "@/lib/certificates/service";
import { createTenant } from "@/lib/tenants/service";
import { makeCtx, makeProgram } from "@/lib/testing/factories";
import { opensslCsr } from "@/lib/testing/openssl";

/**
 * A fresh Tenant with `programs` Programs ("Listed 0", ...) and a tenant_admin credential set calling from 127.0.0.1
 * (needs AXYS_ALLOWLIST_ALLOW_LOOPBACK=1; FCrDNS passes for loopback with a *.localhost `host`): its production
 * certificate (CSR made with openssl), private key and API key, and the production CA. For tests and benchmarks of
 * the production gateway.
 */
export async function loopbackTenantCredentials(o: { legalName: string; host: string; programs: number }) {
  const tenant = await createTenant(operatorCtx({ actor: "test" }), {
    name: o.legalName,
    slug: `t-${randomBytes(3).toString("hex")}`,
  });
  const admin = await makeCtx("tenant_admin", { tenantId: tenant.id, environment: "production" });
  for (let i = 0; i < o.programs; i++) await makeProgram(admin, { name: `Listed ${i}` });
  const apiUser = await createApiUser(admin, { name: "loopback", pattern: "tenant_admin", programId: null });
  const csr = opensslCsr("ec:P-256", `/O=${o.legalName}/OU=tenant/CN=${o.host}`);
  const cert = await submitCsr(admin, {
    environment: "production",
    programId: null,
    apiUserId: apiUser.id,
    csrPem: csr.csrPem,
  });
  const entry = await addAllowlistEntry(admin, {
    environment: "production",
    programId: null,
    cidr: "127.0.0.1",
    description: "This machine (loopback)",
  });
  if (entry.dns.status !== "pass") throw new Error(`allowlist entry did not pass FCrDNS: ${entry.dns.reason}`);
  return {
    tenantId: tenant.id,
    admin,
    apiUserId: apiUser.id,
    certPem: cert.certificatePem,
    keyPem: csr.keyPem,
    apiKey: (await issueApiKey(admin, { apiUserId: apiUser.id, environment: "production" })).key,
    caPem: await getCaCertificatePem("production"),
  };
}
