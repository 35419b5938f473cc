/**
 * Gateway benchmark: many keep-alive mTLS connections (autocannon with a client certificate) against
 * the Axys gateway as `npm run gateway` runs it (AXYS_GATEWAY_WORKERS worker processes; staging, full checks:
 * CRL, certificate scope, allowlist + FCrDNS, X-API-Key), and in the same run against nginx with as many
 * worker processes, terminating mTLS with the same server certificate, CA and client certificate and
 * returning the same static JSON body; and against bare node:https (as many node:cluster workers, the same TLS
 * settings, no checks: the floor of any Node gateway). A second set of runs uses --distinct credential sets (certificate,
 * key, API key and allowlisted 127.1.x.y address each, in as many Programs), a new connection per
 * --per-connection requests, so that the gateway's caches do not always hit.
 *   npm run bench:gateway [-- --connections 50 --warmup 2 --duration 10 --workers 2 --distinct 1000
 *                            --per-connection 10 --port-base 4300 --cpu-prof <dir>]
 * --cpu-prof writes a .cpuprofile per gateway process (primary, workers) into <dir> when it stops.
 * Uses a fresh temporary SQLite database and a loopback DNS server; traffic stays on loopback.
 * The load generator runs in a child process (its own event loop) on the same machine.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import tls from "node:tls";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  autocannonLoad,
  cleanupGuard,
  freePort,
  get,
  loadChildOr,
  LoadWindow,
  measure,
  startGateway,
  treeCpuSeconds,
  type LoadResult,
  type Measured,
} from "./bench-support";

interface Credential {
  certPem: string;
  keyPem: string;
  apiKey: string;
  /** the local (source) address the connection is made from: the one allowlisted for this credential */
  ip: string;
}
interface LoadConfig {
  url: string;
  connections: number;
  warmupS: number;
  durationS: number;
  apiKey: string;
  certPem: string;
  keyPem: string;
  /** when set: a new connection per `perConnection` requests, each with the next of these credentials */
  distinct?: { creds: Credential[]; perConnection: number; caPem: string };
}
// ---------------------------------------------------------------------------------------------
// Child process: the load generator (autocannon with a client certificate, or the distinct-credential loop).
// ---------------------------------------------------------------------------------------------
function runLoad(cfg: LoadConfig): Promise<LoadResult> {
  if (cfg.distinct) return runDistinct(cfg);
  return autocannonLoad({
    url: cfg.url,
    connections: cfg.connections,
    warmupS: cfg.warmupS,
    durationS: cfg.durationS,
    headers: { "x-api-key": cfg.apiKey },
    tlsOptions: { cert: cfg.certPem, key: cfg.keyPem, servername: "localhost" },
  });
}

/**
 * The distinct-credential load: `connections` loops, each opening a new mTLS connection (full handshake, no
 * session resumption) from the next credential's address with its certificate, sending `perConnection`
 * keep-alive requests with its API key, then closing. Plain HTTP/1.1 over tls.connect (cheaper than
 * node:https on the client side). A request's latency counts from its write; the first request of a
 * connection counts from the connect (so it includes TCP and TLS handshakes).
 */
