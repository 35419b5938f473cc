import { promises as dns } from "node:dns";
import { nonPublicReason, parseCidr } from "@/lib/allowlist/cidr";

export interface ResolvedTarget { url: URL; addresses: string[] }

/** Loopback is allowed only with this explicit setting (local testing); private and link-local never. */
export const allowLoopback = () => process.env.AXYS_WEBHOOK_ALLOW_LOOPBACK === "1";

/** Why an address may not be a webhook target, or null when it is public (or loopback with the test setting). */
export function blockedAddressReason(ip: string): string | null {
  const parsed = parseCidr(ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1"));
  if (!parsed.ok) return "not an IP address";
  const reason = nonPublicReason(parsed.value);
  if (reason === "loopback" && allowLoopback()) return null;
  return reason;
}

/**
 * Checks a webhook URL against SSRF: HTTPS only, no credentials in the URL, and every address the
 * host resolves to must be public (private, loopback, link-local incl. the 169.254.169.254 metadata
 * service, multicast refused). Deliveries connect to the checked address (no second lookup), so DNS
 * rebinding cannot swap it.
 */
export async function resolveWebhookTarget(raw: string, lookup: (host: string) => Promise<string[]> = defaultLookup): Promise<{ ok: true; target: ResolvedTarget } | { ok: false; message: string }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "Enter a full URL, e.g. https://hooks.example.com/axys." };
  }
  if (url.protocol !== "https:") return { ok: false, message: "Webhook URLs must use https://." };
  if (url.username || url.password) return { ok: false, message: "Put no credentials in the URL: verify deliveries by their signature instead." };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = parseCidr(host).ok ? [host] : await lookup(host);
  } catch {
    return { ok: false, message: `${host} does not resolve in DNS.` };
  }
  if (addresses.length === 0) return { ok: false, message: `${host} does not resolve in DNS.` };
  for (const a of addresses) {
    const reason = blockedAddressReason(a);
    if (reason) return { ok: false, message: `${host} resolves to ${a}, which is ${reason}: webhooks are only delivered to public addresses.` };
  }
  return { ok: true, target: { url, addresses } };
}

async function defaultLookup(host: string): Promise<string[]> {
  return (await dns.lookup(host, { all: true, verbatim: true })).map((r) => r.address);
}
