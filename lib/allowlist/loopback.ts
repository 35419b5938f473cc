import { isLoopback } from "@/lib/net/special-ranges";

/** The setting: `AXYS_ALLOWLIST_ALLOW_LOOPBACK=1`. */
export const ALLOW_LOOPBACK_ENV = "AXYS_ALLOWLIST_ALLOW_LOOPBACK";

/**
 * Local demo and tests only (`npm start` sets it; a production deployment never does, and it is ignored when
 * AXYS_DEPLOYMENT=production): production allowlists then accept single loopback addresses, so a curl on the
 * same machine can call the production gateway. Everything else stays refused (private, link-local, ...).
 */
export const allowLoopbackCallers = () =>
  process.env[ALLOW_LOOPBACK_ENV] === "1" && process.env.AXYS_DEPLOYMENT !== "production";

/** Whether a single address is loopback and loopback callers are allowed (the setting above). */
export const isAllowedLoopback = (ip: string) => allowLoopbackCallers() && isLoopback(ip);

/**
 * FCrDNS evidence for a loopback caller, without asking DNS (which has no reverse zone for loopback): every name
 * under `.localhost` is loopback by definition (RFC 6761), so the scope certificates' `*.localhost` DNS names are
 * taken as the address's PTR names, each resolving to 127.0.0.1 and ::1. The verdict is then `judgeFcrdns`'s, as
 * for any address, and the gateway judges the stored evidence against the presented certificate: a certificate
 * without a `*.localhost` name fails.
 */
export function loopbackEvidence(certificateDomains: string[]): {
  ptrNames: string[];
  forward: Record<string, string[]>;
} {
  const ptrNames = certificateDomains.map((d) => d.toLowerCase()).filter((d) => d.endsWith(".localhost"));
  return { ptrNames, forward: Object.fromEntries(ptrNames.map((n) => [n, ["127.0.0.1", "::1"]])) };
}

export const NO_LOCALHOST_NAME = `A loopback caller passes FCrDNS (${ALLOW_LOOPBACK_ENV}, local testing only) only with a certificate for a *.localhost name, e.g. CN=api.acme.localhost.`;
