/**
 * CA benchmark: CSR check + issuance latency (p50/p95), throughput and CPU per certificate for
 * RSA-2048 and EC P-256 CSRs, against openssl signing a batch of the same CSR with the same CA key in ONE
 * process (`openssl ca -batch -infiles ...`, a minimal CA config with the same extensions), and against the
 * bare signature of the CA's key type (`openssl speed ecdsap384`, and Node's crypto.sign on the same key).
 *   npm run bench:ca [-- --n 500 --openssl-n 500]
 * Runs in-process (no database): the same checkCsr + signClientCertificate the service uses.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createPrivateKey, sign } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkCsr } from "@/lib/certificates/csr";
import { signClientCertificate } from "@/lib/certificates/issue";
import { CA_ALGORITHM, subtle, toPem, x509 } from "@/lib/certificates/x509";

const { values } = parseArgs({
  options: { n: { type: "string", default: "500" }, "openssl-n": { type: "string", default: "500" } },
});
const N = Number(values.n);
const OPENSSL_N = Number(values["openssl-n"]);
const dir = mkdtempSync(path.join(os.tmpdir(), "axys-bench-"));
const LEGAL = "Bench Cards Ltd";
const OU = "prg_benchbenchbenchb";

async function makeCa() {
  const keys = (await subtle.generateKey(CA_ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=Bench CA, O=Axys",
    keys,
    signingAlgorithm: CA_ALGORITHM,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await subtle.exportKey("pkcs8", keys.privateKey))
    .toString("base64")
    .match(/.{1,64}/g)!
    .join("\n");
  writeFileSync(path.join(dir, "ca.key"), `-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n`, {
    mode: 0o600,
  });
  writeFileSync(path.join(dir, "ca.pem"), toPem(certificate.rawData, "CERTIFICATE"));
  return { certificate, privateKey: keys.privateKey };
}

function makeCsr(kind: "rsa" | "ec"): string {
  const file = path.join(dir, `${kind}.csr`);
  const key = kind === "rsa" ? ["-newkey", "rsa:2048"] : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"];
  execFileSync(
    "openssl",
    [
      "req",
      "-new",
      ...key,
      "-nodes",
      "-keyout",
      path.join(dir, `${kind}.key`),
      "-out",
      file,
      "-subj",
      `/O=${LEGAL}/OU=${OU}/CN=api.bench.example`,
    ],
    { stdio: "pipe" },
  );
  return file;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function benchOurs(ca: Awaited<ReturnType<typeof makeCa>>, csrPem: string) {
  const expect = { legalName: LEGAL, scope: { kind: "program" as const, programId: OU }, tenantProgramIds: [OU] };
  for (let i = 0; i < 20; i++) await signClientCertificate(ca, await checkCsr(csrPem, expect)); // warm-up
  const lat: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    await signClientCertificate(ca, await checkCsr(csrPem, expect));
    lat.push(performance.now() - s);
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  lat.sort((a, b) => a - b);
  return { p50: pct(lat, 50), p95: pct(lat, 95), perSec: (N * 1000) / wall, cpuMs: (cpu.user + cpu.system) / 1000 / N };
}

const secs = (t: string) => {
  const m = /(\d+)m([\d.]+)s/.exec(t)!;
  return Number(m[1]) * 60 + Number(m[2]);
};
/** CPU seconds (user + sys) of the children of a bash script that ends with `times`. */
const childCpu = (stdout: string) => {
  const children = stdout.trim().split("\n").pop()!.split(/\s+/); // "children user  children sys"
  return secs(children[0]) + secs(children[1]);
};

