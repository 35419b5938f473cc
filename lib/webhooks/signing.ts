import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A new signing secret in the Standard Webhooks format: "whsec_" + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ""), "base64");
}

/** v1 signature: base64 HMAC-SHA256 over "<id>.<timestamp>.<body>" with the secret's bytes. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac("sha256", secretBytes(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/**
 * The Standard Webhooks headers for one attempt. During a secret rotation both secrets sign, and
 * the signatures are space-separated so receivers holding either secret verify.
 */
export function webhookHeaders(secrets: string[], id: string, body: string, now = new Date()): Record<string, string> {
  const ts = Math.floor(now.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(ts),
    "webhook-signature": secrets.map((s) => signWebhook(s, id, ts, body)).join(" "),
    "content-type": "application/json",
  };
}

/**
 * What a receiver does (the documented snippet, docs/webhooks.md): recompute the signature with its
 * secret, compare in constant time, and refuse stale timestamps (replay protection).
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | undefined>,
  body: string,
  now = new Date(),
  toleranceS = 300,
): boolean {
  const id = headers["webhook-id"];
  const ts = Number(headers["webhook-timestamp"]);
  const sigs = (headers["webhook-signature"] ?? "").split(" ");
  if (!id || !Number.isFinite(ts) || Math.abs(now.getTime() / 1000 - ts) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(secret, id, ts, body));
  return sigs.some((s) => {
    const got = Buffer.from(s);
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