async function runDistinct(cfg: LoadConfig): Promise<LoadResult> {
  const d = cfg.distinct!;
  const u = new URL(cfg.url);
  const window = new LoadWindow(cfg.warmupS, cfg.durationS);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let handshakes = 0;
  let running = true;
  let next = 0;

  const oneConnection = (c: Credential) =>
    new Promise<void>((resolve) => {
      let t0 = performance.now();
      let left = d.perConnection;
      let buf: Buffer = Buffer.alloc(0);
      const req = Buffer.from(
        `GET ${u.pathname} HTTP/1.1\r\nHost: localhost\r\nx-api-key: ${c.apiKey}\r\nConnection: keep-alive\r\n\r\n`,
      );
      // from the credential's own address (no TLS session given: a full handshake every time)
      const tcp = net.connect({ host: u.hostname, port: Number(u.port), localAddress: c.ip });
      const socket = tls.connect({ socket: tcp, servername: "localhost", ca: d.caPem, cert: c.certPem, key: c.keyPem });
      tcp.on("error", () => socket.destroy());
      const fail = () => {
        if (window.measuring) errors++;
        socket.destroy();
        resolve();
      };
      socket.setTimeout(10_000, fail);
      socket.on("error", fail);
      socket.on("close", () => resolve());
      socket.once("secureConnect", () => {
        if (window.measuring) handshakes++;
        socket.write(req);
      });
      socket.on("data", (chunk: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          const end = buf.indexOf("\r\n\r\n");
          if (end < 0) return;
          const head = buf.subarray(0, end).toString("latin1");
          const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
          if (buf.length < end + 4 + length) return;
          buf = buf.subarray(end + 4 + length);
          const status = Number(head.slice(9, 12));
          if (window.measuring) {
            if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
            else non2xx++;
          }
          if (--left <= 0 || !running) {
            socket.end();
            return;
          }
          t0 = performance.now();
          socket.write(req);
        }
      });
    });
  const loop = async () => {
    while (running) await oneConnection(d.creds[next++ % d.creds.length]);
  };
  const loops = Array.from({ length: cfg.connections }, loop);
  await window.run(() => (running = false));
  await Promise.all(loops);
  return window.result(latencies, { non2xx, errors, handshakes });
}

