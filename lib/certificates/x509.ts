import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createHash, webcrypto } from "node:crypto";

// Node's native WebCrypto does the signing: a certificate costs well under a millisecond of CPU.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
export const subtle = webcrypto.subtle as unknown as SubtleCrypto;

/** CA keys: ECDSA P-384 with SHA-384. */
export const CA_ALGORITHM = { name: "ECDSA", namedCurve: "P-384", hash: "SHA-384" } as const;

export function sha256Hex(data: ArrayBuffer | Uint8Array, separator = ""): string {
  const hex = createHash("sha256")
    .update(data instanceof Uint8Array ? data : new Uint8Array(data))
    .digest("hex")
    .toUpperCase();
  return separator ? hex.match(/.{2}/g)!.join(separator) : hex;
}

/** PEM with the label openssl expects, ending in a newline. */
export function toPem(der: ArrayBuffer, label: "CERTIFICATE" | "X509 CRL"): string {
  return x509.PemConverter.encode(der, label).trim() + "\n";
}

/** A DER INTEGER (non-negative), for extensions the library has no class for (CRL number). */
export function derInteger(n: number): ArrayBuffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = "00" + hex;
  const bytes = Buffer.from(hex, "hex");
  return new Uint8Array([0x02, bytes.length, ...bytes]).buffer;
}
