import { isIP } from "node:net";
import type { LoadedCa } from "@/lib/certificates/ca";
import { randomSerialHex } from "@/lib/certificates/issue";
import { CA_ALGORITHM, subtle, toPem, x509 } from "@/lib/certificates/x509";

/**
 * A TLS server certificate for the gateway, signed by the environment's CA (so clients that trust
 * the Axys CA PEM with curl --cacert also trust the gateway). Valid 30 days; made at each start.
 */
export async function issueGatewayServerCertificate(
  ca: LoadedCa,
  hostnames: string[],
): Promise<{ certPem: string; keyPem: string }> {
  const alg = { name: "ECDSA", namedCurve: "P-256" } as const;
  const keys = (await subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: `CN=${hostnames[0]}, O=Axys`,
    issuer: ca.certificate.subjectName,
    notBefore: new Date(now - 5 * 60_000),
    notAfter: new Date(now + 30 * 86_400_000),
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: CA_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hostnames.map((h) => (isIP(h) ? { type: "ip" as const, value: h } : { type: "dns" as const, value: h })),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
    ],
  });
  const pkcs8 = Buffer.from(await subtle.exportKey("pkcs8", keys.privateKey))
    .toString("base64")
    .match(/.{1,64}/g)!
    .join("\n");
  return {
    certPem: toPem(cert.rawData, "CERTIFICATE") + ca.certificatePem,
    keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n`,
  };
}
