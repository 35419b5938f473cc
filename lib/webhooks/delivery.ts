import "server-only";
import { readFileSync } from "node:fs";
import https from "node:https";
import { isIP } from "node:net";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import { unseal } from "@/lib/core/sealing";
import { db } from "@/lib/db";
import { SECRET_CONTEXT } from "@/lib/webhooks/service";
import { explainFailure, explainVerification, failureSentence, type Failure } from "@/lib/webhooks/failures";
import { VERIFICATION_EVENT } from "@/lib/webhooks/schemas";
import { webhookHeaders } from "@/lib/webhooks/signing";
import { resolveWebhookTarget } from "@/lib/webhooks/ssrf";
import { errorInfo, log } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/registry";

/** Hard total deadline of one attempt (DNS + connect + TLS + request + response), default 10 s. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;
/** Attempts in flight at once per worker, default 8; at most one of them per endpoint. */
export const DEFAULT_CONCURRENCY = 8;
/** Response bytes read at most (for the verification echo); the attempt log keeps the first RESPONSE_LOG_BYTES. */
export const RESPONSE_READ_BYTES = 4096;
export const RESPONSE_LOG_BYTES = 1024;
/** Minutes to wait after attempt n (1-based) fails: ~3.1 days over 10 attempts, each with ±20% jitter. */
export const BACKOFF_MINUTES = [1, 5, 30, 120, 300, 600, 840, 1200, 1440];
export const MAX_ATTEMPTS = BACKOFF_MINUTES.length + 1;
/** An endpoint failing continuously for this long is disabled (warned when it starts failing). Longer than one delivery's schedule. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;
/** A lease outlives the attempt's deadline by this much (the database reads and the result's transaction). */
export const DEFAULT_LEASE_MARGIN_MS = 45_000;

function intSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  return n;
}
/** Read on every pass, so a test or an operator's restart picks up a change; invalid values fail loudly. */
export const attemptTimeoutMs = () => intSetting("AXYS_WEBHOOK_TIMEOUT_MS", DEFAULT_ATTEMPT_TIMEOUT_MS, 100, 60_000);
export const deliveryConcurrency = () => intSetting("AXYS_WEBHOOK_CONCURRENCY", DEFAULT_CONCURRENCY, 1, 256);
/**
 * How long a crashed worker's deliveries wait before another worker takes them: the attempt's deadline plus
 * AXYS_WEBHOOK_LEASE_MARGIN_MS (default 45 s; the cluster harness shortens it to see the take-over quickly).
 */
export const leaseMs = () =>
  attemptTimeoutMs() + intSetting("AXYS_WEBHOOK_LEASE_MARGIN_MS", DEFAULT_LEASE_MARGIN_MS, 1_000, 600_000);

export function nextDelayMs(attemptCount: number, random = Math.random): number {
  const base = BACKOFF_MINUTES[Math.min(attemptCount, BACKOFF_MINUTES.length) - 1] * 60_000;
  return Math.round(base * (0.8 + 0.4 * random()));
}

let caCache: { file: string; context: SecureContext } | null = null;
/** The public roots plus AXYS_WEBHOOK_EXTRA_CA_FILE, parsed once (building a context of ~150 roots per attempt costs more than the attempt). */
function secureContextFor(): SecureContext | undefined {
  const extra = process.env.AXYS_WEBHOOK_EXTRA_CA_FILE;
  if (!extra) return undefined;
  if (caCache?.file !== extra)
    caCache = { file: extra, context: createSecureContext({ ca: [...rootCertificates, readFileSync(extra, "utf8")] }) };
  return caCache.context;
}

interface HttpResult {
  status: number | null;
  body: string | null;
  logBody: string | null;
  error: string | null;
  ms: number;
}

/**
 * One POST to the checked address (no second DNS lookup, no redirects followed) under a hard total
 * deadline: the DNS check, connect, TLS, sending and the whole answer must fit in `deadlineMs`, or
 * the socket is destroyed and the attempt fails (a receiver trickling a byte at a time cannot hold a
 * worker). At most RESPONSE_READ_BYTES of the answer are read; the socket is closed after them.
 */
