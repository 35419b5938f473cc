import { promises as dns } from "node:dns";
import { bigIntToIp, ipToBigInt } from "@/lib/allowlist/cidr";
import { isAllowedLoopback, loopbackEvidence, NO_LOCALHOST_NAME } from "@/lib/allowlist/loopback";

/** The in-addr.arpa / ip6.arpa name of an address, where its PTR records live. */
export function reverseName(ip: string): string {
  const a = ipToBigInt(ip);
  if (!a) throw new Error(`not an IP address: ${ip}`);
  if (a.version === 4) return bigIntToIp(a.value, 4).split(".").reverse().join(".") + ".in-addr.arpa";
  return a.value.toString(16).padStart(32, "0").split("").reverse().join(".") + ".ip6.arpa";
}

export type DnsStatus = "pending" | "pass" | "fail" | "not_applicable";

export interface FcrdnsResult {
  status: "pass" | "fail";
  ptrNames: string[];
  /** each PTR name's forward addresses (A for IPv4, AAAA for IPv6) */
  forward: Record<string, string[]>;
  matchedDomain: string | null;
  reason: string;
  checkedAt: Date;
}

/** The resolver: system DNS, or AXYS_DNS_SERVERS (comma-separated "ip" or "ip:port"), e.g. a test server on loopback. */
export function makeResolver(): dns.Resolver {
  const r = new dns.Resolver({ timeout: 2000, tries: 2 });
  const servers = process.env.AXYS_DNS_SERVERS?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (servers?.length) r.setServers(servers);
  return r;
}

const norm = (name: string) => name.toLowerCase().replace(/\.$/, "");
/** A PTR name lies within a certificate DNS name when it equals it or is a subdomain of it. */
export const withinDomain = (name: string, domain: string) =>
  norm(name) === norm(domain) || norm(name).endsWith("." + norm(domain));

function sameIp(a: string, b: string): boolean {
  const x = ipToBigInt(a);
  const y = ipToBigInt(b);
  return !!x && !!y && x.version === y.version && x.value === y.value;
}

/**
 * Forward-confirmed reverse DNS for one address: PTR lookup, forward lookup of each PTR name, and a
 * pass when a name resolves back to the address and lies within one of the scope certificate's DNS names.
 */
export async function checkFcrdns(
  ip: string,
  certificateDomains: string[],
  resolver = makeResolver(),
  now = new Date(),
): Promise<FcrdnsResult> {
  const base = {
    ptrNames: [] as string[],
    forward: {} as Record<string, string[]>,
    matchedDomain: null as string | null,
    checkedAt: now,
  };
  if (isAllowedLoopback(ip)) {
    const evidence = loopbackEvidence(certificateDomains);
    if (!evidence.ptrNames.length) return { ...base, status: "fail", reason: NO_LOCALHOST_NAME };
    return { ...base, ...evidence, ...judgeFcrdns(ip, evidence.ptrNames, evidence.forward, certificateDomains) };
  }
  let ptrNames: string[];
  try {
    // A PTR query, not resolver.reverse(): that one answers from /etc/hosts first.
    ptrNames = (await resolver.resolvePtr(reverseName(ip))).map(norm);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ETIMEOUT" || code === "ECONNREFUSED" || code === "ESERVFAIL") {
      return {
        ...base,
        status: "fail",
        reason: `Reverse DNS lookup failed (${code}); the check will be retried. If it persists, check your DNS provider.`,
      };
    }
    return {
      ...base,
      status: "fail",
      reason:
        "No PTR record: add a reverse DNS (PTR) record for this address. Cloud provider elastic IPs usually need a PTR request to the provider.",
    };
  }
  const v6 = ipToBigInt(ip)?.version === 6;
  const forward: Record<string, string[]> = {};
  for (const name of ptrNames) {
    try {
      forward[name] = v6 ? await resolver.resolve6(name) : await resolver.resolve4(name);
    } catch {
      forward[name] = [];
    }
  }
  return { ...base, ptrNames, forward, ...judgeFcrdns(ip, ptrNames, forward, certificateDomains) };
}

/**
 * The verdict on looked-up evidence (PTR names and their forward addresses) for one certificate's DNS
 * names: pure, so the gateway can judge a single address's stored evidence against the certificate
 * actually presented rather than against every certificate of the scope.
 */
export function judgeFcrdns(
  ip: string,
  ptrNames: string[],
  forward: Record<string, string[]>,
  certificateDomains: string[],
): Pick<FcrdnsResult, "status" | "matchedDomain" | "reason"> {
  if (ptrNames.length === 0)
    return {
      status: "fail",
      matchedDomain: null,
      reason: "No PTR record: add a reverse DNS (PTR) record for this address.",
    };
  const v6 = ipToBigInt(ip)?.version === 6;
  const confirmed = ptrNames.filter((n) => (forward[n] ?? []).some((a) => sameIp(a, ip)));
  if (confirmed.length === 0) {
    return {
      status: "fail",
      matchedDomain: null,
      reason: `The PTR name ${ptrNames.join(", ")} does not resolve back to ${ip}: its ${v6 ? "AAAA" : "A"} record must include this address.`,
    };
  }
  if (certificateDomains.length === 0) {
    return {
      status: "fail",
      matchedDomain: null,
      reason:
        "No active certificate for this scope and environment: its DNS names are what the PTR name must match. Issue a certificate, then re-check.",
    };
  }
  for (const name of confirmed) {
    const domain = certificateDomains.find((d) => withinDomain(name, d));
    if (domain)
      return {
        status: "pass",
        matchedDomain: domain,
        reason: `${name} resolves back to ${ip} and lies within the certificate's ${domain}.`,
      };
  }
  return {
    status: "fail",
    matchedDomain: null,
    reason: `${confirmed.join(", ")} resolves back to ${ip} but is not within the certificate's DNS names (${certificateDomains.join(", ")}).`,
  };
}
