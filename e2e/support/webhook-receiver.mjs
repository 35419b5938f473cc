// An HTTPS webhook receiver on 127.0.0.1:$E2E_RECEIVER_PORT for the end-to-end tests: answers 200 and
// echoes the request body (which passes the verification challenge). Its self-signed certificate is
// written to $AXYS_WEBHOOK_EXTRA_CA_FILE so the app trusts it.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import https from "node:https";
import path from "node:path";

const port = Number(process.env.E2E_RECEIVER_PORT ?? 5398);
const certFile = process.env.AXYS_WEBHOOK_EXTRA_CA_FILE ?? "/tmp/axys-e2e-receiver/cert.pem";
// Made in a private folder; published to the trusted path only once this receiver owns the port, so a
// second copy that fails to bind never replaces the certificate the running one serves.
const own = mkdtempSync(path.join(os.tmpdir(), "axys-receiver-"));
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
    `${own}/key.pem`,
    "-out",
    `${own}/cert.pem`,
    "-days",
    "2",
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ],
  { stdio: "pipe" },
);
const server = https.createServer(
  { key: readFileSync(`${own}/key.pem`), cert: readFileSync(`${own}/cert.pem`) },
  (req, res) => {
    let body = "";
    req
      .on("data", (c) => (body += c))
      .on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body));
  },
);
server.on("error", (e) => {
  console.error(`[e2e receiver] ${e.message}`);
  process.exit(0);
});
server.listen(port, "127.0.0.1", () => {
  mkdirSync(path.dirname(certFile), { recursive: true });
  copyFileSync(`${own}/cert.pem`, certFile);
});
const parent = Number(process.env.E2E_DNS_PARENT ?? 0);
if (parent)
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
