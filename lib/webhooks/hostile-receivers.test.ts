import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { makeCtx, makeTenant } from "@/lib/testing/factories";
import { localhostTlsPair } from "@/lib/testing/openssl";
import { runDeliveries } from "@/lib/webhooks/delivery";
import { emitEvent } from "@/lib/webhooks/events";
import { addWebhookEndpoint } from "@/lib/webhooks/service";

/**
 * Real HTTPS receivers on loopback that misbehave: one trickles a byte every 2 s, one sends a huge
 * answer, one never answers. Each records when its connections close (the deadline must destroy them).
 */
const DEADLINE_MS = 1500;
/** Slack for a loaded CI machine; every receiver here would otherwise hold the attempt forever. */
const SLACK_MS = 3000;
type Handler = (body: string, res: import("node:http").ServerResponse) => void;
interface Receiver {
  url: string;
  server: https.Server;
  arrivals: number[];
  closes: number[];
  open: number;
  maxOpen: number;
  handler: Handler;
}
let tls: ReturnType<typeof localhostTlsPair>;
const servers: Receiver[] = [];

async function receiver(handler: Handler): Promise<Receiver> {
  const r = { arrivals: [], closes: [], open: 0, maxOpen: 0, handler } as unknown as Receiver;
  r.server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    r.open++;
    r.maxOpen = Math.max(r.maxOpen, r.open);
    res.on("close", () => {
      r.open--;
      r.closes.push(Date.now());
    });
    let body = "";
    req
      .on("data", (c) => (body += c))
      .on("end", () => {
        r.arrivals.push(Date.now());
        r.handler(body, res);
      });
  });
  await new Promise<void>((ok) => r.server.listen(0, "127.0.0.1", ok));
  r.url = `https://127.0.0.1:${(r.server.address() as AddressInfo).port}/hooks`;
  servers.push(r);
  return r;
}

/** An active endpoint of a fresh tenant, pointing at `url` (verification is skipped: it is not what is tested here). */
async function endpointAt(url: string): Promise<{ ctx: Ctx; endpointId: string }> {
  const ctx = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
  const { endpoint } = await addWebhookEndpoint(ctx, { url, events: ["certificate.issued"] });
  await db.webhookDelivery.updateMany({ where: { endpointId: endpoint.id }, data: { status: "cancelled" } });
  await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { status: "active" } });
  return { ctx, endpointId: endpoint.id };
}
const issue = (ctx: Ctx, data: unknown, now = new Date()) =>
  db.$transaction((tx) =>
    emitEvent(tx, { tenantId: ctx.tenantId!, programId: null, type: "certificate.issued", data, now }),
  );
const deliveryOf = (eventId: string | null) =>
  db.webhookDelivery.findFirstOrThrow({ where: { eventId: String(eventId) }, include: { attempts: true } });

beforeAll(() => {
  tls = localhostTlsPair();
  process.env.AXYS_WEBHOOK_EXTRA_CA_FILE = tls.certFile;
  process.env.AXYS_WEBHOOK_ALLOW_LOOPBACK = "1";
});
beforeEach(() => {
  process.env.AXYS_WEBHOOK_TIMEOUT_MS = String(DEADLINE_MS);
});
afterEach(async () => {
  delete process.env.AXYS_WEBHOOK_TIMEOUT_MS;
  delete process.env.AXYS_WEBHOOK_CONCURRENCY;
  await db.webhookDelivery.updateMany({ where: { status: "pending" }, data: { status: "cancelled" } });
});
afterAll(async () => {
  for (const r of servers) r.server.closeAllConnections();
  await Promise.all(servers.map((r) => new Promise<void>((ok) => r.server.close(() => ok()))));
});