async function post(
  urlText: string,
  headers: Record<string, string>,
  body: string,
  deadlineMs: number,
): Promise<HttpResult> {
  const started = Date.now();
  const late = () => `no complete answer within the ${deadlineMs} ms deadline`;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"late">((r) => {
    timer = setTimeout(() => r("late"), deadlineMs);
  });
  try {
    const target = await Promise.race([resolveWebhookTarget(urlText), deadline]);
    if (target === "late")
      return { status: null, body: null, logBody: null, error: `${late()} (DNS)`, ms: Date.now() - started };
    if (!target.ok) return { status: null, body: null, logBody: null, error: `refused: ${target.message}`, ms: 0 };
    const { url, addresses } = target.target;
    return await new Promise<HttpResult>((resolve) => {
      let status: number | null = null;
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (error: string | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const prefix = Buffer.concat(chunks).subarray(0, RESPONSE_READ_BYTES);
        const text = status === null ? null : prefix.toString("utf8");
        const logBody = status === null ? null : prefix.subarray(0, RESPONSE_LOG_BYTES).toString("utf8");
        resolve({ status, body: text, logBody, error, ms: Date.now() - started });
      };
      const req = https.request(
        <https.RequestOptions & { secureContext?: SecureContext }>{
          host: addresses[0],
          port: url.port || 443,
          path: url.pathname + url.search,
          method: "POST",
          // SNI and certificate checks use the URL's host name; an IP literal is checked against the certificate's IP SANs
          ...(isIP(url.hostname.replace(/^\[|\]$/g, "")) ? {} : { servername: url.hostname }),
          headers: {
            ...headers,
            host: url.host,
            "content-length": Buffer.byteLength(body),
            "user-agent": "Axys-Webhooks/1",
          },
          secureContext: secureContextFor(),
          agent: false, // a fresh connection per attempt: nothing of a hostile receiver's stays pooled
        },
        (res) => {
          status = res.statusCode ?? null;
          res.on("data", (c: Buffer) => {
            chunks.push(c);
            size += c.length;
            if (size >= RESPONSE_READ_BYTES) {
              finish(null);
              req.destroy();
            } // enough: the rest is never read
          });
          res.on("end", () => finish(null));
          res.on("error", (e) => finish(e.message.slice(0, 300)));
          res.on("close", () => finish(res.complete ? null : "the connection closed before the answer was complete"));
        },
      );
      void deadline.then(() => {
        finish(late());
        req.destroy();
      });
      req.on("error", (e) => finish(e.message.slice(0, 300)));
      req.end(body);
    });
  } finally {
    clearTimeout(timer);
  }
}

type Due = { id: string; endpointId: string; lockedUntil: Date | null };

/** Due, unleased deliveries of endpoints other than `busy`, oldest first, at most one per endpoint. */
async function nextDue(now: Date, busy: Set<string>, slots: number): Promise<Due[]> {
  const rows = await db.webhookDelivery.findMany({
    where: {
      status: "pending",
      nextAttemptAt: { lte: now },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
      ...(busy.size ? { endpointId: { notIn: [...busy] } } : {}),
    },
    orderBy: { nextAttemptAt: "asc" },
    take: slots * 8 + 16,
    select: { id: true, endpointId: true, lockedUntil: true },
  });
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.endpointId) && seen.add(r.endpointId)).slice(0, slots);
}

/**
 * Claims due deliveries with a database lease (so several workers never send the same one twice at
 * once, and a crashed worker's lease simply expires) and attempts them concurrently: up to
 * AXYS_WEBHOOK_CONCURRENCY at once, at most one per endpoint, so a slow or dead endpoint occupies
 * one slot and never delays another endpoint's deliveries. A delivery is claimed only when a slot
 * takes it (its lease starts with its attempt). While attempts are in flight, free slots look for
 * new due work every `pollMs`; the pass ends when nothing is in flight and nothing is due (or after
 * `limit` attempts). Checks `shouldStop` before each claim: a stopping worker finishes the attempts
 * in flight and claims nothing more. `now` fixes the clock (tests); by default the live clock is used.
 * Returns how many it attempted.
 */
