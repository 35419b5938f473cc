/**
 * What a failed webhook attempt means to a person: one table from failure kind to a plain cause and
 * fix, used by the portal's webhook pages and the notifications. The raw detail (Node's error, the
 * HTTP status) stays available to show folded below. Pure: imported by client components too.
 */
export type FailureKind =
  | "tls_host_mismatch"
  | "tls_self_signed"
  | "tls_expired"
  | "tls_not_yet_valid"
  | "tls_untrusted"
  | "tls_handshake"
  | "dns"
  | "refused"
  | "reset"
  | "unreachable"
  | "timeout"
  | "private_address"
  | "invalid_url"
  | "redirect"
  | "unauthorized"
  | "not_found"
  | "client_error"
  | "server_error"
  | "challenge_not_echoed"
  | "endpoint_disabled"
  | "unknown";

export interface FailureInput {
  status: number | null;
  error: string | null;
  url?: string;
}
export interface Failure {
  kind: FailureKind;
  cause: string;
  fix: string;
  detail: string;
}

const TABLE: Record<FailureKind, (h: string, status: number | null) => { cause: string; fix: string }> = {
  tls_host_mismatch: (h) => ({
    cause: `The certificate at ${h} is not valid for that address`,
    fix: "use a host name whose certificate matches, or install a certificate that names this host",
  }),
  tls_self_signed: (h) => ({
    cause: `The certificate at ${h} is self-signed`,
    fix: "install a certificate from a public certificate authority (e.g. Let's Encrypt)",
  }),
  tls_expired: (h) => ({
    cause: `The certificate at ${h} has expired`,
    fix: "renew the certificate on your server, then verify the endpoint again",
  }),
  tls_not_yet_valid: (h) => ({
    cause: `The certificate at ${h} is not valid yet`,
    fix: "check the certificate's start date and your server's clock",
  }),
  tls_untrusted: (h) => ({
    cause: `The certificate at ${h} is not signed by a trusted authority, or its chain is incomplete`,
    fix: "serve the full chain (your certificate followed by the intermediates) from a public certificate authority",
  }),
  tls_handshake: (h) => ({
    cause: `The secure connection to ${h} could not be set up`,
    fix: "make sure the port serves HTTPS (TLS 1.2 or later), not plain HTTP",
  }),
  dns: (h) => ({
    cause: `${h} does not resolve in DNS`,
    fix: "check the host name for typos and that its DNS record is published",
  }),
  refused: (h) => ({
    cause: `Nothing accepted the connection at ${h}`,
    fix: "check the port and that your receiver is running and reachable from the internet",
  }),
  reset: (h) => ({
    cause: `${h} closed the connection before answering`,
    fix: "check your receiver's logs: it must read the whole request and answer with a 2xx status",
  }),
  unreachable: (h) => ({
    cause: `${h} cannot be reached from our network`,
    fix: "check your firewall and routing: the endpoint must be reachable from the internet",
  }),
  timeout: (h) => ({
    cause: `${h} did not answer within the deadline (10 s)`,
    fix: "answer at once with a 2xx status and do the work afterwards (queue it)",
  }),
  private_address: (h) => ({
    cause: `${h} is not a public address`,
    fix: "use a host that resolves only to public internet addresses; private, loopback and link-local addresses are refused",
  }),
  invalid_url: () => ({
    cause: "The endpoint URL is not acceptable",
    fix: "use a full https:// URL without credentials",
  }),
  redirect: (h, s) => ({
    cause: `${h} answered with a redirect (HTTP ${s})`,
    fix: "register the final URL: redirects are not followed",
  }),
  unauthorized: (h, s) => ({
    cause: `${h} refused the delivery (HTTP ${s})`,
    fix: "check that your receiver verifies the signature with the current signing secret and does not require other credentials",
  }),
  not_found: (h, s) => ({ cause: `${h} has no receiver at that path (HTTP ${s})`, fix: "check the URL's path" }),
  client_error: (h, s) => ({
    cause: `${h} rejected the delivery (HTTP ${s})`,
    fix: "check your receiver's logs: it must accept a JSON POST and answer with a 2xx status",
  }),
  server_error: (h, s) => ({
    cause: `${h} failed while handling the delivery (HTTP ${s})`,
    fix: "check your receiver's logs for the error; failed deliveries are retried with backoff",
  }),
  challenge_not_echoed: (h, s) => ({
    cause: `${h} answered (HTTP ${s}) without echoing the verification challenge`,
    fix: "answer the webhook.verification event with a body that contains its data.challenge, then verify again",
  }),
  endpoint_disabled: () => ({
    cause: "The endpoint was disabled",
    fix: "fix the endpoint, verify it again, then redeliver what failed",
  }),
  unknown: () => ({
    cause: "The delivery failed",
    fix: "see the technical detail below; if it persists, contact Axys support with it",
  }),
};