describe("a hard total deadline per attempt", () => {
  it("cuts a receiver that trickles its answer a byte every 2 s at the deadline and closes the connection", async () => {
    const trickle = await receiver((_body, res) => {
      res.writeHead(200, { "content-type": "text/plain" }).write("x");
      const t = setInterval(() => res.write("x"), 2000);
      res.on("close", () => clearInterval(t));
    });
    const { ctx } = await endpointAt(trickle.url);
    const ev = await issue(ctx, { trickle: true });
    const t0 = Date.now();
    expect(await runDeliveries("trickle")).toBe(1);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(took).toBeLessThan(DEADLINE_MS + 3 * SLACK_MS); // includes the database work around the attempt
    const d = await deliveryOf(ev);
    const error = `no complete answer within the ${DEADLINE_MS} ms deadline`;
    expect(d).toMatchObject({
      status: "pending",
      attemptCount: 1,
      lastStatus: 200,
      lastError: error,
      lockedBy: null,
      lockedUntil: null,
    });
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]).toMatchObject({ statusCode: 200, error, responseBody: "x" });
    expect(d.attempts[0].durationMs).toBeGreaterThanOrEqual(DEADLINE_MS - 5); // timer granularity: see below
    expect(d.attempts[0].durationMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
    // the receiver saw its connection closed at the deadline, not left open
    await new Promise((r) => setTimeout(r, 100));
    expect(trickle.closes).toHaveLength(1);
    expect(trickle.closes[0] - t0).toBeLessThan(DEADLINE_MS + 2 * SLACK_MS); // (a trickle left open would go on for ever)
  });

  it("cuts a receiver that never answers at the deadline", async () => {
    const silent = await receiver(() => {});
    const { ctx } = await endpointAt(silent.url);
    const ev = await issue(ctx, { silent: true });
    const t0 = Date.now();
    expect(await runDeliveries("silent")).toBe(1);
    expect(Date.now() - t0).toBeLessThan(DEADLINE_MS + 3 * SLACK_MS);
    const d = await deliveryOf(ev);
    expect(d).toMatchObject({
      status: "pending",
      attemptCount: 1,
      lastStatus: null,
      lastError: `no complete answer within the ${DEADLINE_MS} ms deadline`,
    });
    expect(d.attempts[0]).toMatchObject({ statusCode: null, responseBody: null });
    // Node's timers run on the event loop's cached millisecond clock, so the deadline timer may fire a millisecond
    // or two before Date.now() has advanced by the full deadline (seen: 1499 ms for 1500)
    expect(d.attempts[0].durationMs).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
    expect(d.attempts[0].durationMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
  });

  it("the lease outlives the deadline", async () => {
    process.env.AXYS_WEBHOOK_TIMEOUT_MS = "60000";
    const silent = await receiver(() => {});
    const { ctx } = await endpointAt(silent.url);
    const ev = await issue(ctx, { lease: true });
    const pass = runDeliveries("lease");
    await (async () => {
      while (silent.arrivals.length === 0) await new Promise((r) => setTimeout(r, 10));
    })();
    const d = await deliveryOf(ev);
    expect(d.lockedBy).toBe("lease");
    expect(d.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(60_000);
    silent.server.closeAllConnections(); // end the attempt (a connection error) rather than wait a minute
    expect(await pass).toBe(1);
  });
});

describe("only a prefix of the answer is read", () => {
  it("reads 4 KiB of a 1 MiB answer, logs the first 1 KiB, and stops reading an endless one", async () => {
    const head = "A".repeat(1024);
    const big = head + "B".repeat(1024 * 1024 - 1024);
    const huge = await receiver((_body, res) => {
      res.writeHead(200, { "content-length": big.length }).end(big);
    });
    const endless = await receiver((_body, res) => {
      res.writeHead(200);
      const chunk = head.repeat(64);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const a = await endpointAt(huge.url);
    const b = await endpointAt(endless.url);
    const [e1, e2] = [await issue(a.ctx, { big: 1 }), await issue(b.ctx, { endless: 1 })];
    expect(await runDeliveries("prefix")).toBe(2); // error null below: the endless one was not read to the deadline
    for (const ev of [e1, e2]) {
      const d = await deliveryOf(ev);
      expect(d).toMatchObject({ status: "succeeded", attemptCount: 1, lastStatus: 200, lastError: null });
      expect(d.attempts).toHaveLength(1);
      expect(d.attempts[0]).toMatchObject({ statusCode: 200, error: null, responseBody: head });
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(endless.closes).toHaveLength(1); // we closed it
  });

  it("finds the verification echo only within the first 4 KiB", async () => {
    const echo = (pad: number) =>
      receiver((body, res) => {
        res.writeHead(200).end(" ".repeat(pad) + body);
      });
    const near = await echo(3000);
    const far = await echo(5000);
    const ctx = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
    const ok = (await addWebhookEndpoint(ctx, { url: near.url, events: ["certificate.issued"] })).endpoint.id;
    const cut = (await addWebhookEndpoint(ctx, { url: far.url, events: ["certificate.issued"] })).endpoint.id;
    expect(await runDeliveries("verify")).toBe(2);
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ok } })).toMatchObject({ status: "active" });
    const failed = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: cut } });
    expect(failed.status).toBe("verification_failed");
    expect(failed.verificationResponse).toBe(`HTTP 200: ${" ".repeat(1024 - "HTTP 200: ".length)}`);
  });
});

