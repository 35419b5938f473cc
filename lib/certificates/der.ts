/**
 * The few DER encodings a client certificate needs (X.690), written directly: @peculiar/x509's generic ASN.1
 * object model cost about 3 ms of JavaScript per certificate, four times the signature. Inputs that come from a
 * CSR (subject, public key) are copied as the DER bytes the parser already validated; everything else is built
 * here from typed values. lib/certificates/issue.test.ts checks the result byte for byte against @peculiar/x509.
 */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

export const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
export const octetString = (b: Buffer) => tlv(0x04, b);
export const booleanTrue = () => Buffer.from([0x01, 0x01, 0xff]);
/** A context-specific constructed (EXPLICIT) tag [n]. */
export const explicit = (n: number, ...items: Buffer[]) => tlv(0xa0 | n, ...items);

/** A non-negative INTEGER from its big-endian magnitude (minimal: no redundant leading zero, sign octet added). */
export function unsignedInteger(magnitude: Buffer): Buffer {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const m = magnitude.subarray(i);
  return tlv(0x02, m[0] & 0x80 ? Buffer.concat([Buffer.from([0]), m]) : m);
}

export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split(".").map(Number);
  const out = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const groups = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) groups.unshift(0x80 | (v & 0x7f));
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; seconds, Z. */
export function time(d: Date): Buffer {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, "");
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, "ascii"))
    : tlv(0x18, Buffer.from(`${digits}Z`, "ascii"));
}

/** BIT STRING of named bits (bit 0 = the most significant bit of the first octet), minimal as DER wants. */
export function namedBits(bits: number[]): Buffer {
  const top = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(top / 8) + 1);
  for (const b of bits) bytes[Math.floor(b / 8)] |= 0x80 >> (b % 8);
  return tlv(0x03, Buffer.from([7 - (top % 8)]), bytes);
}

export const bitString = (content: Buffer) => tlv(0x03, Buffer.from([0]), content);

/** The TLV at `offset` of `der`: its tag, its content and where the next one starts. */
export function readTlv(der: Buffer, offset = 0): { tag: number; content: Buffer; end: number } {
  const tag = der[offset];
  let len = der[offset + 1];
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4) throw new Error("DER: unsupported length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i];
    start += n;
  }
  if (start + len > der.length) throw new Error("DER: truncated");
  return { tag, content: der.subarray(start, start + len), end: start + len };
}

/** The subjectPublicKey bits of a DER SubjectPublicKeyInfo (what RFC 5280's key identifiers hash). */
export function subjectPublicKeyBits(spki: Buffer): Buffer {
  const outer = readTlv(spki);
  if (outer.tag !== 0x30) throw new Error("DER: SubjectPublicKeyInfo is not a SEQUENCE");
  const algorithm = readTlv(outer.content);
  const key = readTlv(outer.content, algorithm.end);
  if (key.tag !== 0x03 || key.content[0] !== 0)
    throw new Error("DER: subjectPublicKey is not a whole-octet BIT STRING");
  return key.content.subarray(1);
}