/** `openssl ca -batch` signing OPENSSL_N copies of the CSR in one process, with the same extensions and digest. */
function benchOpensslCa(csrFile: string) {
  const ca = path.join(dir, "openssl-ca");
  rmSync(ca, { recursive: true, force: true });
  mkdirSync(path.join(ca, "certs"), { recursive: true });
  writeFileSync(path.join(ca, "index.txt"), "");
  writeFileSync(
    path.join(ca, "ca.cnf"),
    `[ca]
default_ca = bench
[bench]
database = ${ca}/index.txt
new_certs_dir = ${ca}/certs
certificate = ${dir}/ca.pem
private_key = ${dir}/ca.key
rand_serial = yes
default_md = sha384
default_days = 90
policy = any
unique_subject = no
email_in_dn = no
copy_extensions = none
x509_extensions = client
[any]
organizationName = supplied
organizationalUnitName = supplied
commonName = supplied
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:api.bench.example
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`,
  );
  const out = path.join(ca, "out.pem");
  const infiles = Array.from({ length: OPENSSL_N }, () => csrFile).join(" ");
  const script = `openssl ca -batch -notext -config ${ca}/ca.cnf -out ${out} -infiles ${infiles} 2>${ca}/err.txt || exit 1; times`;
  const t0 = performance.now();
  const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`openssl ca failed: ${readFileSync(path.join(ca, "err.txt"), "utf8")}`);
  // every certificate is written to new_certs_dir (-out keeps only the last one)
  const issued = readdirSync(path.join(ca, "certs")).length;
  if (issued !== OPENSSL_N) throw new Error(`openssl ca issued ${issued} certificates, not ${OPENSSL_N}`);
  execFileSync("openssl", ["verify", "-CAfile", `${dir}/ca.pem`, out], { stdio: "pipe" });
  return { wallMs: wall / OPENSSL_N, cpuMs: (childCpu(r.stdout) * 1000) / OPENSSL_N };
}

/** The bare signature with the CA's key type: `openssl speed ecdsap384` (CPU time), ms per signature. */
function bareOpensslSign(): number {
  const r = spawnSync("openssl", ["speed", "-seconds", "3", "ecdsap384"], { encoding: "utf8" });
  const m = /384 bits ecdsa \(nistp384\)\s+([\d.]+)s/.exec(r.stdout);
  if (!m) throw new Error(`openssl speed printed no ecdsap384 line: ${r.stdout}${r.stderr}`);
  return Number(m[1]) * 1000;
}

/** The same signature through Node (node:crypto, OpenSSL underneath) with the CA key, over a certificate-sized input. */
function bareNodeSign(): number {
  const key = createPrivateKey(readFileSync(path.join(dir, "ca.key"), "utf8"));
  const data = Buffer.alloc(700, 7);
  for (let i = 0; i < 50; i++) sign("sha384", data, key);
  const n = 1000;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) sign("sha384", data, key);
  const c = process.cpuUsage(cpu0);
  return (c.user + c.system) / 1000 / n;
}

const ca = await makeCa();
const bareOpenssl = bareOpensslSign();
const bareNode = bareNodeSign();
console.log(
  `Axys CA benchmark: ${N} issuances per key type in-process, ${OPENSSL_N} per key type by one \`openssl ca -batch\` process; CA key ECDSA P-384 / SHA-384; node ${process.version}, ${os.cpus().length} cores\n`,
);
console.log(
  `Bare signature (ECDSA P-384): openssl speed ${bareOpenssl.toFixed(2)} ms CPU, node:crypto sign ${bareNode.toFixed(2)} ms CPU\n`,
);
console.log(
  "| CSR | ours p50 ms | ours p95 ms | ours certs/s | ours CPU ms/cert | openssl ca (one process) wall ms/cert | openssl ca CPU ms/cert | ours / openssl ca | ours / bare signature |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const kind of ["rsa", "ec"] as const) {
  const file = makeCsr(kind);
  const pem = readFileSync(file, "utf8");
  const ours = await benchOurs(ca, pem);
  const ossl = benchOpensslCa(file);
  const f = (n: number, d = 2) => n.toFixed(d);
  console.log(
    `| ${kind === "rsa" ? "RSA-2048" : "EC P-256"} | ${f(ours.p50)} | ${f(ours.p95)} | ${f(ours.perSec, 0)} | ${f(ours.cpuMs)} | ${f(ossl.wallMs)} | ${f(ossl.cpuMs)} | ${f(ours.cpuMs / ossl.cpuMs)} | ${f(ours.cpuMs / bareOpenssl)} |`,
  );
}
console.log(`\nGoal: ours / bare signature at most 5.`);
rmSync(dir, { recursive: true, force: true });
