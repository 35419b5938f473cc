// An HTTPS webhook receiver on 127.0.0.1:$E2E_RECEIVER_PORT for the end-to-end tests: answers 200 and
// echoes the request body (which passes the verification challenge). Its self-signed certificate is
// written to $AXYS_WEBHOOK_EXTRA_CA_FILE so the app trusts it.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";

const port = Number(process.env.E2E_RECEIVER_PORT ?? 5398);
const certFile = process.env.AXYS_WEBHOOK_EXTRA_CA_FILE ?? "/tmp/axys-e2e-receiver/cert.pem";
const keyFile = path.join(path.dirname(certFile), "key.pem");
mkdirSync(path.dirname(certFile), { recursive: true });
execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2",
  "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], { stdio: "pipe" });
https.createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
  let body = "";
  req.on("data", (c) => (body += c)).on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body));
}).listen(port, "127.0.0.1");
const parent = Number(process.env.E2E_DNS_PARENT ?? 0);
if (parent) setInterval(() => { try { process.kill(parent, 0); } catch { process.exit(0); } }, 1000).unref();
