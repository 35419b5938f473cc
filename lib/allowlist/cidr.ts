import { isIPv4, isIPv6 } from "node:net";
import { specialRangeOf, specialRangeReason } from "@/lib/net/special-ranges";

export interface ParsedCidr {
  version: 4 | 6;
  /** normalised, e.g. "203.0.113.7/32" */
  cidr: string;
  prefix: number;
  start: bigint;
  end: bigint;
  single: boolean;
}

export const MIN_PREFIX = { 4: 24, 6: 48 } as const;
const BITS = { 4: 32, 6: 128 } as const;

function v4ToBigInt(ip: string): bigint {
  return ip.split(".").reduce((n, part) => (n << 8n) + BigInt(Number(part)), 0n);
}

function v6ToBigInt(ip: string): bigint {
  let s = ip.toLowerCase();
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4tail) {
    const n = v4ToBigInt(v4tail[1]);
    s = s.slice(0, -v4tail[1].length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const groups = s.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  return groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
}

export function ipToBigInt(ip: string): { version: 4 | 6; value: bigint } | null {
  if (isIPv4(ip)) return { version: 4, value: v4ToBigInt(ip) };
  if (isIPv6(ip)) return { version: 6, value: v6ToBigInt(ip) };
  return null;
}

export function bigIntToIp(value: bigint, version: 4 | 6): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // compress the longest run of zero groups (RFC 5952)
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(":");
  return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.len).join(":")}`;
}

/** Fixed-width hex of an address, so string comparison orders like numbers (8 digits v4, 32 v6). */
export const toHex = (value: bigint, version: 4 | 6) => value.toString(16).padStart(version === 4 ? 8 : 32, "0");

export type CidrResult = { ok: true; value: ParsedCidr } | { ok: false; message: string };

/**
 * Parses an IPv4/IPv6 address or CIDR range. Ranges are bounded (IPv4 no wider than /24, IPv6 no
 * wider than /48); host bits must be zero (the message suggests the network address).
 */
export function parseCidr(input: string): CidrResult {
  const text = String(input ?? "").trim();
  const [ip, len, extra] = text.split("/");
  if (extra !== undefined || !ip)
    return { ok: false, message: `"${text}" is not an IP address or CIDR range (e.g. 203.0.113.7 or 203.0.113.0/28).` };
  const addr = ipToBigInt(ip);
  if (!addr) return { ok: false, message: `"${ip}" is not a valid IPv4 or IPv6 address.` };
  if (addr.version === 6 && addr.value >> 32n === 0xffffn) {
    return {
      ok: false,
      message: `${ip} is an IPv4-mapped IPv6 address: enter the IPv4 address ${bigIntToIp(addr.value & 0xffffffffn, 4)} instead.`,
    };
  }
  const bits = BITS[addr.version];
  if (len !== undefined && !/^\d{1,3}$/.test(len)) return { ok: false, message: `"/${len}" is not a prefix length.` };
  const prefix = len === undefined ? bits : Number(len);
  if (prefix > bits) return { ok: false, message: `An IPv${addr.version} prefix is at most /${bits}.` };
  if (prefix < MIN_PREFIX[addr.version]) {
    return {
      ok: false,
      message: `/${prefix} is too wide: IPv${addr.version} ranges may be at most /${MIN_PREFIX[addr.version]} (${addr.version === 4 ? "256" : "a /48 of"} addresses). Allowlist the addresses your servers call from.`,
    };
  }
  const hostBits = BigInt(bits - prefix);
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << hostBits) - 1n);
  const start = addr.value & mask;
  if (start !== addr.value)
    return {
      ok: false,
      message: `${text} has host bits set: the network is ${bigIntToIp(start, addr.version)}/${prefix}.`,
    };
  const end = start | ((1n << hostBits) - 1n);
  return {
    ok: true,
    value: {
      version: addr.version,
      cidr: `${bigIntToIp(start, addr.version)}/${prefix}`,
      prefix,
      start,
      end,
      single: prefix === bits,
    },
  };
}

/**
 * Why an address or range is not publicly routable (private, loopback, link-local, NAT64, ...), or
 * null. Uses the shared special-range classifier; documentation space (TEST-NET-1/2/3, 2001:db8::/32,
 * 3fff::/20) is accepted here so examples and tests can use it. Checking the first and last address
 * suffices: entries are CIDR blocks of at least /24 (IPv4) or /48 (IPv6), and every special block
 * narrower than that lies inside a wider special block, so a block either lies inside a special block
 * or misses all of them.
 */
export function nonPublicReason(c: ParsedCidr): string | null {
  for (const ip of [bigIntToIp(c.start, c.version), bigIntToIp(c.end, c.version)]) {
    const r = specialRangeOf(ip);
    if (r && r.range !== "documentation") return r.embedded?.length ? specialRangeReason(ip) : r.name;
  }
  return null;
}

/** Whether an address (as text) lies in [start, end] of the given version. */
export function contains(range: { ipVersion: number; rangeStart: string; rangeEnd: string }, ip: string): boolean {
  const a = ipToBigInt(ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1"));
  if (!a || a.version !== range.ipVersion) return false;
  const hex = toHex(a.value, a.version);
  return hex >= range.rangeStart && hex <= range.rangeEnd;
}