describe("concurrency with per-endpoint fairness", () => {
  it(
    "a never-answering endpoint of one tenant does not delay another tenant's deliveries, and gets one attempt at a time",
    { timeout: 60_000 },
    async () => {
      const deadline = 5000;
      process.env.AXYS_WEBHOOK_TIMEOUT_MS = String(deadline);
      const dead = await receiver(() => {});
      const good = await receiver((_body, res) => {
        res.writeHead(204).end();
      });
      const a = await endpointAt(dead.url);
      const b = await endpointAt(good.url);
      const earlier = new Date(Date.now() - 60_000); // the dead endpoint's deliveries are the oldest due
      const deadEvents = [await issue(a.ctx, { n: 1 }, earlier), await issue(a.ctx, { n: 2 }, earlier)];
      const goodEvents = await Promise.all([1, 2, 3, 4, 5].map((n) => issue(b.ctx, { n })));
      const t0 = Date.now();
      const pass = runDeliveries("fair");
      while (good.arrivals.length < 5 && Date.now() - t0 < 2 * deadline) await new Promise((r) => setTimeout(r, 10));
      expect(good.arrivals).toHaveLength(5);
      expect(dead.arrivals).toHaveLength(1);
      expect(dead.closes).toEqual([]); // all five arrived while the dead endpoint's first attempt was still in flight
      expect(Math.max(...good.arrivals) - t0).toBeLessThan(deadline);
      expect(await pass).toBe(7);
      const took = Date.now() - t0;
      expect(took).toBeGreaterThanOrEqual(2 * deadline); // the dead endpoint's two attempts ran one after the other
      expect(took).toBeLessThan(2 * deadline + SLACK_MS);
      expect(dead.maxOpen).toBe(1);
      expect(good.maxOpen).toBe(1);
      for (const ev of goodEvents)
        expect(await deliveryOf(ev)).toMatchObject({ status: "succeeded", attemptCount: 1, lastStatus: 204 });
      for (const ev of deadEvents)
        expect(await deliveryOf(ev)).toMatchObject({
          status: "pending",
          attemptCount: 1,
          lastError: `no complete answer within the ${deadline} ms deadline`,
        });
    },
  );

  it("bounds the pool: AXYS_WEBHOOK_CONCURRENCY=2 runs two endpoints at once, not three", async () => {
    process.env.AXYS_WEBHOOK_CONCURRENCY = "2";
    process.env.AXYS_WEBHOOK_TIMEOUT_MS = "10000"; // longer than the receivers take
    const slow = await Promise.all(
      [1, 2, 3].map(() =>
        receiver((_b, res) => {
          setTimeout(() => res.writeHead(200).end(), 2000);
        }),
      ),
    );
    const eps = await Promise.all(slow.map((r) => endpointAt(r.url)));
    const events = [];
    for (const e of eps) events.push(await issue(e.ctx, { bound: true }));
    expect(await runDeliveries("bound")).toBe(3);
    for (const ev of events) expect(await deliveryOf(ev)).toMatchObject({ status: "succeeded", lastStatus: 200 });
    const starts = slow.map((r) => r.arrivals[0]).sort((x, y) => x - y);
    expect(starts[1] - starts[0]).toBeLessThan(1500); // two at once
    expect(starts[2] - starts[0]).toBeGreaterThanOrEqual(2000); // the third waited for a free slot
  });

  it("refuses an invalid setting with a clear message", async () => {
    process.env.AXYS_WEBHOOK_CONCURRENCY = "0";
    await expect(runDeliveries("bad")).rejects.toThrow(
      'AXYS_WEBHOOK_CONCURRENCY must be a whole number from 1 to 256 (got "0").',
    );
    delete process.env.AXYS_WEBHOOK_CONCURRENCY;
    process.env.AXYS_WEBHOOK_TIMEOUT_MS = "10s";
    await expect(runDeliveries("bad")).rejects.toThrow(
      'AXYS_WEBHOOK_TIMEOUT_MS must be a whole number from 100 to 60000 (got "10s").',
    );
  });
});