export async function runDeliveries(
  workerId: string,
  now?: Date,
  limit = Infinity,
  shouldStop: () => boolean = () => false,
  pollMs = 200,
): Promise<number> {
  const clock = () => now ?? new Date();
  const concurrency = deliveryConcurrency();
  const lease = leaseMs();
  const busy = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  while (!shouldStop() && started < limit) {
    const slots = Math.min(concurrency - inFlight.size, limit - started);
    const due = slots > 0 ? await nextDue(clock(), busy, slots) : [];
    for (const d of due) {
      if (shouldStop()) break;
      const at = clock();
      const { count } = await db.webhookDelivery.updateMany({
        where: { id: d.id, status: "pending", lockedUntil: d.lockedUntil },
        data: { lockedUntil: new Date(at.getTime() + lease), lockedBy: workerId },
      });
      if (count !== 1) continue; // another worker claimed it
      started++;
      busy.add(d.endpointId);
      const run: Promise<void> = attempt(d.id, workerId, at)
        .catch((e) => {
          metrics.webhookAttempts.inc({ outcome: "error" });
          log.error(
            { job: "webhook.delivery", workerId, deliveryId: d.id, err: errorInfo(e) },
            "delivery attempt failed",
          ); // its lease expires; retried then
        })
        .finally(() => {
          busy.delete(d.endpointId);
          inFlight.delete(run);
        });
      inFlight.add(run);
    }
    if (inFlight.size === 0 && due.length === 0) break; // idle
    if (due.length > 0 && inFlight.size < concurrency) continue; // more may be due for other endpoints
    await Promise.race([...inFlight, new Promise((r) => setTimeout(r, pollMs))]);
  }
  await Promise.all(inFlight);
  return started;
}

/**
 * Gives up a worker's unfinished leases (shutdown): their deliveries become claimable at once by
 * another worker instead of after the lease. An attempt of this worker that still completes later
 * finds its lease gone and changes nothing but the log. Returns how many it released.
 */
export async function releaseLeases(workerId: string): Promise<number> {
  const { count } = await db.webhookDelivery.updateMany({
    where: { lockedBy: workerId, status: "pending" },
    data: { lockedUntil: null, lockedBy: null },
  });
  return count;
}

async function attempt(deliveryId: string, workerId: string, now: Date): Promise<void> {
  const d = await db.webhookDelivery.findUniqueOrThrow({
    where: { id: deliveryId },
    include: { event: true, endpoint: true },
  });
  const ep = d.endpoint;
  const secrets = [unseal(ep.secretSealed, SECRET_CONTEXT).toString()];
  if (ep.previousSecretSealed && ep.previousSecretUntil && ep.previousSecretUntil > now)
    secrets.push(unseal(ep.previousSecretSealed, SECRET_CONTEXT).toString());
  const result = await post(
    ep.url,
    webhookHeaders(secrets, d.event.id, d.event.payload, new Date()),
    d.event.payload,
    attemptTimeoutMs(),
  );
  // 3xx is a failure (redirects are not followed); so is a 2xx whose answer missed the deadline
  const ok = result.error === null && result.status !== null && result.status >= 200 && result.status < 300;
  const isVerification = d.event.type === VERIFICATION_EVENT;
  const attempts = d.attemptCount + 1;
  const exhausted = !ok && (isVerification || attempts >= MAX_ATTEMPTS);
  await db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: {
        deliveryId: d.id,
        startedAt: now,
        durationMs: result.ms,
        statusCode: result.status,
        error: result.error,
        responseBody: result.logBody,
      },
    });
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: d.id, lockedBy: workerId },
      data: {
        attemptCount: attempts,
        lastStatus: result.status,
        lastError: result.error,
        lockedUntil: null,
        lockedBy: null,
        status: ok ? "succeeded" : exhausted ? "failed" : "pending",
        succeededAt: ok ? now : null,
        nextAttemptAt: ok || exhausted ? d.nextAttemptAt : new Date(now.getTime() + nextDelayMs(attempts)),
      },
    });
    // lease lost (released at shutdown, or expired and claimed by another worker): the new holder decides
    const outcome = count !== 1 ? "lease_lost" : ok ? "succeeded" : exhausted ? "failed" : "retry";
    metrics.webhookAttempts.inc({ outcome });
    metrics.webhookAttemptDuration.observe({ outcome }, result.ms / 1000);
    log.info(
      {
        job: "webhook.delivery",
        workerId,
        deliveryId: d.id,
        endpointId: ep.id,
        tenantId: ep.tenantId,
        eventType: d.event.type,
        attempt: attempts,
        outcome,
        status: result.status,
        latencyMs: result.ms,
        ...(result.error ? { error: result.error } : {}),
      },
      "webhook attempt",
    );
    if (count !== 1) return;
    if (isVerification) {
      const challenge = (JSON.parse(d.event.payload) as { data: { challenge: string } }).data.challenge;
      const echoed = ok && (result.body ?? "").includes(challenge) && ep.verificationChallenge === challenge;
      const verificationResponse =
        result.status !== null
          ? `HTTP ${result.status}: ${result.logBody ?? ""}`.slice(0, RESPONSE_LOG_BYTES)
          : `No response: ${result.error}`;
      await tx.webhookEndpoint.update({
        where: { id: ep.id },
        data: {
          status: echoed ? "active" : "verification_failed",
          verifiedAt: echoed ? now : ep.verifiedAt,
          verificationResponse,
        },
      });
      const failure = echoed ? null : explainVerification(verificationResponse, "verification_failed", ep.url);
      if (failure) {
        await tx.notification.create({
          data: {
            tenantId: ep.tenantId,
            kind: "webhook.verification_failed",
            title: "A webhook endpoint failed verification",
            body: `${ep.url} did not pass verification. ${failureSentence(failure)}`,
            link: `/webhooks/${ep.id}`,
          },
        });
      }
    } else if (ok) {
      if (ep.failingSince) await tx.webhookEndpoint.update({ where: { id: ep.id }, data: { failingSince: null } });
    } else {
      await markFailing(tx, ep, now, explainFailure({ status: result.status, error: result.error, url: ep.url }));
    }
  });
}