/** The failure kind of a raw attempt error (Node's message or the worker's own) or HTTP status. */
export function classifyFailure({ status, error }: FailureInput): FailureKind {
  const e = (error ?? "").toLowerCase();
  if (e) {
    if (e === "endpoint disabled") return "endpoint_disabled";
    if (e.startsWith("refused:")) {
      if (e.includes("does not resolve")) return "dns";
      if (e.includes("public addresses")) return "private_address";
      return "invalid_url";
    }
    if (e.includes("altnames") || e.includes("err_tls_cert_altname")) return "tls_host_mismatch";
    if (
      e.includes("self-signed certificate in certificate chain") ||
      e.includes("self signed certificate in certificate chain")
    )
      return "tls_untrusted";
    if (e.includes("self-signed") || e.includes("self signed")) return "tls_self_signed";
    if (e.includes("certificate has expired")) return "tls_expired";
    if (e.includes("not yet valid")) return "tls_not_yet_valid";
    if (e.includes("unable to verify") || e.includes("unable to get") || e.includes("certificate"))
      return "tls_untrusted";
    if (e.includes("ssl") || e.includes("tls") || e.includes("wrong version number") || e.includes("handshake"))
      return "tls_handshake";
    if (e.includes("enotfound") || e.includes("eai_again") || e.includes("does not resolve")) return "dns";
    if (e.includes("econnrefused")) return "refused";
    if (e.includes("deadline") || e.includes("etimedout") || e.includes("timeout")) return "timeout";
    if (e.includes("ehostunreach") || e.includes("enetunreach")) return "unreachable";
    if (e.includes("econnreset") || e.includes("socket hang up") || e.includes("closed before")) return "reset";
    return "unknown";
  }
  if (status === null) return "unknown";
  if (status >= 300 && status < 400) return "redirect";
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 404 || status === 410) return "not_found";
  if (status >= 400 && status < 500) return "client_error";
  if (status >= 500) return "server_error";
  return "unknown";
}

const hostOf = (url?: string) => {
  try {
    return url ? new URL(url).hostname.replace(/^\[|\]$/g, "") : "the endpoint";
  } catch {
    return "the endpoint";
  }
};

/** Cause and fix of a failed attempt, with its raw detail; `kind` overrides the classification (e.g. a 2xx without the challenge). */
export function explainFailure(input: FailureInput, kind: FailureKind = classifyFailure(input)): Failure {
  const { cause, fix } = TABLE[kind](hostOf(input.url), input.status);
  const detail = input.error ?? (input.status !== null ? `HTTP ${input.status}` : "no detail");
  return { kind, cause, fix, detail };
}

/** One sentence for plain-text places (notifications): "cause: fix." */
export const failureSentence = (f: Failure) => `${f.cause}: ${f.fix}.`;

/**
 * The stored answer to a verification request ("HTTP 200: body" or "No response: error") as a failure,
 * or null when it is no failure (verified, or not attempted yet).
 */
export function explainVerification(response: string | null, status: string, url: string): Failure | null {
  if (!response || status !== "verification_failed") return null;
  const http = /^HTTP (\d{3}): ?([\s\S]*)$/.exec(response);
  if (http) {
    const code = Number(http[1]);
    const input = { status: code, error: null, url };
    const f = code >= 200 && code < 300 ? explainFailure(input, "challenge_not_echoed") : explainFailure(input);
    return { ...f, detail: response };
  }
  return explainFailure({ status: null, error: response.replace(/^No response: /, ""), url });
}
