import "server-only";
import { readFileSync } from "node:fs";
import https from "node:https";
import { isIP } from "node:net";
import { rootCertificates } from "node:tls";
import { unseal } from "@/lib/certificates/master-key";
import { db } from "@/lib/db";
import { SECRET_CONTEXT } from "@/lib/webhooks/service";
import { VERIFICATION_EVENT } from "@/lib/webhooks/schemas";
import { webhookHeaders } from "@/lib/webhooks/signing";
import { resolveWebhookTarget } from "@/lib/webhooks/ssrf";

export const ATTEMPT_TIMEOUT_MS = Number(process.env.AXYS_WEBHOOK_TIMEOUT_MS ?? 15_000);
/** Minutes to wait after attempt n (1-based) fails: ~3.1 days over 10 attempts, each with ±20% jitter. */
export const BACKOFF_MINUTES = [1, 5, 30, 120, 300, 600, 840, 1200, 1440];
export const MAX_ATTEMPTS = BACKOFF_MINUTES.length + 1;
/** An endpoint failing continuously for this long is disabled (warned when it starts failing). Longer than one delivery's schedule. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;
const LEASE_MS = ATTEMPT_TIMEOUT_MS + 45_000;

export function nextDelayMs(attemptCount: number, random = Math.random): number {
  const base = BACKOFF_MINUTES[Math.min(attemptCount, BACKOFF_MINUTES.length) - 1] * 60_000;
  return Math.round(base * (0.8 + 0.4 * random()));
}

function trustedCas(): string[] | undefined {
  const extra = process.env.AXYS_WEBHOOK_EXTRA_CA_FILE;
  return extra ? [...rootCertificates, readFileSync(extra, "utf8")] : undefined;
}

interface HttpResult { status: number | null; body: string | null; error: string | null; ms: number }

/** One POST to the checked address (no second DNS lookup, no redirects followed), with a timeout. */
async function post(urlText: string, headers: Record<string, string>, body: string): Promise<HttpResult> {
  const started = Date.now();
  const target = await resolveWebhookTarget(urlText);
  if (!target.ok) return { status: null, body: null, error: `refused: ${target.message}`, ms: 0 };
  const { url, addresses } = target.target;
  return new Promise((resolve) => {
    const req = https.request({
      host: addresses[0], port: url.port || 443, path: url.pathname + url.search, method: "POST",
      // SNI and certificate checks use the URL's host name; an IP literal is checked against the certificate's IP SANs
      ...(isIP(url.hostname.replace(/^\[|\]$/g, "")) ? {} : { servername: url.hostname }),
      headers: { ...headers, host: url.host, "content-length": Buffer.byteLength(body), "user-agent": "Axys-Webhooks/1" }, ca: trustedCas(), timeout: ATTEMPT_TIMEOUT_MS,
    }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => { if (text.length < 1024) text += c; });
      res.on("end", () => resolve({ status: res.statusCode ?? null, body: text.slice(0, 1024), error: null, ms: Date.now() - started }));
    });
    req.on("timeout", () => req.destroy(new Error(`timed out after ${ATTEMPT_TIMEOUT_MS} ms`)));
    req.on("error", (e) => resolve({ status: null, body: null, error: e.message.slice(0, 300), ms: Date.now() - started }));
    req.end(body);
  });
}

/**
 * Claims due deliveries with a database lease (so several workers never send the same one twice at
 * once, and a crashed worker's lease simply expires) and attempts each, one after the other. Checks
 * `shouldStop` before each claim: a stopping worker finishes the attempt in flight and claims none of
 * the rest. Returns how many it attempted.
 */
export async function runDeliveries(workerId: string, now = new Date(), limit = 20, shouldStop: () => boolean = () => false): Promise<number> {
  if (shouldStop()) return 0;
  const due = await db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    orderBy: { nextAttemptAt: "asc" }, take: limit, select: { id: true, lockedUntil: true },
  });
  let attempted = 0;
  for (const d of due) {
    if (shouldStop()) break;
    const { count } = await db.webhookDelivery.updateMany({
      where: { id: d.id, status: "pending", lockedUntil: d.lockedUntil },
      data: { lockedUntil: new Date(now.getTime() + LEASE_MS), lockedBy: workerId },
    });
    if (count !== 1) continue; // another worker claimed it
    await attempt(d.id, workerId, now);
    attempted++;
  }
  return attempted;
}

/**
 * Gives up a worker's unfinished leases (shutdown): their deliveries become claimable at once by
 * another worker instead of after the lease. An attempt of this worker that still completes later
 * finds its lease gone and changes nothing but the log. Returns how many it released.
 */