/** The endpoint's failing and disabled states change with their notification (saying cause and fix) in the attempt's transaction. */
async function markFailing(
  tx: Parameters<Parameters<typeof db.$transaction>[0]>[0],
  ep: { id: string; tenantId: string; url: string; failingSince: Date | null; status: string },
  now: Date,
  failure: Failure,
) {
  if (!ep.failingSince) {
    await tx.webhookEndpoint.update({ where: { id: ep.id }, data: { failingSince: now } });
    await tx.notification.create({
      data: {
        tenantId: ep.tenantId,
        kind: "webhook.failing",
        title: "A webhook endpoint is failing",
        body: `Deliveries to ${ep.url} are failing. ${failureSentence(failure)} It is disabled after 5 days of failures.`,
        link: `/webhooks/${ep.id}`,
      },
    });
    return;
  }
  if (ep.status !== "disabled" && now.getTime() - ep.failingSince.getTime() >= DISABLE_AFTER_MS) {
    await tx.webhookEndpoint.update({
      where: { id: ep.id },
      data: { status: "disabled", disabledAt: now, disabledReason: "failing for 5 days" },
    });
    // kept as failed (not dropped): "redeliver everything failed since" sends them once the endpoint is fixed
    await tx.webhookDelivery.updateMany({
      where: { endpointId: ep.id, status: "pending" },
      data: { status: "failed", lastError: "endpoint disabled" },
    });
    await tx.notification.create({
      data: {
        tenantId: ep.tenantId,
        kind: "webhook.disabled",
        title: "A webhook endpoint was disabled",
        body: `${ep.url} failed every delivery for 5 days; the last failure: ${failureSentence(failure)} Fix it, verify it again, then redeliver what failed.`,
        link: `/webhooks/${ep.id}`,
      },
    });
    await tx.auditEvent.create({
      data: {
        tenantId: ep.tenantId,
        actorLabel: "system:webhooks",
        action: "webhook.disabled",
        targetType: "webhook_endpoint",
        targetId: ep.id,
        before: JSON.stringify({ status: ep.status }),
        after: JSON.stringify({ status: "disabled", reason: "failing for 5 days" }),
      },
    });
  }
}
