import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type KeySpec = "rsa:1024" | "rsa:2048" | "rsa:4096" | "ec:P-256" | "ec:P-384" | "ec:secp256k1" | "ed25519";

export interface GeneratedCsr { csrPem: string; keyPem: string; keyFile: string; csrFile: string; dir: string }

/** Generates a key pair and CSR with the real openssl binary, as a Tenant would. */
export function opensslCsr(key: KeySpec, subj: string, san?: string[]): GeneratedCsr {
  const dir = mkdtempSync(path.join(os.tmpdir(), "axys-csr-"));
  const keyFile = path.join(dir, "client.key");
  const csrFile = path.join(dir, "client.csr");
  const keyArgs = key.startsWith("rsa:") ? ["-newkey", key]
    : key === "ed25519" ? ["-newkey", "ed25519"]
    : ["-newkey", "ec", "-pkeyopt", `ec_paramgen_curve:${key.slice(3)}`];
  const args = ["req", "-new", ...keyArgs, "-nodes", "-keyout", keyFile, "-out", csrFile, "-subj", subj];
  if (san?.length) args.push("-addext", `subjectAltName=${san.map((d) => `DNS:${d}`).join(",")}`);
  execFileSync("openssl", args, { stdio: "pipe" });
  return { csrPem: readFileSync(csrFile, "utf8"), keyPem: readFileSync(keyFile, "utf8"), keyFile, csrFile, dir };
}

export function openssl(args: string[], input?: string): string {
  return execFileSync("openssl", args, { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

export function writeTemp(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}
