/**
 * CA benchmark: CSR check + issuance latency (p50/p95), throughput and CPU per certificate for
 * RSA-2048 and EC P-256 CSRs, against `openssl x509 -req` signing the same CSR with the same CA key.
 *   npm run bench:ca [-- --n 500 --openssl-n 100]
 * Runs in-process (no database): the same checkCsr + signClientCertificate the service uses.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkCsr } from "@/lib/certificates/csr";
import { signClientCertificate } from "@/lib/certificates/issue";
import { CA_ALGORITHM, subtle, toPem, x509 } from "@/lib/certificates/x509";

const { values } = parseArgs({
  options: { n: { type: "string", default: "500" }, "openssl-n": { type: "string", default: "100" } },
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

function benchOpenssl(csrFile: string) {
  writeFileSync(
    path.join(dir, "ext.cnf"),
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:api.bench.example\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
  );
  // One shell runs openssl N times; bash's `times` then reports the children's CPU.
  const script = `for i in $(seq ${OPENSSL_N}); do openssl x509 -req -in ${csrFile} -CA ${dir}/ca.pem -CAkey ${dir}/ca.key -days 90 -sha384 -set_serial $((RANDOM * 32768 + RANDOM + 1)) -extfile ${dir}/ext.cnf -out ${dir}/out.pem 2>/dev/null || exit 1; done; times`;
  const t0 = performance.now();
  const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  execFileSync("openssl", ["verify", "-CAfile", `${dir}/ca.pem`, `${dir}/out.pem`], { stdio: "pipe" });
  const secs = (s: string) => {
    const m = /(\d+)m([\d.]+)s/.exec(s)!;
    return Number(m[1]) * 60 + Number(m[2]);
  };
  const children = r.stdout.trim().split("\n").pop()!.split(/\s+/); // "children user  children sys"
  // One openssl process per certificate (the serial comes from bash's $RANDOM, no extra process).
  return {
    perSec: (OPENSSL_N * 1000) / wall,
    wallMs: wall / OPENSSL_N,
    cpuMs: ((secs(children[0]) + secs(children[1])) * 1000) / OPENSSL_N,
  };
}

const ca = await makeCa();
console.log(
  `Axys CA benchmark: ${N} issuances per key type in-process, ${OPENSSL_N} openssl x509 -req runs; node ${process.version}, ${os.cpus().length} cores\n`,
);
console.log(
  "| CSR | ours p50 ms | ours p95 ms | ours certs/s | ours CPU ms/cert | openssl wall ms/cert | openssl CPU ms/cert | CPU ratio ours/openssl |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const kind of ["rsa", "ec"] as const) {
  const file = makeCsr(kind);
  const pem = execFileSync("cat", [file], { encoding: "utf8" });
  const ours = await benchOurs(ca, pem);
  const ossl = benchOpenssl(file);
  const f = (n: number, d = 2) => n.toFixed(d);
  console.log(
    `| ${kind === "rsa" ? "RSA-2048" : "EC P-256"} | ${f(ours.p50)} | ${f(ours.p95)} | ${f(ours.perSec, 0)} | ${f(ours.cpuMs)} | ${f(ossl.wallMs)} | ${f(ossl.cpuMs)} | ${f(ours.cpuMs / ossl.cpuMs)} |`,
  );
}
