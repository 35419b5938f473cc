import { createHash, randomBytes } from "node:crypto";
import type { Environment } from "@/lib/environments";

const ENV_TAG: Record<Environment, string> = { staging: "stg", production: "prd" };
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const KEY_BODY_LENGTH = 32; // base62: ~190 bits of entropy
const KEY_PATTERN = /^axys_(stg|prd)_([tp])_([0-9A-Za-z]{32})$/;

/**
 * A new API key: "axys_<stg|prd>_<t|p>_<32 base62 characters>". The prefix tells a human (and secret
 * scanners) the environment and whether it is tenant- or program-level.
 */
export function generateApiKey(
  environment: Environment,
  level: "tenant" | "program",
): { key: string; prefix: string; last4: string; hash: string } {
  const bytes = randomBytes(KEY_BODY_LENGTH * 2);
  let body = "";
  for (const b of bytes) {
    if (b < 248) body += ALPHABET[b % 62]; // 248 = 4 * 62: no modulo bias
    if (body.length === KEY_BODY_LENGTH) break;
  }
  if (body.length < KEY_BODY_LENGTH) return generateApiKey(environment, level);
  const prefix = `axys_${ENV_TAG[environment]}_${level === "tenant" ? "t" : "p"}_`;
  const key = prefix + body;
  return { key, prefix, last4: body.slice(-4), hash: hashApiKey(key) };
}

/** SHA-256 of the whole key: keys carry ~190 random bits, so a fast unkeyed hash is safe to store. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function parseApiKey(key: string): { environment: Environment; level: "tenant" | "program" } | null {
  const m = KEY_PATTERN.exec(key);
  if (!m) return null;
  return { environment: m[1] === "stg" ? "staging" : "production", level: m[2] === "t" ? "tenant" : "program" };
}

export const maskApiKey = (prefix: string, last4: string) => `${prefix}…${last4}`;
