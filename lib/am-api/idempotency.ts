import { createHash } from "node:crypto";
import { ApiFault, type ApiReply } from "@/lib/am-api/errors";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/errors";
import { errorInfo, log } from "@/lib/log/logger";

/** How long a key's first response is kept and replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
const KEY = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentCall {
  apiUserId: string;
  key: string;
  method: string;
  path: string;
  body: Buffer | null;
}

/** The Idempotency-Key header, checked: 1 to 255 visible ASCII characters. */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | null {
  if (raw === undefined) return null;
  if (Array.isArray(raw) || !KEY.test(raw))
    throw new ApiFault(400, "invalid_request", "Idempotency-Key must be 1 to 255 visible ASCII characters, sent once.");
  return raw;
}

const fingerprintOf = (c: IdempotentCall) =>
  createHash("sha256")
    .update(`${c.method} ${c.path}\n`)
    .update(c.body ?? Buffer.alloc(0))
    .digest("hex");

/**
 * Runs `execute` at most once per (API user, key) within IDEMPOTENCY_TTL_MS: the first call claims the key (a
 * unique row, so two concurrent duplicates cannot both execute: the second gets 409 idempotency_key_in_use), and
 * its reply is stored and replayed to every later call with the same method, path and body (with
 * `Idempotent-Replayed: true`). The same key with another request is 409 idempotency_key_reused. A reply of 500
 * releases the key (nothing was done, the client may retry); a reply that showed a secret once is not stored, and
 * its replay is a 409 saying so.
 */
export async function idempotent(
  c: IdempotentCall,
  execute: () => Promise<ApiReply>,
  o: { showsSecret?: boolean; now?: Date } = {},
): Promise<ApiReply> {
  const now = o.now ?? new Date();
  const fingerprint = fingerprintOf(c);
  const where = { apiUserId_key: { apiUserId: c.apiUserId, key: c.key } };
  let claimed = false;
  for (let attempt = 0; attempt < 2 && !claimed; attempt++) {
    try {
      await db.apiIdempotencyKey.create({
        data: {
          apiUserId: c.apiUserId,
          key: c.key,
          fingerprint,
          expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
        },
      });
      claimed = true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const row = await db.apiIdempotencyKey.findUnique({ where });
      if (!row) continue; // released meanwhile: claim again
      if (row.expiresAt <= now) {
        await db.apiIdempotencyKey.deleteMany({ where: { id: row.id, expiresAt: { lte: now } } });
        continue;
      }
      if (row.fingerprint !== fingerprint)
        throw new ApiFault(
          409,
          "idempotency_key_reused",
          "This Idempotency-Key was used with another request (method, path or body) in the last 24 hours: use a new key.",
        );
      if (row.state !== "done" && row.createdAt.getTime() <= now.getTime() - CLAIM_ABANDONED_MS) {
        // a claim whose release was lost (the process died, or the database stayed away longer than the retries)
        await db.apiIdempotencyKey.deleteMany({ where: { id: row.id, state: "in_progress" } });
        continue;
      }
      if (row.state !== "done")
        throw new ApiFault(
          409,
          "idempotency_key_in_use",
          "A request with this Idempotency-Key is still being processed: retry in a moment.",
          { "retry-after": "1" },
        );
      if (row.responseBody === null)
        throw new ApiFault(
          409,
          "idempotency_key_reused",
          "The request with this Idempotency-Key was done, and its answer held a secret that is shown only once.",
        );
      return {
        status: row.responseStatus ?? 200,
        body: JSON.parse(row.responseBody),
        headers: { "idempotent-replayed": "true" },
      };
    }
  }
  if (!claimed) throw new ApiFault(409, "idempotency_key_in_use", "Retry in a moment.", { "retry-after": "1" });

  let reply: ApiReply;
  try {
    reply = await execute();
  } catch (e) {
    await release(c);
    throw e;
  }
  if (reply.status >= 500) {
    await release(c);
    return reply;
  }
  await db.apiIdempotencyKey.updateMany({
    where: { apiUserId: c.apiUserId, key: c.key },
    data: {
      state: "done",
      responseStatus: reply.status,
      responseBody: o.showsSecret && reply.status < 300 ? null : JSON.stringify(reply.body),
    },
  });
  return reply;
}

/**
 * An in-progress claim older than this was abandoned (no call runs this long: the gateway's request deadline is far
 * shorter), and the key may be claimed again.
 */
export const CLAIM_ABANDONED_MS = 2 * 60_000;
/** How long a failed release is retried in the background (the database may be restarting). */
const RELEASE_RETRY_MS = 2 * 60_000;

/**
 * Frees the key of a call that did nothing (a 5xx or a throw), so the client's retry runs it. The database may be
 * the reason the call failed: a release that fails is retried in the background with backoff until it succeeds
 * or RELEASE_RETRY_MS pass (after that, or if this process dies, CLAIM_ABANDONED_MS frees the key).
 */
async function release(c: IdempotentCall): Promise<void> {
  const started = Date.now();
  const attempt = () =>
    db.apiIdempotencyKey.deleteMany({ where: { apiUserId: c.apiUserId, key: c.key, state: "in_progress" } });
  const retry = (e: unknown, waitMs: number) => {
    if (Date.now() - started > RELEASE_RETRY_MS) {
      log.warn({ err: errorInfo(e), apiUserId: c.apiUserId }, "Idempotency-Key release abandoned; the claim expires");
      return;
    }
    setTimeout(() => void attempt().catch((e2: unknown) => retry(e2, Math.min(waitMs * 2, 5_000))), waitMs).unref();
  };
  // the first attempt is awaited: the reply goes out with the key free whenever the database answers
  await attempt().catch((e: unknown) => retry(e, 100));
}

/** Removes expired keys (the worker's housekeeping). */
export async function purgeExpiredIdempotencyKeys(now = new Date()): Promise<number> {
  return (await db.apiIdempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
