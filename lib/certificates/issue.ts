import { randomBytes } from "node:crypto";
import type { CheckedCsr } from "@/lib/certificates/csr";
import { CA_ALGORITHM, sha256Hex, toPem, x509 } from "@/lib/certificates/x509";

export const VALIDITY_DAYS = 90;
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface IssuedCertificate {
  pem: string;
  serialHex: string;
  fingerprintSha256: string;
  notBefore: Date;
  notAfter: Date;
}

/** A random 128-bit serial, kept positive (top bit clear): 127 random bits (RFC 5280: positive, <= 20 octets). */
export function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString("hex").toUpperCase();
}

/**
 * Signs a client certificate for a checked CSR: 90 days (notBefore backdated for clock skew),
 * CA:FALSE, digitalSignature (+ keyEncipherment for RSA), clientAuth, SAN = the CSR's DNS names, SKI/AKI.
 */
export async function signClientCertificate(
  ca: { certificate: x509.X509Certificate; privateKey: CryptoKey },
  csr: CheckedCsr,
  now = new Date(),
): Promise<IssuedCertificate> {
  const notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  const notAfter = new Date(now.getTime() + VALIDITY_DAYS * 86_400_000);
  const usage = x509.KeyUsageFlags.digitalSignature | (csr.isRsa ? x509.KeyUsageFlags.keyEncipherment : 0);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: csr.request.subjectName,
    issuer: ca.certificate.subjectName,
    notBefore,
    notAfter,
    publicKey: csr.request.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: CA_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usage, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension(csr.dnsNames.map((value) => ({ type: "dns" as const, value }))),
      await x509.SubjectKeyIdentifierExtension.create(csr.request.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
    ],
  });
  // The serial as encoded (DER drops a leading zero octet), so lookups match what clients present.
  return {
    pem: toPem(cert.rawData, "CERTIFICATE"),
    serialHex: cert.serialNumber.toUpperCase(),
    fingerprintSha256: sha256Hex(cert.rawData, ":"),
    notBefore,
    notAfter,
  };
}
