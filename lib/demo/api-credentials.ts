import "server-only";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { webcrypto } from "node:crypto";
import { allowLoopbackCallers, ALLOW_LOOPBACK_ENV } from "@/lib/allowlist/loopback";
import { addAllowlistEntry } from "@/lib/allowlist/service";
import { issueApiKey } from "@/lib/api-keys/service";
import { createApiUser } from "@/lib/api-users/service";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { TENANT_OU } from "@/lib/certificates/policy";
import { getCaCertificatePem, submitCsr } from "@/lib/certificates/service";
import { x509 } from "@/lib/certificates/x509";
import { db } from "@/lib/db";
import { assertNotProductionDeployment } from "@/lib/demo/service";
import { AppError } from "@/lib/errors";

/** Where `npm start` writes the demo's credential set (git-ignored, like the dev master key). */
export const DEMO_API_DIR = path.join(".axys", "demo-api");
export const DEMO_API_USER = "Demo Platform";

export interface DemoApiFiles {
  dir: string;
  certificate: string;
  privateKey: string;
  ca: string;
  apiKey: string;
}

export const demoApiFiles = (dir: string): DemoApiFiles => ({
  dir,
  certificate: path.join(dir, "tenant.crt"),
  privateKey: path.join(dir, "tenant.key"),
  ca: path.join(dir, "ca.pem"),
  apiKey: path.join(dir, "api-key"),
});

/** An EC P-256 key pair and its CSR, made in process (no openssl needed for `npm start`). */
async function makeCsr(subject: string, host: string): Promise<{ csrPem: string; keyPem: string }> {
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
  const keys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subject,
    keys,
    signingAlgorithm: alg,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: "dns", value: host }])],
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return { csrPem: csr.toString("pem"), keyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY").trim() + "\n" };
}

/**
 * The demo Tenant's tenant-level production credential set, so that `npm run gateway` and one curl call the
 * Account Management API at once: a `tenant_admin` API user, a production certificate for `api.<slug>.localhost`
 * (key made here), a production API key, and 127.0.0.1 and ::1 on the Tenant's production allowlist (allowed only
 * with AXYS_ALLOWLIST_ALLOW_LOOPBACK=1, local testing; FCrDNS passes for loopback with a *.localhost name).
 * Writes the key and certificate, the production CA and the API key into `dir` (private files 0600, the folder
 * 0700). Returns null when the API user exists already (the demo is left as it is; the key was shown when made).
 * Refuses production deployments.
 */
export async function ensureDemoApiCredentials(
  tenantId: string,
  dir: string = DEMO_API_DIR,
): Promise<{ files: DemoApiFiles; apiKey: string; host: string } | null> {
  assertNotProductionDeployment();
  if (!allowLoopbackCallers())
    throw new AppError("FORBIDDEN", `The demo API credentials need ${ALLOW_LOOPBACK_ENV}=1 (local testing only).`);
  if (await db.apiUser.findFirst({ where: { tenantId, name: DEMO_API_USER }, select: { id: true } })) return null;
  const tenant = await db.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { slug: true, legalName: true },
  });
  const ctx: Ctx = { ...operatorCtx({ tenantId, actor: "seed" }), environment: "production" };
  const host = `api.${tenant.slug}.localhost`;
  // a legal name holds none of the DN's special characters (the tenant schema refuses them)
  const { csrPem, keyPem } = await makeCsr(`O=${tenant.legalName}, OU=${TENANT_OU}, CN=${host}`, host);

  const user = await createApiUser(ctx, { name: DEMO_API_USER, pattern: "tenant_admin", programId: null });
  const cert = await submitCsr(ctx, { environment: "production", programId: null, apiUserId: user.id, csrPem });
  const key = await issueApiKey(ctx, { apiUserId: user.id, environment: "production" });
  // after the certificate: the FCrDNS check reads the scope's certificate names
  for (const cidr of ["127.0.0.1", "::1"])
    await addAllowlistEntry(ctx, {
      environment: "production",
      programId: null,
      cidr,
      description: "This machine (demo, local testing only)",
    });

  const files = demoApiFiles(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const write = (file: string, text: string, mode: number) => {
    if (existsSync(file)) chmodSync(file, 0o600);
    writeFileSync(file, text, { mode });
    chmodSync(file, mode); // writeFileSync's mode applies only to a new file
  };
  write(files.privateKey, keyPem, 0o600);
  write(files.apiKey, key.key + "\n", 0o600);
  write(files.certificate, cert.certificatePem, 0o644);
  write(files.ca, await getCaCertificatePem("production"), 0o644);
  return { files, apiKey: key.key, host };
}
