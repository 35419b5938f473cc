import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIpFrom, normalizeIp, parseTrustedProxies, setClientIpHeader } from "@/lib/net/client-ip";

const trusted = parseTrustedProxies("10.0.0.0/8, 2001:db8::/32, 192.0.2.7");

describe("parseTrustedProxies", () => {
  it("reads CIDRs and single addresses (IPv4, IPv6, IPv4-mapped), comma-separated, blanks ignored", () => {
    expect(
      parseTrustedProxies(" 10.0.0.0/8,,2001:DB8::/32 , 192.0.2.7, ::1, ::ffff:192.168.0.0/112 ").map((t) => t.cidr),
    ).toEqual(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7/32", "::1/128", "192.168.0.0/16"]);
    expect(parseTrustedProxies(undefined)).toEqual([]);
    expect(parseTrustedProxies("")).toEqual([]);
  });

  it.each([
    ["10/8", '"10" is not an IPv4 (four decimal parts) or IPv6 address'],
    ["proxy.example", '"proxy.example" is not an IPv4 (four decimal parts) or IPv6 address'],
    ["10.0.0.0/33", "the prefix length must be 0 to 32"],
    ["2001:db8::/129", "the prefix length must be 0 to 128"],
    ["10.0.0.0/8/1", 'it has more than one "/"'],
    ["10.0.0.0/x", "the prefix length must be 0 to 32"],
    ["::ffff:10.0.0.0/64", "an IPv4-mapped network needs a prefix length of at least 96"],
    ["10.1.2.3/8", "it has host bits set (did you mean 10.0.0.0/8, or 10.1.2.3/32 for the one address?)"],
  ])("refuses %s with a message naming the entry and the problem", (entry, why) => {
    expect(() => parseTrustedProxies(`192.0.2.1, ${entry}`)).toThrow(
      `Trusted proxy "${entry}" is not a valid CIDR: ${why}. Write an address ("10.0.0.5") or a network ("10.0.0.0/8", "2001:db8::/32"), comma-separated.`,
    );
  });
});

describe("normalizeIp", () => {
  it("canonicalises addresses and rejects what is not one", () => {
    expect(normalizeIp("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeIp("::FFFF:7F00:1")).toBe("127.0.0.1");
    expect(normalizeIp("2001:DB8:0:0::1")).toBe("2001:db8::1");
    expect(normalizeIp(" 198.51.100.4 ")).toBe("198.51.100.4");
    for (const bad of ["127.1", "0x7f.0.0.1", "unknown", "", "_hidden", "1.2.3.4.5", undefined])
      expect(normalizeIp(bad)).toBeNull();
  });
});

describe("clientIpFrom", () => {
  it("from an untrusted peer: the peer, whatever X-Forwarded-For says", () => {
    expect(clientIpFrom("198.51.100.9", "203.0.113.1", trusted)).toBe("198.51.100.9");
    expect(clientIpFrom("::ffff:198.51.100.9", "203.0.113.1, 10.0.0.1", trusted)).toBe("198.51.100.9");
    expect(clientIpFrom("198.51.100.9", undefined, trusted)).toBe("198.51.100.9");
    expect(clientIpFrom("10.0.0.1", "203.0.113.1", [])).toBe("10.0.0.1");
  });

  it("from a trusted proxy: the right-most untrusted hop, never the client-written ones left of it", () => {
    expect(clientIpFrom("10.0.0.1", "203.0.113.1", trusted)).toBe("203.0.113.1");
    expect(clientIpFrom("::ffff:10.0.0.1", "1.1.1.1, 203.0.113.1, 10.2.0.3, 192.0.2.7", trusted)).toBe("203.0.113.1");
    expect(clientIpFrom("2001:db8::5", "2001:DB8:1::7, 2001:0db9::1, 2001:db8::6", trusted)).toBe("2001:db9::1");
    expect(clientIpFrom("10.0.0.1", ["1.1.1.1, 203.0.113.1", "10.0.0.2"], trusted)).toBe("203.0.113.1");
    expect(clientIpFrom("10.0.0.1", "::ffff:203.0.113.1", trusted)).toBe("203.0.113.1");
  });

  it("all hops trusted: the left-most; no header: the proxy itself", () => {
    expect(clientIpFrom("10.0.0.1", "10.9.9.9, 192.0.2.7, 10.0.0.2", trusted)).toBe("10.9.9.9");
    expect(clientIpFrom("10.0.0.1", "", trusted)).toBe("10.0.0.1");
    expect(clientIpFrom("10.0.0.1", undefined, trusted)).toBe("10.0.0.1");
  });

  it("ignores garbage: empty entries are skipped, ports dropped, and a non-address ends the walk at the trusted hop that wrote it", () => {
    expect(clientIpFrom("10.0.0.1", " , 203.0.113.1 ,, ", trusted)).toBe("203.0.113.1");
    expect(clientIpFrom("10.0.0.1", "203.0.113.1:4711", trusted)).toBe("203.0.113.1");
    expect(clientIpFrom("10.0.0.1", "[2001:db9::1]:443", trusted)).toBe("2001:db9::1");
    // "unknown" written by the proxy at 10.0.0.2: whatever is left of it is the client's own claim
    expect(clientIpFrom("10.0.0.1", "198.51.100.66, unknown, 10.0.0.2", trusted)).toBe("10.0.0.2");
    expect(clientIpFrom("10.0.0.1", "198.51.100.66, 127.1", trusted)).toBe("10.0.0.1");
    expect(clientIpFrom("10.0.0.1", "198.51.100.66, <script>", trusted)).toBe("10.0.0.1");
    expect(clientIpFrom(undefined, "198.51.100.66", trusted)).toBe("unknown");
  });
});

describe("setClientIpHeader on a real loopback server", () => {
  let server: http.Server;
  let port = 0;
  const seen: { header: string | string[] | undefined; raw: string[] }[] = [];
  beforeAll(async () => {
    const proxies = parseTrustedProxies("127.0.0.3/32");
    server = http.createServer((req, res) => {
      setClientIpHeader(req, proxies);
      seen.push({
        header: req.headers["x-axys-client-ip"],
        raw: req.rawHeaders.filter((_, i) => i % 2 === 0 && /^x-axys-client-ip$/i.test(req.rawHeaders[i])),
      });
      res.end(String(req.headers["x-axys-client-ip"]));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const get = (from: string, headers: http.OutgoingHttpHeaders) =>
    new Promise<string>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, localAddress: from, headers, agent: false }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c)).on("end", () => resolve(body));
        })
        .on("error", reject);
    });

  it("replaces every caller-sent copy with the socket peer, and honours X-Forwarded-For only from the trusted proxy", async () => {
    seen.length = 0;
    expect(
      await get("127.0.0.2", { "X-Axys-Client-IP": ["203.0.113.5", "203.0.113.6"], "x-forwarded-for": "203.0.113.7" }),
    ).toBe("127.0.0.2");
    expect(seen).toEqual([{ header: "127.0.0.2", raw: ["x-axys-client-ip"] }]);
    expect(
      await get("127.0.0.3", { "x-axys-client-ip": "203.0.113.5", "x-forwarded-for": "203.0.113.9, 198.51.100.20" }),
    ).toBe("198.51.100.20");
    expect(await get("127.0.0.3", {})).toBe("127.0.0.3");
  });
});
