import { createHash, KeyObject, randomBytes, sign } from "node:crypto";
import type { CheckedCsr } from "@/lib/certificates/csr";
import {
  bitString,
  booleanTrue,
  explicit,
  namedBits,
  objectIdentifier,
  octetString,
  sequence,
  subjectPublicKeyBits,
  time,
  tlv,
  unsignedInteger,
} from "@/lib/certificates/der";
import { CA_ALGORITHM, sha256Hex, toPem, type x509 } from "@/lib/certificates/x509";

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

if (CA_ALGORITHM.name !== "ECDSA" || CA_ALGORITHM.hash !== "SHA-384")
  throw new Error("lib/certificates/issue.ts signs with ECDSA SHA-384 only: update it with CA_ALGORITHM");
/** AlgorithmIdentifier ecdsa-with-SHA384 (RFC 5758: no parameters). */
const SIGNATURE_ALGORITHM = sequence(objectIdentifier("1.2.840.10045.4.3.3"));
const V3 = explicit(0, unsignedInteger(Buffer.from([2])));
const extension = (oid: string, critical: boolean, value: Buffer) =>
  sequence(objectIdentifier(oid), ...(critical ? [booleanTrue()] : []), octetString(value));
const BASIC_CONSTRAINTS_END_ENTITY = extension("2.5.29.19", true, sequence()); // cA FALSE (the DER default)
const CLIENT_AUTH = extension("2.5.29.37", false, sequence(objectIdentifier("1.3.6.1.5.5.7.3.2")));
const keyUsage = (isRsa: boolean) => extension("2.5.29.15", true, namedBits(isRsa ? [0, 2] : [0])); // digitalSignature (+ keyEncipherment)
const keyIdentifier = (spki: Buffer) => createHash("sha1").update(subjectPublicKeyBits(spki)).digest();

/** What every certificate of a CA repeats, computed once per loaded CA: issuer name, AKI, the signing key. */
const perCa = new WeakMap<x509.X509Certificate, { issuer: Buffer; aki: Buffer; key: KeyObject }>();
function caParts(ca: { certificate: x509.X509Certificate; privateKey: CryptoKey }) {
  let p = perCa.get(ca.certificate);
  if (!p) {
    const caKeyId = keyIdentifier(Buffer.from(ca.certificate.publicKey.rawData));
    p = {
      issuer: Buffer.from(ca.certificate.subjectName.toArrayBuffer()),
      aki: extension("2.5.29.35", false, sequence(tlv(0x80, caKeyId))), // keyIdentifier [0] only
      key: KeyObject.from(ca.privateKey),
    };
    perCa.set(ca.certificate, p);
  }
  return p;
}

/**
 * Signs a client certificate for a checked CSR: 90 days (notBefore backdated for clock skew),
 * CA:FALSE, digitalSignature (+ keyEncipherment for RSA), clientAuth, SAN = the CSR's DNS names, SKI/AKI
 * (SHA-1 of the public key bits, RFC 5280 4.2.1.2 method 1). ECDSA P-384 / SHA-384 by node:crypto, off the
 * event loop.
 */
export async function signClientCertificate(
  ca: { certificate: x509.X509Certificate; privateKey: CryptoKey },
  csr: CheckedCsr,
  now = new Date(),
  serialHex = randomSerialHex(),
): Promise<IssuedCertificate> {
  const notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  const notAfter = new Date(now.getTime() + VALIDITY_DAYS * 86_400_000);
  const { issuer, aki, key } = caParts(ca);
  const spki = Buffer.from(csr.request.publicKey.rawData);
  for (const name of csr.dnsNames)
    if (!/^[\x21-\x7e]{1,253}$/.test(name)) throw new Error("a DNS name to certify is not printable ASCII"); // IA5String
  const serial = unsignedInteger(Buffer.from(serialHex, "hex"));
  const tbs = sequence(
    V3,
    serial,
    SIGNATURE_ALGORITHM,
    issuer,
    sequence(time(notBefore), time(notAfter)),
    Buffer.from(csr.request.subjectName.toArrayBuffer()),
    spki,
    explicit(
      3,
      sequence(
        BASIC_CONSTRAINTS_END_ENTITY,
        keyUsage(csr.isRsa),
        CLIENT_AUTH,
        extension("2.5.29.17", false, sequence(...csr.dnsNames.map((n) => tlv(0x82, Buffer.from(n, "ascii"))))),
        extension("2.5.29.14", false, octetString(keyIdentifier(spki))),
        aki,
      ),
    ),
  );
  const signature = await new Promise<Buffer>((resolve, reject) =>
    sign("sha384", tbs, key, (err, sig) => (err ? reject(err) : resolve(sig))),
  ); // DER ECDSA-Sig-Value, as X.509 wants
  const der = sequence(tbs, SIGNATURE_ALGORITHM, bitString(signature));
  // The serial's value as encoded (leading zero octets and the sign octet dropped, as Node's and @peculiar/x509's
  // serialNumber read it), so lookups match what clients present.
  const encodedSerial = serial
    .subarray(2)
    .toString("hex")
    .toUpperCase()
    .replace(/^00(?=[89A-F])/, "");
  return {
    pem: toPem(der.buffer.slice(der.byteOffset, der.byteOffset + der.length) as ArrayBuffer, "CERTIFICATE"),
    serialHex: encodedSerial,
    fingerprintSha256: sha256Hex(der, ":"),
    notBefore,
    notAfter,
  };
}
