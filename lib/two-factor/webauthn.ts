import "server-only";
import { portalOrigin } from "@/lib/auth/redirect";
import { db } from "@/lib/db";

/** How long a WebAuthn challenge may be answered. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * The origin passkeys are bound to: portalOrigin() (NEXTAUTH_URL), or AXYS_PASSKEY_ORIGIN when the portal is also
 * reached under another name. Browsers refuse WebAuthn on an IP address, so a portal at http://127.0.0.1 sets
 * AXYS_PASSKEY_ORIGIN=http://localhost:<port> (the end-to-end tests do).
 */
export function passkeyOrigin(): string {
  const v = process.env.AXYS_PASSKEY_ORIGIN;
  if (v) {
    try {
      return new URL(v).origin;
    } catch {
      // fall back to the portal's origin
    }
  }
  return portalOrigin();
}

/** The relying party id: the host name of the passkey origin (no port). */
export const passkeyRpId = (): string => new URL(passkeyOrigin()).hostname;

/** Stores the challenge this session was just given (replacing any earlier one). */
export async function storeChallenge(sessionId: string, challenge: string, now: Date): Promise<void> {
  await db.session.update({
    where: { id: sessionId },
    data: { challenge, challengeExpiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) },
  });
}

/**
 * Takes the session's challenge for one answer: cleared with a compare-and-set, so it is answered at most once,
 * and refused once expired. null when there is none (never given, already used, expired).
 */
export async function takeChallenge(sessionId: string, now: Date): Promise<string | null> {
  const s = await db.session.findUnique({
    where: { id: sessionId },
    select: { challenge: true, challengeExpiresAt: true },
  });
  if (!s?.challenge) return null;
  const r = await db.session.updateMany({
    where: { id: sessionId, challenge: s.challenge },
    data: { challenge: null, challengeExpiresAt: null },
  });
  if (r.count !== 1 || !s.challengeExpiresAt || s.challengeExpiresAt <= now) return null;
  return s.challenge;
}
