import ipaddr from "ipaddr.js";
import { isIP } from "node:net";

/**
 * One classifier for "is this address somewhere an outbound call or an allowlist may point?".
 *
 * The decision comes from ipaddr.js's `range()` (anything it does not call `unicast` is special) plus
 * the IANA IPv4/IPv6 special-purpose registry entries it does not name, the IPv4-compatible block
 * ::/96 and all IPv6 space outside 2000::/3 (IANA assigns global unicast only from there). The IANA
 * table also gives each range a precise human name. IPv6 forms that embed an IPv4 address
 * (mapped, translated, compatible, NAT64, 6to4, Teredo) also report the embedded address and its range.
 */

export interface SpecialRange {
  /** stable category: ipaddr.js's range name where it has one ("private", "linkLocal", "rfc6052", ...) */
  range: string;
  /** e.g. "link-local", "a private range (RFC 1918)" */
  name: string;
  /** the name with the registry block: "link-local (169.254.0.0/16)", "a private range (RFC 1918, 10.0.0.0/8)" */
  label: string;
  /** the IPv4 address an IPv6 form carries, when it has one */
  embedded?: { ipv4: string; range: SpecialRange | null; role?: string }[];
}

type Entry = { cidr: string; range: string; name: string };

/** IANA IPv4 Special-Purpose Address Registry, plus multicast (RFC 5771). */
const IPV4: Entry[] = [
  { cidr: "0.0.0.0/8", range: "unspecified", name: 'the "this network" range' },
  { cidr: "0.0.0.0/32", range: "unspecified", name: 'the "this host on this network" address' },
  { cidr: "10.0.0.0/8", range: "private", name: "a private range (RFC 1918)" },
  { cidr: "100.64.0.0/10", range: "carrierGradeNat", name: "carrier-grade NAT space (RFC 6598)" },
  { cidr: "127.0.0.0/8", range: "loopback", name: "loopback" },
  { cidr: "169.254.0.0/16", range: "linkLocal", name: "link-local" },
  { cidr: "172.16.0.0/12", range: "private", name: "a private range (RFC 1918)" },
  { cidr: "192.0.0.0/24", range: "reserved", name: "IETF protocol assignments" },
  { cidr: "192.0.0.0/29", range: "reserved", name: "the IPv4 service continuity prefix (DS-Lite)" },
  { cidr: "192.0.0.8/32", range: "reserved", name: "the IPv4 dummy address" },
  { cidr: "192.0.0.9/32", range: "reserved", name: "PCP anycast" },
  { cidr: "192.0.0.10/32", range: "reserved", name: "TURN anycast" },
  { cidr: "192.0.0.170/32", range: "reserved", name: "NAT64/DNS64 discovery" },
  { cidr: "192.0.0.171/32", range: "reserved", name: "NAT64/DNS64 discovery" },
  { cidr: "192.0.2.0/24", range: "documentation", name: "documentation space (TEST-NET-1)" },
  { cidr: "192.31.196.0/24", range: "as112", name: "AS112 anycast" },
  { cidr: "192.52.193.0/24", range: "amt", name: "AMT anycast" },
  { cidr: "192.88.99.0/24", range: "reserved", name: "the deprecated 6to4 relay anycast range" },
  { cidr: "192.168.0.0/16", range: "private", name: "a private range (RFC 1918)" },
  { cidr: "192.175.48.0/24", range: "as112", name: "AS112 direct delegation" },
  { cidr: "198.18.0.0/15", range: "benchmarking", name: "benchmarking space (RFC 2544)" },
  { cidr: "198.51.100.0/24", range: "documentation", name: "documentation space (TEST-NET-2)" },
  { cidr: "203.0.113.0/24", range: "documentation", name: "documentation space (TEST-NET-3)" },
  { cidr: "224.0.0.0/4", range: "multicast", name: "multicast" },
  { cidr: "240.0.0.0/4", range: "reserved", name: "reserved for future use" },
  { cidr: "255.255.255.255/32", range: "broadcast", name: "the limited broadcast address" },
];

