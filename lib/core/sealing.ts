import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { log } from "@/lib/log/logger";

const DEV_KEY_FILE = path.join(".axys", "ca-master.key");

/** A master key and its id: the first 8 hex digits of its SHA-256 (names the key in sealed values, reveals nothing). */
export interface MasterKey {
  id: string;
  key: Buffer;
}
let cached: { current: MasterKey; previous: MasterKey[] } | undefined;

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32)
    throw new Error(
      `${source} must hold 32 bytes, base64-encoded (e.g. openssl rand -base64 32); it has ${key.length}.`,
    );
  return key;
}

const withId = (key: Buffer): MasterKey => ({ key, id: createHash("sha256").update(key).digest("hex").slice(0, 8) });

function currentKey(): Buffer {
  if (process.env.AXYS_CA_MASTER_KEY) return decodeKey(process.env.AXYS_CA_MASTER_KEY, "AXYS_CA_MASTER_KEY");
  const file = process.env.AXYS_CA_MASTER_KEY_FILE;
  if (file) return decodeKey(readFileSync(file, "utf8"), `AXYS_CA_MASTER_KEY_FILE (${file})`);
  if (process.env.AXYS_DEPLOYMENT === "production") {
    throw new Error(
      "AXYS_CA_MASTER_KEY or AXYS_CA_MASTER_KEY_FILE must be set in production: it protects the CA private keys.",
    );
  }
  if (!existsSync(DEV_KEY_FILE)) {
    mkdirSync(path.dirname(DEV_KEY_FILE), { recursive: true });
    writeFileSync(DEV_KEY_FILE, randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
    chmodSync(DEV_KEY_FILE, 0o600);
    log.warn(
      `No CA master key configured: generated ${DEV_KEY_FILE} for local use. Set AXYS_CA_MASTER_KEY in real deployments.`,
    );
  }
  return decodeKey(readFileSync(DEV_KEY_FILE, "utf8"), DEV_KEY_FILE);
}

/** Retired keys that still open values (during a rotation): AXYS_CA_MASTER_KEY_PREVIOUS (comma-separated) or a file of one per line. */
function previousKeys(): Buffer[] {
  const list = process.env.AXYS_CA_MASTER_KEY_PREVIOUS;
  const file = process.env.AXYS_CA_MASTER_KEY_PREVIOUS_FILE;
  const entries = list
    ? list.split(",").map((k, i) => [k, `AXYS_CA_MASTER_KEY_PREVIOUS (entry ${i + 1})`])
    : file
      ? readFileSync(file, "utf8")
          .split("\n")
          .map((k, i) => [k, `AXYS_CA_MASTER_KEY_PREVIOUS_FILE (${file}, line ${i + 1})`])
      : [];
  return entries.filter(([k]) => k.trim()).map(([k, source]) => decodeKey(k, source));
}

/**
 * The keys that seal the CA private keys, the webhook signing secrets, the bank credentials and queued mail at
 * rest (AES-256-GCM): the current one, AXYS_CA_MASTER_KEY (base64) or the file named by AXYS_CA_MASTER_KEY_FILE,
 * seals; retired ones (AXYS_CA_MASTER_KEY_PREVIOUS) only open, until `axys masterkey reseal` has moved every
 * value to the current key (docs/operations.md, "Rotating the master key"). A production deployment without a
 * key refuses to start; elsewhere one is generated once into .axys/ca-master.key with a warning.
 */
export function masterKeys(): { current: MasterKey; previous: MasterKey[] } {
  if (cached) return cached;
  const current = withId(currentKey());
  const previous = previousKeys()
    .map(withId)
    .filter((k) => k.id !== current.id);
  return (cached = { current, previous });
}

/** The current master key (seals). */
export function masterKey(): Buffer {
  return masterKeys().current.key;
}

/** Forgets the keys read from the environment (tests that change it). */
export function forgetMasterKeys(): void {
  cached = undefined;
}

/**
 * Seals bytes with AES-256-GCM under the current master key; `context` is bound as associated data (a value
 * only opens for the row and field it was sealed for). Format `v2.<key id>.<iv>.<tag>.<body>`.
 */
export function seal(plaintext: Buffer, context: string): string {
  const { current } = masterKeys();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ["v2", current.id, ...[iv, cipher.getAuthTag(), body].map((p) => p.toString("base64url"))].join(".");
}

function open(key: Buffer, iv: string, tag: string, body: string, context: string): Buffer | null {
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * The id of the master key a sealed value opens with: named by v2 values; for v1 values (sealed before key
 * ids) the configured key that opens it. null when no configured key opens it.
 */
export function sealedKeyId(sealed: string, context: string): string | null {
  const parts = sealed.split(".");
  if (parts[0] === "v2") return parts[1] ?? null;
  try {
    unseal(sealed, context);
  } catch {
    return null;
  }
  const { current, previous } = masterKeys();
  const [, iv, tag, body] = parts;
  return [current, ...previous].find((k) => open(k.key, iv, tag, body, context))?.id ?? null;
}

/** Opens a sealed value with the key it names (v2) or any configured key (v1, sealed before key ids). */
export function unseal(sealed: string, context: string): Buffer {
  const parts = sealed.split(".");
  const { current, previous } = masterKeys();
  let candidates: MasterKey[];
  let iv: string, tag: string, body: string;
  if (parts[0] === "v2" && parts.length === 5) {
    const kid = parts[1];
    [, , iv, tag, body] = parts;
    candidates = [current, ...previous].filter((k) => k.id === kid);
    if (!candidates.length)
      throw new Error(
        `Cannot open a sealed value: it was sealed with master key ${kid}, which is not configured (AXYS_CA_MASTER_KEY is ${current.id}${previous.length ? `, AXYS_CA_MASTER_KEY_PREVIOUS ${previous.map((k) => k.id).join(", ")}` : ""}).`,
      );
  } else if (parts[0] === "v1" && parts.length === 4) {
    [, iv, tag, body] = parts;
    candidates = [current, ...previous];
  } else {
    throw new Error("Unrecognised sealed-value format.");
  }
  for (const k of candidates) {
    const clear = open(k.key, iv, tag, body, context);
    if (clear) return clear;
  }
  throw new Error(
    "Cannot open a sealed value: the configured master key is not the one it was sealed with (or the value was moved from another row).",
  );
}
