import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type KeySpec = "rsa:1024" | "rsa:2048" | "rsa:4096" | "ec:P-256" | "ec:P-384" | "ec:secp256k1" | "ed25519";

export interface GeneratedCsr {
  csrPem: string;
  keyPem: string;
  keyFile: string;
  csrFile: string;
  dir: string;
}

/** Generates a key pair and CSR with the real openssl binary, as a Tenant would. */
export function opensslCsr(key: KeySpec, subj: string, san?: string[]): GeneratedCsr {
  const dir = mkdtempSync(path.join(os.tmpdir(), "axys-csr-"));
  const keyFile = path.join(dir, "client.key");
  const csrFile = path.join(dir, "client.csr");
  const keyArgs = key.startsWith("rsa:")
    ? ["-newkey", key]
    : key === "ed25519"
      ? ["-newkey", "ed25519"]
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

/** What `openssl x509 -noout -dates -serial -text` says about a certificate, parsed for assertions. */
export interface X509Facts {
  notBefore: Date;
  notAfter: Date;
  /** as openssl prints it: upper-case hex, no leading zero octet */
  serialHex: string;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
  extendedKeyUsage: string[];
  text: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Parses openssl's `notBefore=Jan  1 00:00:00 2026 GMT` date format (UTC, whole seconds). */
export function parseOpensslDate(s: string): Date {
  const m = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(s.trim());
  if (!m || !MONTHS.includes(m[1])) throw new Error(`not an openssl date: ${s}`);
  return new Date(Date.UTC(Number(m[6]), MONTHS.indexOf(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
}

/** The value line under an X509v3 extension heading of `openssl x509 -text`, or null when the extension is absent. */
function extensionValue(text: string, name: string): string | null {
  const m = new RegExp(`X509v3 ${name}:(?: critical)?[ \\t]*\\n\\s*(.+)`).exec(text);
  return m ? m[1].trim() : null;
}

export function x509Facts(certPem: string): X509Facts {
  const out = openssl(["x509", "-noout", "-dates", "-serial", "-text"], certPem);
  const line = (key: string) => {
    const m = new RegExp(`^${key}=(.+)$`, "m").exec(out);
    if (!m) throw new Error(`openssl printed no ${key}`);
    return m[1].trim();
  };
  const keyId = (v: string | null) => (v === null ? null : v.replace(/^keyid:/, "").toUpperCase());
  return {
    notBefore: parseOpensslDate(line("notBefore")),
    notAfter: parseOpensslDate(line("notAfter")),
    serialHex: line("serial").toUpperCase(),
    subjectKeyId: keyId(extensionValue(out, "Subject Key Identifier")),
    authorityKeyId: keyId(extensionValue(out, "Authority Key Identifier")),
    extendedKeyUsage: (extensionValue(out, "Extended Key Usage") ?? "")
      .split(",")
      .map((u) => u.trim())
      .filter(Boolean),
    text: out,
  };
}

/**
 * A self-signed EC P-256 certificate for localhost and 127.0.0.1 (2 days), for HTTPS receivers that tests
 * run on loopback; point AXYS_WEBHOOK_EXTRA_CA_FILE at `certFile` to trust it.
 */
export function localhostTlsPair(): { key: Buffer; cert: Buffer; certFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "axys-recv-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      `${dir}/k.pem`,
      "-out",
      `${dir}/c.pem`,
      "-days",
      "2",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ],
    { stdio: "pipe" },
  );
  return { key: readFileSync(`${dir}/k.pem`), cert: readFileSync(`${dir}/c.pem`), certFile: `${dir}/c.pem` };
}