/** IANA IPv6 Special-Purpose Address Registry, plus the IPv6 address space registry's non-unicast blocks. */
const IPV6: Entry[] = [
  { cidr: "::/3", range: "reserved", name: "outside the global unicast space 2000::/3 (reserved by the IETF)" },
  { cidr: "4000::/2", range: "reserved", name: "outside the global unicast space 2000::/3 (reserved by the IETF)" },
  { cidr: "8000::/1", range: "reserved", name: "outside the global unicast space 2000::/3 (reserved by the IETF)" },
  { cidr: "::/128", range: "unspecified", name: "the unspecified address" },
  { cidr: "::1/128", range: "loopback", name: "loopback" },
  { cidr: "::/96", range: "ipv4Compatible", name: "an IPv4-compatible address (deprecated)" },
  { cidr: "::ffff:0:0/96", range: "ipv4Mapped", name: "an IPv4-mapped address" },
  { cidr: "::ffff:0:0:0/96", range: "rfc6145", name: "an IPv4-translated address (SIIT)" },
  { cidr: "64:ff9b::/96", range: "rfc6052", name: "the NAT64 prefix" },
  { cidr: "64:ff9b:1::/48", range: "rfc6052", name: "the local-use NAT64 prefix" },
  { cidr: "100::/64", range: "discard", name: "the discard-only prefix" },
  { cidr: "100:0:0:1::/64", range: "reserved", name: "the dummy IPv6 prefix" },
  { cidr: "2001::/23", range: "reserved", name: "IETF protocol assignments" },
  { cidr: "2001::/32", range: "teredo", name: "a Teredo address" },
  { cidr: "2001:1::1/128", range: "reserved", name: "PCP anycast" },
  { cidr: "2001:1::2/128", range: "reserved", name: "TURN anycast" },
  { cidr: "2001:1::3/128", range: "reserved", name: "DNS-SD SRP anycast" },
  { cidr: "2001:2::/48", range: "benchmarking", name: "benchmarking space" },
  { cidr: "2001:3::/32", range: "amt", name: "AMT anycast" },
  { cidr: "2001:4:112::/48", range: "as112v6", name: "AS112 anycast" },
  { cidr: "2001:10::/28", range: "deprecatedOrchid", name: "the deprecated ORCHID range" },
  { cidr: "2001:20::/28", range: "orchid2", name: "ORCHIDv2" },
  { cidr: "2001:30::/28", range: "droneRemoteIdProtocolEntityTags", name: "drone remote ID entity tags" },
  { cidr: "2001:db8::/32", range: "documentation", name: "documentation space" },
  { cidr: "2002::/16", range: "6to4", name: "a 6to4 address" },
  { cidr: "2620:4f:8000::/48", range: "as112v6", name: "AS112 direct delegation" },
  { cidr: "3fff::/20", range: "documentation", name: "documentation space" },
  { cidr: "5f00::/16", range: "segmentRouting", name: "segment routing SIDs" },
  { cidr: "fc00::/7", range: "uniqueLocal", name: "a unique-local (private) range" },
  { cidr: "fe80::/10", range: "linkLocal", name: "link-local" },
  { cidr: "fec0::/10", range: "deprecatedSiteLocal", name: "deprecated site-local space" },
  { cidr: "ff00::/8", range: "multicast", name: "multicast" },
];

const parsed = [...IPV4, ...IPV6]
  .map((e) => ({ ...e, net: ipaddr.parseCIDR(e.cidr) }))
  .sort((a, b) => b.net[1] - a.net[1]); // most specific first

/** Names for ipaddr.js ranges the IANA table above does not cover (a newer ipaddr.js release may add some). */
const fallbackName = (range: string) => `a special-purpose range ("${range}")`;

