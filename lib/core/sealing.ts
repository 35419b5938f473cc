import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { log } from "@/lib/log/logger";

const DEV_KEY_FILE = path.join(".axys", "ca-master.key");
let cached: Buffer | undefined;

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32)
    throw new Error(
      `${source} must hold 32 bytes, base64-encoded (e.g. openssl rand -base64 32); it has ${key.length}.`,
    );
  return key;
}

/**
 * The key that seals the CA private keys, the webhook signing secrets and the bank credentials at rest
 * (AES-256-GCM; lib/bank/sealing.ts, lib/webhooks, lib/certificates/ca.ts): AXYS_CA_MASTER_KEY (base64) or the
 * file named by AXYS_CA_MASTER_KEY_FILE. A production deployment without one refuses to start;
 * elsewhere a key is generated once into .axys/ca-master.key with a warning.
 */
export function masterKey(): Buffer {
  if (cached) return cached;
  if (process.env.AXYS_CA_MASTER_KEY) return (cached = decodeKey(process.env.AXYS_CA_MASTER_KEY, "AXYS_CA_MASTER_KEY"));
  const file = process.env.AXYS_CA_MASTER_KEY_FILE;
  if (file) return (cached = decodeKey(readFileSync(file, "utf8"), `AXYS_CA_MASTER_KEY_FILE (${file})`));
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
  return (cached = decodeKey(readFileSync(DEV_KEY_FILE, "utf8"), DEV_KEY_FILE));
}

/** Seals bytes with AES-256-GCM; `context` is bound as associated data (a sealed key only opens for its CA). */
export function seal(plaintext: Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", masterKey(), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function unseal(sealed: string, context: string): Buffer {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("Unrecognised sealed-key format.");
  const decipher = createDecipheriv("aes-256-gcm", masterKey(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
  } catch {
    throw new Error("Cannot open the CA private key: the CA master key is not the one it was sealed with.");
  }
}