export async function releaseLeases(workerId: string): Promise<number> {
  const { count } = await db.webhookDelivery.updateMany({ where: { lockedBy: workerId, status: "pending" }, data: { lockedUntil: null, lockedBy: null } });
  return count;
}

async function attempt(deliveryId: string, workerId: string, now: Date): Promise<void> {
  const d = await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { event: true, endpoint: true } });
  const ep = d.endpoint;
  const secrets = [unseal(ep.secretSealed, SECRET_CONTEXT).toString()];
  if (ep.previousSecretSealed && ep.previousSecretUntil && ep.previousSecretUntil > now) secrets.push(unseal(ep.previousSecretSealed, SECRET_CONTEXT).toString());
  const result = await post(ep.url, webhookHeaders(secrets, d.event.id, d.event.payload, new Date()), d.event.payload);
  const ok = result.status !== null && result.status >= 200 && result.status < 300; // 3xx is a failure: redirects are not followed
  const isVerification = d.event.type === VERIFICATION_EVENT;
  const attempts = d.attemptCount + 1;
  const exhausted = !ok && (isVerification || attempts >= MAX_ATTEMPTS);
  await db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({ data: { deliveryId: d.id, startedAt: now, durationMs: result.ms, statusCode: result.status, error: result.error, responseBody: result.body } });
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: d.id, lockedBy: workerId },
      data: {
        attemptCount: attempts, lastStatus: result.status, lastError: result.error, lockedUntil: null, lockedBy: null,
        status: ok ? "succeeded" : exhausted ? "failed" : "pending",
        succeededAt: ok ? now : null,
        nextAttemptAt: ok || exhausted ? d.nextAttemptAt : new Date(now.getTime() + nextDelayMs(attempts)),
      },
    });
    // lease lost (released at shutdown, or expired and claimed by another worker): the new holder decides
    if (count !== 1) return;
    if (isVerification) {
      const challenge = (JSON.parse(d.event.payload) as { data: { challenge: string } }).data.challenge;
      const echoed = ok && (result.body ?? "").includes(challenge) && ep.verificationChallenge === challenge;
      await tx.webhookEndpoint.update({
        where: { id: ep.id },
        data: {
          status: echoed ? "active" : "verification_failed", verifiedAt: echoed ? now : ep.verifiedAt,
          verificationResponse: result.status !== null ? `HTTP ${result.status}: ${result.body ?? ""}`.slice(0, 1024) : `No response: ${result.error}`,
        },
      });
    } else if (ok) {
      if (ep.failingSince) await tx.webhookEndpoint.update({ where: { id: ep.id }, data: { failingSince: null } });
    } else {
      await markFailing(tx, ep, now);
    }
  });
}

async function markFailing(tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], ep: { id: string; tenantId: string; url: string; failingSince: Date | null; status: string }, now: Date) {
  if (!ep.failingSince) {
    await tx.webhookEndpoint.update({ where: { id: ep.id }, data: { failingSince: now } });
    await tx.notification.create({ data: { tenantId: ep.tenantId, kind: "webhook.failing", title: "A webhook endpoint is failing", body: `Deliveries to ${ep.url} are failing; it is disabled after 5 days of failures.`, link: `/webhooks/${ep.id}` } });
    return;
  }
  if (ep.status !== "disabled" && now.getTime() - ep.failingSince.getTime() >= DISABLE_AFTER_MS) {
    await tx.webhookEndpoint.update({ where: { id: ep.id }, data: { status: "disabled", disabledAt: now, disabledReason: "failing for 5 days" } });
    // kept as failed (not dropped): "redeliver everything failed since" sends them once the endpoint is fixed
    await tx.webhookDelivery.updateMany({ where: { endpointId: ep.id, status: "pending" }, data: { status: "failed", lastError: "endpoint disabled" } });
    await tx.notification.create({ data: { tenantId: ep.tenantId, kind: "webhook.disabled", title: "A webhook endpoint was disabled", body: `${ep.url} failed every delivery for 5 days. Fix it, verify it again, then redeliver what failed.`, link: `/webhooks/${ep.id}` } });
    await tx.auditEvent.create({ data: { tenantId: ep.tenantId, actorLabel: "system:webhooks", action: "webhook.disabled", targetType: "webhook_endpoint", targetId: ep.id, before: JSON.stringify({ status: ep.status }), after: JSON.stringify({ status: "disabled", reason: "failing for 5 days" }) } });
  }
}
