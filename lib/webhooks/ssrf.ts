import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import { isLoopback, specialRangeReason } from "@/lib/net/special-ranges";

export interface ResolvedTarget {
  url: URL;
  addresses: string[];
}

/** Loopback is allowed only with this explicit setting (local testing); private and link-local never. */
export const allowLoopback = () => process.env.AXYS_WEBHOOK_ALLOW_LOOPBACK === "1";

/**
 * Why an address may not be a webhook target, or null when it is public unicast (or loopback with the
 * test setting). Every IANA special-purpose range is refused, and IPv6 forms that embed an IPv4
 * address (NAT64, 6to4, Teredo, mapped, compatible) name the embedded address.
 */
export function blockedAddressReason(ip: string): string | null {
  if (!isIP(ip)) return "not an IP address";
  if (allowLoopback() && isLoopback(ip)) return null;
  return specialRangeReason(ip);
}

/**
 * Checks a webhook URL against SSRF: HTTPS only, no credentials in the URL, and every address the
 * host resolves to must be public unicast (every special-purpose range refused: private, loopback,
 * link-local incl. the 169.254.169.254 metadata service, NAT64/6to4/Teredo forms of those, ...).
 * Deliveries connect to the checked address (no second lookup), so DNS rebinding cannot swap it.
 */
export async function resolveWebhookTarget(
  raw: string,
  lookup: (host: string) => Promise<string[]> = defaultLookup,
): Promise<{ ok: true; target: ResolvedTarget } | { ok: false; message: string }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "Enter a full URL, e.g. https://hooks.example.com/axys." };
  }
  if (url.protocol !== "https:") return { ok: false, message: "Webhook URLs must use https://." };
  if (url.username || url.password)
    return { ok: false, message: "Put no credentials in the URL: verify deliveries by their signature instead." };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const reason = blockedAddressReason(host);
    if (reason) return { ok: false, message: `${host} is ${reason}: webhooks are only delivered to public addresses.` };
    return { ok: true, target: { url, addresses: [host] } };
  }
  let addresses: string[];
  try {
    addresses = await lookup(host);
  } catch {
    return { ok: false, message: `${host} does not resolve in DNS.` };
  }
  if (addresses.length === 0) return { ok: false, message: `${host} does not resolve in DNS.` };
  for (const a of addresses) {
    const reason = blockedAddressReason(a);
    if (reason)
      return {
        ok: false,
        message: `${host} resolves to ${a}, which is ${reason}: webhooks are only delivered to public addresses.`,
      };
  }
  return { ok: true, target: { url, addresses } };
}

async function defaultLookup(host: string): Promise<string[]> {
  return (await dns.lookup(host, { all: true, verbatim: true })).map((r) => r.address);
}