const v4 = (n: number) => ipaddr.fromByteArray([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).toString();
const low32 = (b: number[]) => ((b[12] << 24) | (b[13] << 16) | (b[14] << 8) | b[15]) >>> 0;

/** The IPv4 addresses an IPv6 form carries (RFC 4291 mapped/compatible, RFC 6145, RFC 6052 /96, RFC 3056, RFC 4380). */
function embeddedIpv4(addr: ipaddr.IPv6, range: string): { ipv4: string; role?: string }[] {
  const b = addr.toByteArray();
  switch (range) {
    case "ipv4Mapped":
    case "ipv4Compatible":
    case "rfc6145":
      return [{ ipv4: v4(low32(b)) }];
    case "rfc6052":
      // the well-known /96 prefix; the local-use /48 may carry it at other offsets (RFC 6052 §2.2), refused either way
      return addr.match(ipaddr.parseCIDR("64:ff9b::/96")) ? [{ ipv4: v4(low32(b)) }] : [];
    case "6to4":
      return [{ ipv4: v4(((b[2] << 24) | (b[3] << 16) | (b[4] << 8) | b[5]) >>> 0) }];
    case "teredo":
      // bits 32-63: the Teredo server; the last 32 bits: the client's public address XOR 0xffffffff
      return [
        { ipv4: v4(((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]) >>> 0), role: "server" },
        { ipv4: v4(~low32(b) >>> 0), role: "client" },
      ];
    default:
      return [];
  }
}

/**
 * The special-purpose range an address lies in, or null for ordinary public unicast. Throws on text
 * that is not a plain IPv4/IPv6 address (no shorthand like "127.1": callers pass canonical forms).
 */
export function specialRangeOf(ip: string): SpecialRange | null {
  const text = ip.trim();
  if (!isIP(text)) throw new Error(`"${ip}" is not an IP address.`);
  const addr = ipaddr.parse(text);
  const libRange = addr.range();
  const hit = parsed.find((e) => addr.kind() === e.net[0].kind() && addr.match(e.net));
  if (!hit && libRange === "unicast") return null;
  const range = hit ? hit.range : libRange;
  const name = hit ? hit.name : fallbackName(libRange);
  const label = !hit ? name : name.endsWith(")") ? `${name.slice(0, -1)}, ${hit.cidr})` : `${name} (${hit.cidr})`;
  const out: SpecialRange = { range, name, label };
  if (addr.kind() === "ipv6") {
    const embedded = embeddedIpv4(addr as ipaddr.IPv6, range);
    if (embedded.length) out.embedded = embedded.map((e) => ({ ...e, range: specialRangeOf(e.ipv4) }));
  }
  return out;
}

const RANGE_TITLES: Record<string, string> = {
  ipv4Mapped: "IPv4-mapped address",
  ipv4Compatible: "IPv4-compatible address",
  rfc6145: "IPv4-translated address",
  rfc6052: "NAT64 prefix",
  "6to4": "6to4 address",
  teredo: "Teredo address",
};

const shortName = (r: SpecialRange | null) => (r ? r.name : "public");

/**
 * Why an address is not plain public unicast, in words naming the range, or null when it is:
 * "link-local (169.254.0.0/16)", "NAT64 prefix embedding 169.254.169.254 (link-local)",
 * "Teredo address with server 65.54.227.120 (public) and client 10.0.0.1 (a private range (RFC 1918))".
 */
export function specialRangeReason(ip: string): string | null {
  const r = specialRangeOf(ip);
  if (!r) return null;
  if (!r.embedded?.length) return r.label;
  const title = RANGE_TITLES[r.range] ?? r.label;
  if (r.range === "teredo") {
    return `${title} with ${r.embedded.map((e) => `${e.role} ${e.ipv4} (${shortName(e.range)})`).join(" and ")}`;
  }
  const e = r.embedded[0];
  return `${title} embedding ${e.ipv4} (${shortName(e.range)})`;
}

/** Whether an address is loopback, directly or as an IPv4-mapped IPv6 form (what a local test setting may allow). */
export function isLoopback(ip: string): boolean {
  const r = specialRangeOf(ip);
  return r?.range === "loopback" || (r?.range === "ipv4Mapped" && r.embedded?.[0].range?.range === "loopback");
}
