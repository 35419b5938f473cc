/**
 * Webhook delivery benchmark: a dead endpoint must not delay anyone else.
 *
 * Two real HTTPS receivers on loopback: one accepts connections and never answers, one answers 200 at
 * once (in a child process, as if on other machines). Tenant A's endpoint(s) point at the dead one,
 * tenant B's at the good one. A real worker (startWorker, the default 10 s deadline and pool of 8
 * unless AXYS_WEBHOOK_TIMEOUT_MS / AXYS_WEBHOOK_CONCURRENCY say otherwise) delivers while B's events
 * are emitted at a steady rate; A has a backlog of due deliveries that keeps each dead endpoint busy
 * for the whole run. Latency is the time from the event's commit to its arrival at the good
 * receiver. Fails (exit 1) when p99 >= 2 s or a delivery is missing.
 * The rate is below what one endpoint can take with one attempt in flight at a time (each attempt is
 * a fresh TLS connection plus a few database writes), so latency measures waiting, not a backlog.
 *   npm run bench:webhooks [-- --count 1000 --rate 2 --dead 1]
 * SQLite by default; PostgreSQL when TEST_DATABASE_URL=postgresql://... (a fresh database, dropped after).
 */
import { spawn } from "node:child_process";
import os from "node:os";
import { performance as perf } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

/** Two HTTPS receivers: one reads the request and never answers, one answers 200 at once; each reports on stdout. */
const RECEIVERS = `
import https from "node:https";
const opts = { key: process.env.KEY, cert: process.env.CERT };
const dead = https.createServer(opts, (req) => { console.log("dead"); req.resume(); });
const good = https.createServer(opts, (req, res) => {
  let body = "";
  req.on("data", (c) => (body += c)).on("end", () => { console.log("good " + JSON.parse(body).id + " " + Date.now()); res.writeHead(200).end("ok"); });
});
await Promise.all([dead, good].map((s) => new Promise((r) => s.listen(0, "127.0.0.1", r))));
console.log("ports " + dead.address().port + " " + good.address().port);
`;

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    rate: { type: "string", default: "2" },
    dead: { type: "string", default: "1" },
  },
});
const count = Number(args.count);
const rate = Number(args.rate);
const deadEndpoints = Number(args.dead);

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const { createTestDatabase } = await import("@/lib/testing/test-db");
  const testDb = await createTestDatabase();
  process.env.DATABASE_URL = testDb.url;
  const { localhostTlsPair } = await import("@/lib/testing/openssl");
  const tls = localhostTlsPair();
  process.env.AXYS_WEBHOOK_EXTRA_CA_FILE = tls.certFile;
  process.env.AXYS_WEBHOOK_ALLOW_LOOPBACK = "1";
  const { db } = await import("@/lib/db");
  const { makeCtx, makeTenant } = await import("@/lib/testing/factories");
  const { addWebhookEndpoint } = await import("@/lib/webhooks/service");
  const { emitEvent } = await import("@/lib/webhooks/events");
  const { attemptTimeoutMs, deliveryConcurrency } = await import("@/lib/webhooks/delivery");
  const { startWorker } = await import("@/lib/webhooks/worker");

  // the receivers run in their own process, as they would on other machines: their TLS work does not share the worker's event loop
  const receivers = spawn(process.execPath, ["--input-type=module", "-e", RECEIVERS], {
    env: { ...process.env, KEY: tls.key.toString(), CERT: tls.cert.toString() },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const arrivals = new Map<string, number>(); // event id -> arrival (Date.now() in the receiver)
  let deadConnections = 0;
  const urls = new Promise<[string, string]>((resolve) => {
    createInterface({ input: receivers.stdout! }).on("line", (line) => {
      const [kind, a, b] = line.split(" ");
      if (kind === "ports") resolve([`https://127.0.0.1:${a}/hooks`, `https://127.0.0.1:${b}/hooks`]);
      else if (kind === "dead") deadConnections++;
      else if (kind === "good") arrivals.set(a, Number(b));
    });
  });
  const [deadUrl, goodUrl] = await urls;

  const endpointAt = async (url: string) => {
    const ctx = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
    const { endpoint } = await addWebhookEndpoint(ctx, { url, events: ["certificate.issued"] });
    await db.webhookDelivery.updateMany({ where: { endpointId: endpoint.id }, data: { status: "cancelled" } }); // verification is not what is measured
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { status: "active" } });
    return ctx;
  };
  const deadTenants = [];
  for (let i = 0; i < deadEndpoints; i++) deadTenants.push(await endpointAt(deadUrl));
  const goodTenant = await endpointAt(goodUrl);
  const issue = (tenantId: string, n: number) =>
    db.$transaction((tx) => emitEvent(tx, { tenantId, programId: null, type: "certificate.issued", data: { n } }));

  // enough due deliveries for the dead endpoints to keep every one of them busy for the whole run (one attempt per deadline)
  const deadBacklog = Math.ceil(count / rate / (attemptTimeoutMs() / 1000)) + 2;
  for (const t of deadTenants) for (let i = 0; i < deadBacklog; i++) await issue(t.tenantId!, i);
  const worker = startWorker({ reminderEveryMs: Infinity });
  console.log(
    `webhooks: ${count} deliveries at ${rate}/s to a good endpoint, beside ${deadEndpoints} endpoint(s) that never answer; deadline ${attemptTimeoutMs()} ms, pool ${deliveryConcurrency()} (${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "SQLite"})`,
  );
  const emitted = new Map<string, number>();
  const t0 = perf.now();
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / rate;
    if (due > perf.now()) await sleep(due - perf.now());
    const id = await issue(goodTenant.tenantId!, i);
    emitted.set(id!, Date.now()); // committed: from here on the delivery is the worker's
  }
  const end = perf.now() + 30_000;
  while (arrivals.size < count && perf.now() < end) await sleep(50);
  const runS = (perf.now() - t0) / 1000;
  await worker.stop(0);

  const latencies = [...emitted].filter(([id]) => arrivals.has(id)).map(([id, at]) => arrivals.get(id)! - at);
  const p50 = pct(latencies, 50),
    p99 = pct(latencies, 99),
    max = Math.max(...latencies);
  const deadAttempts = await db.webhookAttempt.count({ where: { delivery: { endpoint: { url: deadUrl } } } });
  console.log(
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} on ${os.cpus().length} cores`,
  );
  console.log(
    `delivered ${latencies.length}/${count} in ${runS.toFixed(1)} s; latency p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${max.toFixed(0)} ms`,
  );
  console.log(
    `dead endpoint(s): ${deadConnections} connections, ${deadAttempts} attempts logged (each cut at the deadline)`,
  );

  receivers.kill();
  await db.$disconnect();
  await testDb.dispose();
  const ok = latencies.length === count && p99 < 2000;
  console.log(ok ? "OK: p99 < 2 s" : "FAILED: every delivery within p99 < 2 s was expected");
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
