import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "@/lib/db";

export type AccountTokenKind = "password_reset" | "email_change";
export const TOKEN_TTL_MS: Record<AccountTokenKind, number> = {
  password_reset: 60 * 60_000,
  email_change: 24 * 60 * 60_000,
};

export const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** A link token: 32 random bytes, base64url. Only its SHA-256 is stored. Never log it. */
export function newAccountToken(): { token: string; tokenSha256: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenSha256: sha256Hex(token) };
}

/** A string that can be a token at all (bounded before it is hashed or looked up). */
const plausible = (token: unknown): token is string =>
  typeof token === "string" && token.length >= 20 && token.length <= 100;

/** The live (unused, unexpired) token of this kind, without using it (to show the page behind a link). */
export async function findLiveToken(tx: Tx, kind: AccountTokenKind, token: unknown, now: Date) {
  if (!plausible(token)) return null;
  const row = await tx.accountToken.findUnique({ where: { tokenSha256: sha256Hex(token) } });
  return row && row.kind === kind && !row.usedAt && row.expiresAt > now ? row : null;
}

/**
 * Uses a token once: a conditional update (unused, unexpired, this kind) that only one caller can win,
 * even when two requests race; the loser (and every later use) gets null.
 */
export async function claimToken(tx: Tx, kind: AccountTokenKind, token: unknown, now: Date) {
  if (!plausible(token)) return null;
  const tokenSha256 = sha256Hex(token);
  const won = await tx.accountToken.updateMany({
    where: { tokenSha256, kind, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (won.count !== 1) return null;
  return tx.accountToken.findUnique({ where: { tokenSha256 } });
}
