import "server-only";
import { seal, unseal } from "@/lib/core/sealing";
import { db } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import { isUniqueViolation } from "@/lib/errors";
import { CA_ALGORITHM, subtle, toPem, x509 } from "@/lib/certificates/x509";

export interface LoadedCa {
  id: string;
  environment: Environment;
  certificate: x509.X509Certificate;
  certificatePem: string;
  privateKey: CryptoKey;
}

const CA_NAMES: Record<Environment, string> = {
  staging: "CN=Axys Staging Client CA, O=Axys", // the sandbox shares the staging CA
  production: "CN=Axys Production Client CA, O=Axys",
};
const CA_VALIDITY_YEARS = 10;
/** The associated data a CA private key is sealed with (its environment). */
export const caSealContext = (env: Environment) => `axys-ca-key:${env}`;

async function createCa(environment: Environment): Promise<void> {
  const keys = (await subtle.generateKey(CA_ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
  const now = new Date();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: CA_NAMES[environment],
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(Date.UTC(now.getUTCFullYear() + CA_VALIDITY_YEARS, now.getUTCMonth(), now.getUTCDate())),
    keys,
    signingAlgorithm: CA_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await subtle.exportKey("pkcs8", keys.privateKey));
  try {
    await db.certificateAuthority.create({
      data: {
        environment,
        subject: certificate.subject,
        certificatePem: toPem(certificate.rawData, "CERTIFICATE"),
        sealedKey: seal(pkcs8, caSealContext(environment)),
      },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // another instance created it first: use theirs
  } finally {
    pkcs8.fill(0);
  }
}

async function loadCa(environment: Environment): Promise<LoadedCa> {
  let row = await db.certificateAuthority.findUnique({ where: { environment } });
  if (!row) {
    await createCa(environment);
    row = await db.certificateAuthority.findUniqueOrThrow({ where: { environment } });
  }
  const pkcs8 = unseal(row.sealedKey, caSealContext(environment));
  const privateKey = await subtle.importKey("pkcs8", new Uint8Array(pkcs8), CA_ALGORITHM, false, ["sign"]);
  pkcs8.fill(0);
  return {
    id: row.id,
    environment,
    certificate: new x509.X509Certificate(row.certificatePem),
    certificatePem: row.certificatePem,
    privateKey,
  };
}

const cache = new Map<string, Promise<LoadedCa>>();

/** The environment's CA, created on first use (race-safe across instances), its key unsealed once per process. */
export function getCa(environment: Environment): Promise<LoadedCa> {
  const key = `${process.env.DATABASE_URL}|${environment}`;
  let ca = cache.get(key);
  if (!ca) {
    ca = loadCa(environment);
    cache.set(key, ca);
    ca.catch(() => cache.delete(key));
  }
  return ca;
}

/** Creates both CAs if missing; called at server start so a missing master key fails early. */
export async function ensureCertificateAuthorities(): Promise<void> {
  await Promise.all([getCa("staging"), getCa("production")]);
}
