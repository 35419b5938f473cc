// The caller's IP, decided once at the edge from the socket (and from X-Forwarded-For only as far as trusted
// proxies wrote it). Plain JavaScript with types in client-ip.d.ts: the portal's own HTTP server
// (scripts/server.mjs) runs it in plain Node before Next loads, and the gateway and the tests import it too.
import ipaddr from "ipaddr.js";

/** The request header the portal's server sets from the socket; any copy a caller sends is removed first. */
export const CLIENT_IP_HEADER = "x-axys-client-ip";

/** One IP address in canonical form (IPv4-mapped IPv6 as IPv4, IPv6 compressed, lower case), or null. */
export function normalizeIp(text) {
  const s = String(text ?? "").trim();
  let addr;
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) addr = ipaddr.IPv4.parse(s);
  else if (s.includes(":") && ipaddr.IPv6.isValid(s)) addr = ipaddr.IPv6.parse(s);
  else return null;
  if (addr.kind() === "ipv6" && addr.isIPv4MappedAddress()) addr = addr.toIPv4Address();
  return addr.toString();
}

/** An X-Forwarded-For entry: an address, optionally with a port ("192.0.2.1:4711", "[2001:db8::1]:4711"). */
function forwardedEntryIp(entry) {
  const direct = normalizeIp(entry);
  if (direct) return direct;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry);
  if (bracketed) return normalizeIp(bracketed[1]);
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(entry);
  return v4WithPort ? normalizeIp(v4WithPort[1]) : null;
}

/**
 * Parses the trusted proxies (comma-separated, or a list): CIDRs ("10.0.0.0/8", "2001:db8::/32") or single
 * addresses (taken as /32 or /128). Throws an Error naming the bad entry, so a server refuses to start with it.
 */
export function parseTrustedProxies(spec) {
  const items = (Array.isArray(spec) ? spec : String(spec ?? "").split(","))
    .map((s) => String(s).trim())
    .filter(Boolean);
  return items.map((item) => {
    const [host, bits, ...rest] = item.split("/");
    const ip = normalizeIp(host);
    const problem = (why) =>
      new Error(
        `Trusted proxy "${item}" is not a valid CIDR: ${why}. Write an address ("10.0.0.5") or a network ("10.0.0.0/8", "2001:db8::/32"), comma-separated.`,
      );
    if (rest.length > 0) throw problem('it has more than one "/"');
    if (!ip) throw problem(`"${host}" is not an IPv4 (four decimal parts) or IPv6 address`);
    const addr = ipaddr.parse(ip);
    const max = addr.kind() === "ipv4" ? 32 : 128;
    let prefix = max;
    if (bits !== undefined) {
      // A mapped IPv6 network (::ffff:10.0.0.0/104) is the IPv4 network it maps.
      const mapped = max === 32 && host.includes(":");
      const written = mapped ? 128 : max;
      if (!/^\d{1,3}$/.test(bits) || Number(bits) > written) throw problem(`the prefix length must be 0 to ${written}`);
      if (mapped && Number(bits) < 96) throw problem("an IPv4-mapped network needs a prefix length of at least 96");
      prefix = Number(bits) - (mapped ? 96 : 0);
    }
    const network = ipaddr.parse(
      addr.kind() === "ipv4"
        ? ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${prefix}`).toString()
        : ipaddr.IPv6.networkAddressFromCIDR(`${ip}/${prefix}`).toString(),
    );
    if (network.toString() !== addr.toString()) {
      throw problem(
        `it has host bits set (did you mean ${network.toString()}/${prefix}, or ${ip}/${max} for the one address?)`,
      );
    }
    return { cidr: `${network.toString()}/${prefix}`, range: [network, prefix] };
  });
}

/** Whether a canonical address (normalizeIp) lies in one of the trusted ranges. */
export function isTrustedProxy(ip, trusted) {
  if (!ip || trusted.length === 0) return false;
  const addr = ipaddr.parse(ip);
  return trusted.some(({ range }) => range[0].kind() === addr.kind() && addr.match(range));
}

/**
 * The client's IP. From a peer that is not a trusted proxy: the peer, whatever X-Forwarded-For says. From a
 * trusted proxy: X-Forwarded-For read from the right, skipping trusted hops, up to the first untrusted address
 * (everything left of it was written by a party nobody vouches for). All hops trusted: the left-most. An entry
 * that is not an address (e.g. a proxy's "unknown") ends the walk at the trusted hop that wrote it. Empty
 * entries are skipped. Several X-Forwarded-For headers count as one list in order.
 */
export function clientIpFrom(peer, forwardedFor, trusted) {
  const peerIp = normalizeIp(peer);
  if (!peerIp) return "unknown";
  if (!isTrustedProxy(peerIp, trusted)) return peerIp;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : String(forwardedFor ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  let nearest = peerIp;
  for (let i = entries.length - 1; i >= 0; i--) {
    const ip = forwardedEntryIp(entries[i]);
    if (!ip) return nearest;
    if (!isTrustedProxy(ip, trusted)) return ip;
    nearest = ip;
  }
  return nearest;
}

/**
 * Replaces any client-sent CLIENT_IP_HEADER of a Node request with the IP decided from its socket (and the
 * trusted proxies' X-Forwarded-For). Returns that IP.
 */
export function setClientIpHeader(req, trusted) {
  const ip = clientIpFrom(req.socket?.remoteAddress, req.headers["x-forwarded-for"], trusted);
  replaceRequestHeader(req, CLIENT_IP_HEADER, ip);
  return ip;
}

/** Sets a request header (lower-case name) to one value of our own, removing every copy the caller sent (parsed and raw). */
export function replaceRequestHeader(req, name, value) {
  delete req.headers[name];
  const raw = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() !== name) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  raw.push(name, value);
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
  req.headers[name] = value;
}
