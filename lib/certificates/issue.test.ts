import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { checkCsr, type CheckedCsr } from "@/lib/certificates/csr";
import { readTlv } from "@/lib/certificates/der";
import { CLOCK_SKEW_MS, signClientCertificate, VALIDITY_DAYS } from "@/lib/certificates/issue";
import { CA_ALGORITHM, subtle, toPem, x509 } from "@/lib/certificates/x509";
import { openssl, opensslCsr, writeTemp, type KeySpec } from "@/lib/testing/openssl";

const LEGAL = "Issue Test Ltd";
const OU = "prg_issuetestissuete";
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function makeCa() {
  const keys = (await subtle.generateKey(CA_ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=Axys Test CA, O=Axys, C=GB",
    keys,
    signingAlgorithm: CA_ALGORITHM,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date("2060-01-01T00:00:00Z"), // past the 2049 case below
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, privateKey: keys.privateKey };
}

/** The certificate as @peculiar/x509's generator made it before (the reference encoding). */
async function reference(ca: Awaited<ReturnType<typeof makeCa>>, csr: CheckedCsr, now: Date, serialHex: string) {
  const usage = x509.KeyUsageFlags.digitalSignature | (csr.isRsa ? x509.KeyUsageFlags.keyEncipherment : 0);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialHex,
    subject: csr.request.subjectName,
    issuer: ca.certificate.subjectName,
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(now.getTime() + VALIDITY_DAYS * 86_400_000),
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
  return cert;
}

const tbsOf = (der: ArrayBuffer) => {
  const outer = readTlv(Buffer.from(der));
  const tbs = readTlv(outer.content);
  return outer.content.subarray(0, tbs.end).toString("hex");
};

describe("signClientCertificate", () => {
  const cases: { key: KeySpec; san?: string[]; now: Date; serial: string }[] = [
    { key: "ec:P-256", now: new Date(), serial: "7F0123456789ABCDEF0123456789ABCD" },
    {
      key: "rsa:2048",
      san: ["b.example.com", "c.example.com"],
      now: new Date(),
      serial: "000080AABBCCDDEEFF00112233445566",
    },
    { key: "ec:P-384", now: new Date("2049-12-01T10:11:12.345Z"), serial: "0000000000000000000000000000ABCD" }, // notAfter in 2050: GeneralizedTime
  ];
  it.each(cases)(
    "encodes the same TBSCertificate as @peculiar/x509 ($key, $serial), signed and valid for openssl",
    async (c) => {
      const ca = await makeCa();
      const g = opensslCsr(c.key, `/O=${LEGAL}/OU=${OU}/CN=a.example.com`, c.san);
      dirs.push(g.dir);
      const csr = await checkCsr(g.csrPem, {
        legalName: LEGAL,
        scope: { kind: "program", programId: OU },
        tenantProgramIds: [OU],
      });
      const ours = await signClientCertificate(ca, csr, c.now, c.serial);
      const theirs = await reference(ca, csr, c.now, c.serial);
      const parsed = new x509.X509Certificate(ours.pem);
      expect(tbsOf(parsed.rawData)).toBe(tbsOf(theirs.rawData));
      expect(ours.serialHex).toBe(theirs.serialNumber.toUpperCase());
      expect(ours.serialHex).toBe(parsed.serialNumber.toUpperCase());
      expect(await parsed.verify({ publicKey: ca.certificate.publicKey, signatureOnly: true })).toBe(true);

      // openssl reads it as a valid client certificate of this CA (at a time inside its validity)
      const caFile = writeTemp(g.dir, "ca.pem", toPem(ca.certificate.rawData, "CERTIFICATE"));
      const certFile = writeTemp(g.dir, "cert.pem", ours.pem);
      const at = String(Math.floor(c.now.getTime() / 1000));
      expect(openssl(["verify", "-attime", at, "-purpose", "sslclient", "-CAfile", caFile, certFile]).trim()).toBe(
        `${certFile}: OK`,
      );
      // a flipped bit in the signed part fails verification
      const der = Buffer.from(parsed.rawData);
      der[40] ^= 1;
      const tampered = new x509.X509Certificate(der);
      expect(await tampered.verify({ publicKey: ca.certificate.publicKey, signatureOnly: true })).toBe(false);
    },
  );
});
