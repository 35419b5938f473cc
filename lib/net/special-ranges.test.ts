import { describe, expect, it } from "vitest";
import { isLoopback, specialRangeOf, specialRangeReason } from "@/lib/net/special-ranges";

// An independent copy of the IANA IPv4 and IPv6 Special-Purpose Address Registries (iana-ipv4-special-registry,
// iana-ipv6-special-registry, checked 2026-12), plus multicast and the IPv6 address-space blocks outside 2000::/3.
// Each row: block, and a fragment the reason must contain for an address whose most specific block it is.
const V4: [string, string][] = [
  ["0.0.0.0/8", '"this network"'],
  ["0.0.0.0/32", '"this host on this network"'],
  ["10.0.0.0/8", "a private range (RFC 1918"],
  ["100.64.0.0/10", "carrier-grade NAT"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "a private range (RFC 1918"],
  ["192.0.0.0/24", "IETF protocol assignments"],
  ["192.0.0.0/29", "service continuity"],
  ["192.0.0.8/32", "dummy address"],
  ["192.0.0.9/32", "PCP anycast"],
  ["192.0.0.10/32", "TURN anycast"],
  ["192.0.0.170/32", "NAT64/DNS64 discovery"],
  ["192.0.0.171/32", "NAT64/DNS64 discovery"],
  ["192.0.2.0/24", "TEST-NET-1"],
  ["192.31.196.0/24", "AS112"],
  ["192.52.193.0/24", "AMT"],
  ["192.88.99.0/24", "6to4 relay anycast"],
  ["192.168.0.0/16", "a private range (RFC 1918"],
  ["192.175.48.0/24", "AS112"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "TEST-NET-2"],
  ["203.0.113.0/24", "TEST-NET-3"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved for future use"],
  ["255.255.255.255/32", "limited broadcast"],
];
const V6: [string, string][] = [
  ["::1/128", "loopback"],
  ["::/128", "unspecified"],
  ["::ffff:0:0/96", "IPv4-mapped"],
  ["64:ff9b::/96", "NAT64"],
  ["64:ff9b:1::/48", "local-use NAT64"],
  ["100::/64", "discard-only"],
  ["100:0:0:1::/64", "dummy IPv6 prefix"],
  ["2001::/23", "IETF protocol assignments"],
  ["2001::/32", "Teredo"],
  ["2001:1::1/128", "PCP anycast"],
  ["2001:1::2/128", "TURN anycast"],
  ["2001:1::3/128", "DNS-SD SRP anycast"],
  ["2001:2::/48", "benchmarking"],
  ["2001:3::/32", "AMT"],
  ["2001:4:112::/48", "AS112"],
  ["2001:10::/28", "ORCHID"],
  ["2001:20::/28", "ORCHIDv2"],
  ["2001:30::/28", "drone remote ID"],
  ["2001:db8::/32", "documentation"],
  ["2002::/16", "6to4"],
  ["2620:4f:8000::/48", "AS112"],
  ["3fff::/20", "documentation"],
  ["5f00::/16", "segment routing"],
  ["fc00::/7", "unique-local"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local"],
  ["ff00::/8", "multicast"],
  // not in the special-purpose registry: IPv4-compatible (RFC 4291, deprecated), SIIT, and space IANA never assigns
  ["::/96", "IPv4-compatible"],
  ["::ffff:0:0:0/96", "IPv4-translated"],
  ["::/3", "outside the global unicast space"],
  ["4000::/2", "outside the global unicast space"],
  ["8000::/1", "outside the global unicast space"],
];

const BITS = { 4: 32, 6: 128 } as const;
function toBig(ip: string): bigint {
  if (ip.includes(".")) return ip.split(".").reduce((n, p) => (n << 8n) + BigInt(p), 0n);
  const [h, t = ""] = ip.split("::");
  const hs = h ? h.split(":") : [];
  const ts = t ? t.split(":") : [];
  const groups = ip.includes("::") ? [...hs, ...Array(8 - hs.length - ts.length).fill("0"), ...ts] : hs;
  return groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
}
function fromBig(n: bigint, v: 4 | 6): string {
  if (v === 4) return [24n, 16n, 8n, 0n].map((s) => ((n >> s) & 255n).toString()).join(".");
  return Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(":");
}
type Block = { cidr: string; v: 4 | 6; start: bigint; end: bigint; prefix: number; fragment: string };
const blocks: Block[] = [...V4.map((r) => [...r, 4] as const), ...V6.map((r) => [...r, 6] as const)].map(
  ([cidr, fragment, v]) => {
    const [ip, len] = cidr.split("/");
    const host = BigInt(BITS[v] - Number(len));
    const start = (toBig(ip) >> host) << host;
    return { cidr, v, start, end: start | ((1n << host) - 1n), prefix: Number(len), fragment };
  },
);
const mostSpecific = (n: bigint, v: 4 | 6) =>
  blocks.filter((b) => b.v === v && b.start <= n && n <= b.end).sort((a, b) => b.prefix - a.prefix)[0];

const samples = blocks.flatMap((b) =>
  [b.start, b.start + (b.end - b.start) / 2n, b.end].map((n) => ({
    ip: fromBig(n, b.v),
    block: b.cidr,
    expected: mostSpecific(n, b.v),
  })),
);

describe("every IANA special-purpose block is refused, and named", () => {
  it.each(samples)("$ip (in $block)", ({ ip, expected }) => {
    const reason = specialRangeReason(ip);
    expect(reason).not.toBeNull();
    expect(reason).toContain(expected.fragment);
    // the message names the block it found (embedded forms name the embedded address instead)
    if (!/IPv4-|NAT64 prefix embedding|6to4 address embedding|Teredo address with/.test(reason!))
      expect(reason).toContain(expected.cidr);
  });
});

describe("public unicast, including the addresses next to each block, is accepted", () => {
  const neighbours = blocks
    .flatMap((b) =>
      [b.start - 1n, b.end + 1n].filter((n) => n >= 0n && n < 1n << BigInt(BITS[b.v])).map((n) => fromBig(n, b.v)),
    )
    .filter((ip) => !mostSpecific(toBig(ip), ip.includes(".") ? 4 : 6));
  it.each([
    ...neighbours,
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "2606:4700::1111",
    "2a00:1450:4001::1",
    "2000::",
    "3fff:1000::1",
  ])("%s", (ip) => {
    expect(specialRangeOf(ip)).toBeNull();
    expect(specialRangeReason(ip)).toBeNull();
  });
  it("covers a real number of neighbours", () => expect(neighbours.length).toBeGreaterThan(20));
});

// IPv4 addresses that must never be reachable through an IPv6 form
const PRIVATE_V4: [string, string][] = [
  ["10.1.2.3", "a private range (RFC 1918)"],
  ["172.16.5.4", "a private range (RFC 1918)"],
  ["192.168.1.1", "a private range (RFC 1918)"],
  ["127.0.0.1", "loopback"],
  ["169.254.169.254", "link-local"],
  ["100.64.0.1", "carrier-grade NAT space (RFC 6598)"],
  ["0.0.0.0", 'the "this host on this network" address'],
  ["198.18.0.1", "benchmarking space (RFC 2544)"],
  ["192.0.0.8", "the IPv4 dummy address"],
  ["240.0.0.1", "reserved for future use"],
  ["224.0.0.1", "multicast"],
];
const hex = (ip: string) => {
  const n = toBig(ip);
  return `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
};
const xorHex = (ip: string) => {
  const n = toBig(ip) ^ 0xffffffffn;
  return `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
};

describe("IPv6 forms embedding a private IPv4 address name the embedded address", () => {
  const forms = PRIVATE_V4.flatMap(([v4, name]) => [
    [`::ffff:${hex(v4)}`, `IPv4-mapped address embedding ${v4} (${name})`],
    [
      `::${hex(v4)}`,
      v4 === "0.0.0.0" ? "the unspecified address (::/128)" : `IPv4-compatible address embedding ${v4} (${name})`,
    ],
    [`::ffff:0:${hex(v4)}`, `IPv4-translated address embedding ${v4} (${name})`],
    [`64:ff9b::${hex(v4)}`, `NAT64 prefix embedding ${v4} (${name})`],
    [`2002:${hex(v4)}::1`, `6to4 address embedding ${v4} (${name})`],
    [
      `2001:0:${hex("192.0.2.1")}:0:0:${xorHex(v4)}`,
      `Teredo address with server 192.0.2.1 (documentation space (TEST-NET-1)) and client ${v4} (${name})`,
    ],
    [
      `2001:0:${hex(v4)}:0:0:${xorHex("8.8.8.8")}`,
      `Teredo address with server ${v4} (${name}) and client 8.8.8.8 (public)`,
    ],
  ]);
  it.each(forms)("%s", (ip, message) => expect(specialRangeReason(ip)).toBe(message));

  it("refuses translated forms of public addresses too (every non-unicast range), naming them", () => {
    expect(specialRangeReason("64:ff9b::808:808")).toBe("NAT64 prefix embedding 8.8.8.8 (public)");
    expect(specialRangeReason("2002:808:808::1")).toBe("6to4 address embedding 8.8.8.8 (public)");
    expect(specialRangeReason("64:ff9b:1::a9fe:a9fe")).toBe("the local-use NAT64 prefix (64:ff9b:1::/48)");
  });
});

describe("exact messages and loopback", () => {
  it("names the block", () => {
    expect(specialRangeReason("169.254.169.254")).toBe("link-local (169.254.0.0/16)");
    expect(specialRangeReason("10.0.0.5")).toBe("a private range (RFC 1918, 10.0.0.0/8)");
    expect(specialRangeReason("198.19.255.255")).toBe("benchmarking space (RFC 2544, 198.18.0.0/15)");
    expect(specialRangeReason("192.0.0.9")).toBe("PCP anycast (192.0.0.9/32)");
    expect(specialRangeReason("fd12::1")).toBe("a unique-local (private) range (fc00::/7)");
    expect(specialRangeReason("4000::1")).toBe(
      "outside the global unicast space 2000::/3 (reserved by the IETF, 4000::/2)",
    );
    expect(specialRangeOf("64:ff9b::a9fe:a9fe")).toEqual({
      range: "rfc6052",
      name: "the NAT64 prefix",
      label: "the NAT64 prefix (64:ff9b::/96)",
      embedded: [
        {
          ipv4: "169.254.169.254",
          range: { range: "linkLocal", name: "link-local", label: "link-local (169.254.0.0/16)" },
        },
      ],
    });
  });

  it("refuses text that is not a plain address", () => {
    for (const bad of ["127.1", "0x7f000001", "example.com", "", "1.2.3.4/32"])
      expect(() => specialRangeOf(bad)).toThrow(/is not an IP address/);
  });

  it("knows loopback directly and IPv4-mapped, but not through translation", () => {
    expect([
      isLoopback("127.0.0.1"),
      isLoopback("127.255.0.9"),
      isLoopback("::1"),
      isLoopback("::ffff:7f00:1"),
    ]).toEqual([true, true, true, true]);
    expect([
      isLoopback("64:ff9b::7f00:1"),
      isLoopback("2002:7f00:1::1"),
      isLoopback("::7f00:1"),
      isLoopback("8.8.8.8"),
    ]).toEqual([false, false, false, false]);
  });
});