// ---------------------------------------------------------------------------------------------
// Parent process: state, gateway, nginx, and the two measured runs.
// ---------------------------------------------------------------------------------------------
async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      connections: { type: "string", default: "50" },
      warmup: { type: "string", default: "2" },
      duration: { type: "string", default: "10" },
      workers: { type: "string", default: String(os.availableParallelism()) },
      distinct: { type: "string", default: "1000" },
      "per-connection": { type: "string", default: "10" },
      "port-base": { type: "string" },
      "cpu-prof": { type: "string" },
    },
  });
  const CONNECTIONS = Number(values.connections);
  const WARMUP_S = Number(values.warmup);
  const DURATION_S = Number(values.duration);
  const WORKERS = Number(values.workers);
  const DISTINCT = Number(values.distinct);
  const PER_CONNECTION = Number(values["per-connection"]);
  const script = fileURLToPath(import.meta.url);
  const root = path.resolve(path.dirname(script), "..");
  const dir = mkdtempSync(path.join(os.tmpdir(), "axys-bench-gw-"));
  const dbFile = path.join(os.tmpdir(), `axys-bench-${randomBytes(6).toString("hex")}.db`);
  const HOST = "api.bench.example";
  const LEGAL = "Bench Gateway Co";
  let nextPort = values["port-base"] ? Number(values["port-base"]) : 0;
  const port = () => (nextPort ? Promise.resolve(nextPort++) : freePort());

  // A hard bound on the whole run: never leave the gateway, nginx or the database behind.
  const cleanups = cleanupGuard(600_000);

  try {
    // 1. A fresh migrated SQLite database, set before any @/lib module (lib/db.ts connects on import).
    const Database = (await import("better-sqlite3")).default;
    const sqlite = new Database(dbFile);
    const migrations = path.join(root, "prisma", "migrations");
    for (const name of readdirSync(migrations, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()) {
      sqlite.exec(readFileSync(path.join(migrations, name, "migration.sql"), "utf8"));
    }
    sqlite.close();
    cleanups.push(() => {
      for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`]) rmSync(f, { force: true });
    });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    process.env.DATABASE_URL = `file:${dbFile}`;
    process.env.AXYS_CA_MASTER_KEY = randomBytes(32).toString("base64");

    const { db } = await import("@/lib/db");
    cleanups.push(() => db.$disconnect());
    const { reverseName, startDnsServer } = await import("@/lib/testing/dns-server");
    // the distinct credential sets: host i at 127.1.x.y, both ways in DNS
    const distinctIp = (i: number) => `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    const distinctHost = (i: number) => `h${i}.bench.example`;
    const zone = { PTR: { [reverseName("127.0.0.1")]: [HOST] }, A: { [HOST]: ["127.0.0.1"] } } as {
      PTR: Record<string, string[]>;
      A: Record<string, string[]>;
    };
    for (let i = 0; i < DISTINCT; i++) {
      zone.PTR[reverseName(distinctIp(i))] = [distinctHost(i)];
      zone.A[distinctHost(i)] = [distinctIp(i)];
    }
    const dnsServer = await startDnsServer(zone);
    cleanups.push(() => dnsServer.close());
    process.env.AXYS_DNS_SERVERS = dnsServer.address;

    const { operatorCtx } = await import("@/lib/auth/context");
    const { createTenant } = await import("@/lib/tenants/service");
    const { makeCtx, makeProgram } = await import("@/lib/testing/factories");
    const { opensslCsr } = await import("@/lib/testing/openssl");
    const { getCaCertificatePem, submitCsr } = await import("@/lib/certificates/service");
    const { generateCrlPem } = await import("@/lib/certificates/crl");
    const { getCa } = await import("@/lib/certificates/ca");
    const { addAllowlistEntry } = await import("@/lib/allowlist/service");
    const { createApiUser } = await import("@/lib/api-users/service");
    const { issueApiKey } = await import("@/lib/api-keys/service");
    const { issueGatewayServerCertificate } = await import("@/lib/gateway/server-cert");
    const { subtle, x509 } = await import("@/lib/certificates/x509");

    const tenant = await createTenant(operatorCtx({ actor: "bench" }), {
      name: LEGAL,
      slug: `bench-${randomBytes(3).toString("hex")}`,
    });
    const admin = await makeCtx("tenant_admin", { tenantId: tenant.id, environment: "staging" });
    /** A credential set in a new Program: API user, certificate (CSR made here), allowlisted address, API key. */
    const credentialSet = async (
      host: string,
      ip: string,
      csrOf: (ou: string) => Promise<{ csrPem: string; keyPem: string }>,
    ) => {
      const programId = (await makeProgram(admin)).id;
      const apiUser = await createApiUser(admin, { name: `bench ${host}`, pattern: "program", programId });
      const csr = await csrOf(programId);
      const cert = await submitCsr(admin, {
        environment: "staging",
        programId,
        apiUserId: apiUser.id,
        csrPem: csr.csrPem,
      });
      const entry = await addAllowlistEntry(admin, {
        environment: "staging",
        programId,
        cidr: ip,
        description: "bench",
      });
      if (entry.dns.status !== "pass")
        throw new Error(`allowlist entry ${ip} did not pass FCrDNS: ${entry.dns.status} ${entry.dns.reason ?? ""}`);
      const apiKey = (await issueApiKey(admin, { apiUserId: apiUser.id, environment: "staging" })).key;
      return { programId, certPem: cert.certificatePem, keyPem: csr.keyPem, apiKey, ip };
    };
    const one = await credentialSet(HOST, "127.0.0.1", async (ou) => {
      const g = opensslCsr("ec:P-256", `/O=${LEGAL}/OU=${ou}/CN=${HOST}`);
      cleanups.push(() => rmSync(g.dir, { recursive: true, force: true }));
      return g;
    });
    const programId = one.programId;
    const client = { certPem: one.certPem, keyPem: one.keyPem };
    const apiKey = one.apiKey;

    const setup0 = performance.now();
    const creds: Credential[] = [];
    for (let i = 0; i < DISTINCT; i++) {
      const set = await credentialSet(distinctHost(i), distinctIp(i), async (ou) => {
        // the Tenant's side, in-process: an EC P-256 key and its CSR (openssl per set would take minutes)
        const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
        const keys = (await subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
        const req = await x509.Pkcs10CertificateRequestGenerator.create({
          name: `O=${LEGAL}, OU=${ou}, CN=${distinctHost(i)}`,
          keys,
          signingAlgorithm: alg,
        });
        const pkcs8 = Buffer.from(await subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
        return {
          csrPem: req.toString("pem"),
          keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`,
        };
      });
      creds.push({ certPem: set.certPem, keyPem: set.keyPem, apiKey: set.apiKey, ip: set.ip });
    }
    if (DISTINCT)
      console.error(
        `[bench] ${DISTINCT} credential sets made in ${((performance.now() - setup0) / 1000).toFixed(0)} s`,
      );

    // One server certificate for both servers, signed by the staging CA.
    const caPem = await getCaCertificatePem("staging");
    const serverTls = await issueGatewayServerCertificate(await getCa("staging"), ["localhost", "127.0.0.1"]);
    const files = {
      cert: path.join(dir, "server.pem"),
      key: path.join(dir, "server.key"),
      ca: path.join(dir, "ca.pem"),
      crl: path.join(dir, "crl.pem"),
    };
    writeFileSync(files.cert, serverTls.certPem);
    writeFileSync(files.key, serverTls.keyPem, { mode: 0o600 });
    writeFileSync(files.ca, caPem);
    writeFileSync(files.crl, await generateCrlPem("staging"));
    const body = JSON.stringify({ program: programId, ok: true });

    // The gateway as `npm run gateway` runs it (tsx, a primary and WORKERS workers), on this database.
    const gatewayPort = await port();
    const healthPort = await port();
    const gateway = await startGateway(
      root,
      {
        ...process.env,
        AXYS_GATEWAY_WORKERS: String(WORKERS),
        AXYS_GATEWAY_HOST: "127.0.0.1",
        AXYS_GATEWAY_STAGING_PORT: String(gatewayPort),
        AXYS_GATEWAY_PRODUCTION_PORT: String(await port()),
        AXYS_GATEWAY_HEALTH_PORT: String(healthPort),
        AXYS_GATEWAY_METRICS_PORT: "off",
        AXYS_GATEWAY_TLS_CERT_FILE: files.cert,
        AXYS_GATEWAY_TLS_KEY_FILE: files.key,
        AXYS_LOG_LEVEL: "warn",
      },
      healthPort,
      WORKERS,
      values["cpu-prof"] ? path.resolve(values["cpu-prof"]) : undefined,
    );
    cleanups.push(() => gateway.stop());

    const nginx = await startNginx(dir, files, body, WORKERS, await port());
    if (nginx) cleanups.push(() => nginx.stop());
    const bare = await startBareNode(files, body, WORKERS, await port());
    cleanups.push(() => bare.stop());

    // 2. One checked request each (server certificate verified against the CA, client certificate sent).
    const probe = async (port: number) => {
      const r = await get(port, "/v2/cardholders", {
        ca: caPem,
        cert: client.certPem,
        key: client.keyPem,
        headers: { "x-api-key": apiKey },
      });
      if (r.status !== 200 || r.body !== body)
        throw new Error(`probe of 127.0.0.1:${port} answered ${r.status ?? r.error}: ${r.body ?? ""}`);
      const noCert = await get(port, "/v2/cardholders", { ca: caPem, headers: { "x-api-key": apiKey } });
      if (noCert.status === 200) throw new Error(`127.0.0.1:${port} answered 200 without a client certificate`);
    };
    await probe(gatewayPort);
    if (nginx) await probe(nginx.port);
    await probe(bare.port);
    if (creds.length) {
      const c = creds[creds.length - 1];
      const r = await get(gatewayPort, "/v2/cardholders", {
        ca: caPem,
        cert: c.certPem,
        key: c.keyPem,
        localAddress: c.ip,
        headers: { "x-api-key": c.apiKey },
      });
      if (r.status !== 200) throw new Error(`probe from ${c.ip} answered ${r.status ?? r.error}: ${r.body ?? ""}`);
    }

    // 3. The measured runs, one after the other, same settings.
    const cores = os.cpus().length;
    console.log(
      `Axys gateway benchmark: ${CONNECTIONS} concurrent mTLS connections, GET /v2/cardholders, ${WARMUP_S} s warm-up + ${DURATION_S} s measured per target; ` +
        `node ${process.version}, ${cores} cores, gateway with ${WORKERS} workers, load generator in a child process on the same cores${nginx ? `, ${nginx.version} (${WORKERS} workers)` : ""}\n`,
    );
    const cfg = {
      connections: CONNECTIONS,
      warmupS: WARMUP_S,
      durationS: DURATION_S,
      apiKey,
      certPem: client.certPem,
      keyPem: client.keyPem,
    };
    const distinct = { creds, perConnection: PER_CONNECTION, caPem };
    const gwUrl = `https://127.0.0.1:${gatewayPort}/v2/cardholders`;
    const ngUrl = nginx ? `https://127.0.0.1:${nginx.port}/v2/cardholders` : "";
    const bareUrl = `https://127.0.0.1:${bare.port}/v2/cardholders`;

    const runs: { name: string; target: string; r: Measured; rssMiB?: number }[] = [];
    const gwRss0 = gateway.rssMiB();
    runs.push({
      name: "one credential set, keep-alive",
      target: "gateway",
      r: await measure(script, { ...cfg, url: gwUrl }, gateway.cpuSeconds),
      rssMiB: gateway.rssMiB(),
    });
    if (nginx)
      runs.push({
        name: "one credential set, keep-alive",
        target: "nginx",
        r: await measure(script, { ...cfg, url: ngUrl }, nginx.cpuSeconds),
      });
    runs.push({
      name: "one credential set, keep-alive",
      target: "node",
      r: await measure(script, { ...cfg, url: bareUrl }, bare.cpuSeconds),
    });
    if (creds.length) {
      runs.push({
        name: `${DISTINCT} credential sets, ${PER_CONNECTION} requests per connection`,
        target: "gateway",
        r: await measure(script, { ...cfg, url: gwUrl, distinct }, gateway.cpuSeconds),
        rssMiB: gateway.rssMiB(),
      });
      if (nginx)
        runs.push({
          name: `${DISTINCT} credential sets, ${PER_CONNECTION} requests per connection`,
          target: "nginx",
          r: await measure(script, { ...cfg, url: ngUrl, distinct }, nginx.cpuSeconds),
        });
      runs.push({
        name: `${DISTINCT} credential sets, ${PER_CONNECTION} requests per connection`,
        target: "node",
        r: await measure(script, { ...cfg, url: bareUrl, distinct }, bare.cpuSeconds),
      });
    }

    // 4. The table.
    const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "-");
    const rps = (r: Measured) => r.load.ok2xx / r.load.windowS;
    const cpuPerReq = (r: Measured) => (r.serverCpuS / r.load.ok2xx) * 1e6;
    console.log(
      "| run | target | requests/s | new connections/s | p50 ms | p99 ms | p99.9 ms | max ms | errors / non-2xx | server CPU | load generator CPU | machine busy |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const { name, target, r } of runs)
      console.log(
        `| ${name} | ${target === "nginx" ? nginx!.version.replace(/^nginx\//, "nginx ") : target === "node" ? "bare node:https" : "gateway"} (${WORKERS} workers) | ${f(rps(r), 0)} | ${r.load.handshakes === undefined ? "-" : f(r.load.handshakes / r.load.windowS, 0)} | ${f(r.load.p50)} | ${f(r.load.p99)} | ${f(r.load.p999)} | ${f(r.load.max)} | ${r.load.errors + r.load.timeouts} / ${r.load.non2xx} | ${f((r.serverCpuS / r.load.windowS) * 100, 0)}% | ${f((r.load.cpuS / r.load.windowS) * 100, 0)}% | ${f(r.machineBusy * 100, 0)}% |`,
      );
    console.log("");
    for (const name of new Set(runs.map((x) => x.name))) {
      const gw = runs.find((x) => x.name === name && x.target === "gateway")!.r;
      const ng = runs.find((x) => x.name === name && x.target === "nginx")?.r;
      const bn = runs.find((x) => x.name === name && x.target === "node")!.r;
      console.log(
        `${name}: gateway/bare node:https ${f(rps(gw) / rps(bn))}${ng ? `, bare node:https/nginx ${f(rps(bn) / rps(ng))}` : ""}; server CPU per request: gateway ${f(cpuPerReq(gw), 0)} µs, bare node:https ${f(cpuPerReq(bn), 0)} µs${ng ? `, nginx ${f(cpuPerReq(ng), 0)} µs` : ""}.`,
      );
      console.log(
        ng
          ? `${name}: throughput ratio gateway/nginx ${f(rps(gw) / rps(ng))} (goal >= 0.90); gateway p99 ${f(gw.load.p99)} ms (goal < 10 ms at ${CONNECTIONS} connections).`
          : `${name}: nginx not available, gateway alone; p99 ${f(gw.load.p99)} ms (goal < 10 ms at ${CONNECTIONS} connections).`,
      );
    }
    const distinctGw = runs.find((x) => x.target === "gateway" && x.r.load.handshakes !== undefined);
    if (distinctGw)
      console.log(
        `In the distinct run each credential set came back every ${f(DISTINCT / (distinctGw.r.load.handshakes! / distinctGw.r.load.windowS), 1)} s on average (the gateway's caches keep an entry AXYS_GATEWAY_REFRESH_MS, default 2 s, per worker).`,
      );
    console.log(
      `CPU columns are per core (100% = one core; the gateway's is its primary and workers); machine busy is of all ${cores} cores. Gateway processes' RSS ${f(gwRss0, 0)} MiB before load, ${f(runs.at(-1)?.rssMiB ?? gateway.rssMiB(), 0)} MiB after.`,
    );
  } finally {
    await cleanups.done();
  }
}

/**
 * The floor of any Node gateway: node:https with as many node:cluster workers, the same server certificate, CA,
 * CRL and client-certificate requirement, answering the same body with no checks at all.
 */
function bareNodeSource() {
  // a hoisted function, not a constant: main() runs before this file's later constants exist
  return `
const cluster = require("node:cluster"), https = require("node:https"), fs = require("node:fs"), e = process.env;
if (cluster.isPrimary) {
  let n = 0;
  cluster.on("listening", () => { if (++n === Number(e.W)) process.stdout.write("ready\\n"); });
  for (let i = 0; i < Number(e.W); i++) cluster.fork();
} else {
  const body = e.BODY, r = (f) => fs.readFileSync(f);
  https.createServer({ key: r(e.KEY), cert: r(e.CERT), ca: r(e.CA), crl: r(e.CRL), requestCert: true, rejectUnauthorized: true, minVersion: "TLSv1.2" },
    (req, res) => { res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }); res.end(body); },
  ).listen(Number(e.PORT), "127.0.0.1");
}`;
}
async function startBareNode(
  files: { cert: string; key: string; ca: string; crl: string },
  body: string,
  workers: number,
  port: number,
) {
  const file = path.join(path.dirname(files.cert), "bare-node.cjs"); // a file: cluster workers re-run it
  writeFileSync(file, bareNodeSource());
  const proc = spawn(process.execPath, [file], {
    env: {
      ...process.env,
      W: String(workers),
      BODY: body,
      KEY: files.key,
      CERT: files.cert,
      CA: files.ca,
      CRL: files.crl,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("bare node:https did not start")), 30_000);
    proc.stdout!.on("data", (d) => {
      if (String(d).includes("ready")) {
        clearTimeout(t);
        resolve();
      }
    });
    proc.on("exit", (code) => reject(new Error(`bare node:https exited with ${code}`)));
  });
  return {
    port,
    cpuSeconds: () => treeCpuSeconds(proc.pid!),
    stop: () => {
      try {
        process.kill(-proc.pid!, "SIGKILL"); // the primary and its workers (own process group)
      } catch {
        /* gone */
      }
    },
  };
}

function findNginx(): string | null {
  for (const p of ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(p)) return p;
  return null;
}

/** nginx from the Debian package (installed when missing and running as root), everything under `dir`. */
async function startNginx(
  dir: string,
  files: { cert: string; key: string; ca: string; crl: string },
  body: string,
  workers: number,
  port: number,
) {
  let bin = findNginx();
  if (!bin && process.getuid?.() === 0) {
    console.error("[bench] nginx not found: apt-get install -y nginx ...");
    try {
      execFileSync("apt-get", ["install", "-y", "nginx"], {
        stdio: "ignore",
        timeout: 90_000,
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
    } catch {
      try {
        execFileSync("apt-get", ["update"], { stdio: "ignore", timeout: 60_000 });
        execFileSync("apt-get", ["install", "-y", "nginx"], {
          stdio: "ignore",
          timeout: 90_000,
          env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
        });
      } catch {
        /* reported below */
      }
    }
    bin = findNginx();
  }
  if (!bin) {
    console.error(
      "[bench] nginx is not installed and could not be installed (needs root and the Debian package): benchmarking the gateway alone.",
    );
    return null;
  }
  const versionText = spawnSync(bin, ["-v"], { encoding: "utf8" }).stderr.trim() || "nginx"; // nginx -v prints to stderr
  const prefix = path.join(dir, "nginx");
  const conf = path.join(prefix, "nginx.conf");
  execFileSync("mkdir", ["-p", prefix]);
  // nginx's string literal: the JSON body has no single quotes or backslashes.
  writeFileSync(
    conf,
    `daemon off;
master_process on;
worker_processes ${workers};
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  keepalive_requests 100000;
  keepalive_timeout 65s;
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_certificate ${files.cert};
    ssl_certificate_key ${files.key};
    ssl_client_certificate ${files.ca};
    ssl_crl ${files.crl};
    ssl_verify_client on;
    location / {
      default_type application/json;
      return 200 '${body}';
    }
  }
}
`,
  );
  const proc = spawn(bin, ["-e", path.join(prefix, "error.log"), "-p", prefix, "-c", conf], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  // Ready when the port accepts connections (or failed when the master exits).
  const t0 = Date.now();
  for (;;) {
    const up = await new Promise<boolean>((r) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.destroy();
        r(true);
      });
      s.on("error", () => r(false));
    });
    if (up) break;
    if (proc.exitCode !== null || Date.now() - t0 > 10_000) {
      proc.kill("SIGKILL");
      let log = "";
      try {
        log = readFileSync(path.join(prefix, "error.log"), "utf8");
      } catch {
        /* none */
      }
      throw new Error(`nginx did not start: ${stderr}${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  /** CPU seconds of the master and its workers, from /proc. */
  const cpuSeconds = () => treeCpuSeconds(proc.pid!);
  return {
    port,
    version: versionText.replace(/^nginx version:\s*/, ""),
    cpuSeconds,
    stop: async () => {
      if (proc.exitCode !== null) return;
      proc.kill("SIGQUIT"); // graceful shutdown of master and workers
      const done = await Promise.race([exited, new Promise<"late">((r) => setTimeout(() => r("late"), 5000))]);
      if (done === "late") proc.kill("SIGKILL");
    },
  };
}

await loadChildOr(runLoad, main);
