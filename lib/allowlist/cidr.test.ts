import { describe, expect, it } from "vitest";
import { contains, nonPublicReason, parseCidr, toHex } from "@/lib/allowlist/cidr";

const ok = (s: string) => {
  const r = parseCidr(s);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const err = (s: string) => {
  const r = parseCidr(s);
  if (r.ok) throw new Error(`${s} was accepted`);
  return r.message;
};

describe("parseCidr", () => {
  it("normalises single addresses and ranges of both versions", () => {
    expect(ok("203.0.113.7")).toMatchObject({ version: 4, cidr: "203.0.113.7/32", single: true });
    expect(ok(" 198.51.100.0/24 ")).toMatchObject({ cidr: "198.51.100.0/24", single: false });
    expect(ok("2001:DB8:0:0::1")).toMatchObject({ version: 6, cidr: "2001:db8::1/128", single: true });
    expect(ok("2001:db8:1::/48")).toMatchObject({ cidr: "2001:db8:1::/48" });
    expect(ok("2001:db8:0:1:0:0:0:0/64").cidr).toBe("2001:db8:0:1::/64");
    const r = ok("198.51.100.16/28");
    expect([toHex(r.start, 4), toHex(r.end, 4)]).toEqual(["c6336410", "c633641f"]);
  });

  it("bounds ranges: IPv4 /24, IPv6 /48, never /0", () => {
    expect(err("198.51.0.0/16")).toMatch(/\/16 is too wide: IPv4 ranges may be at most \/24/);
    expect(err("0.0.0.0/0")).toMatch(/too wide/);
    expect(err("2001:db8::/32")).toMatch(/IPv6 ranges may be at most \/48/);
    expect(err("::/0")).toMatch(/too wide/);
  });

  it("refuses garbage, bad prefixes, host bits and IPv4-mapped IPv6 with specific messages", () => {
    expect(err("example.com")).toMatch(/not a valid IPv4 or IPv6 address/);
    expect(err("256.1.1.1")).toMatch(/not a valid/);
    expect(err("203.0.113.7/33")).toMatch(/at most \/32/);
    expect(err("203.0.113.7/abc")).toMatch(/not a prefix length/);
    expect(err("203.0.113.7/24")).toBe("203.0.113.7/24 has host bits set: the network is 203.0.113.0/24.");
    expect(err("1.2.3.4/32/1")).toMatch(/not an IP address or CIDR range/);
    expect(err("::ffff:203.0.113.7")).toMatch(/enter the IPv4 address 203\.0\.113\.7/);
  });

  it("names private, loopback and link-local space", () => {
    expect(nonPublicReason(ok("10.1.2.3"))).toMatch(/private/);
    expect(nonPublicReason(ok("192.168.1.0/24"))).toMatch(/private/);
    expect(nonPublicReason(ok("127.0.0.1"))).toBe("loopback");
    expect(nonPublicReason(ok("169.254.169.254"))).toBe("link-local");
    expect(nonPublicReason(ok("::1"))).toBe("loopback");
    expect(nonPublicReason(ok("fe80::1"))).toBe("link-local");
    expect(nonPublicReason(ok("fd00::1"))).toMatch(/unique-local/);
    expect(nonPublicReason(ok("203.0.113.7"))).toBeNull();
    expect(nonPublicReason(ok("2001:db8::1"))).toBeNull();
  });

  it("uses the shared special-range classifier: the whole IANA registry, documentation space excepted", () => {
    expect(nonPublicReason(ok("198.18.0.0/24"))).toBe("benchmarking space (RFC 2544)");
    expect(nonPublicReason(ok("192.0.0.0/24"))).toBe("the IPv4 service continuity prefix (DS-Lite)"); // its first address
    expect(nonPublicReason(ok("240.0.0.0/24"))).toBe("reserved for future use");
    expect(nonPublicReason(ok("100.64.0.0/24"))).toBe("carrier-grade NAT space (RFC 6598)");
    expect(nonPublicReason(ok("2002:a00:1::/48"))).toBe("6to4 address embedding 10.0.0.1 (a private range (RFC 1918))");
    expect(nonPublicReason(ok("64:ff9b::a9fe:a9fe"))).toBe("NAT64 prefix embedding 169.254.169.254 (link-local)");
    expect(nonPublicReason(ok("2001:0:4136::/48"))).toMatch(/^Teredo address with server 65\.54\.0\.0 \(public\)/);
    expect(nonPublicReason(ok("4000::/48"))).toBe("outside the global unicast space 2000::/3 (reserved by the IETF)");
    expect(nonPublicReason(ok("192.0.2.0/24"))).toBeNull();
    expect(nonPublicReason(ok("3fff::/48"))).toBeNull();
    expect(nonPublicReason(ok("198.17.255.0/24"))).toBeNull();
  });

  it("tests membership, including IPv4-mapped socket addresses", () => {
    const r = ok("198.51.100.16/28");
    const range = { ipVersion: 4, rangeStart: toHex(r.start, 4), rangeEnd: toHex(r.end, 4) };
    expect(contains(range, "198.51.100.20")).toBe(true);
    expect(contains(range, "::ffff:198.51.100.31")).toBe(true);
    expect(contains(range, "198.51.100.32")).toBe(false);
    expect(contains(range, "2001:db8::1")).toBe(false);
  });
});
