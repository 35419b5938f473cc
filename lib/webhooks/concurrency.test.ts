import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { localhostTlsPair } from "@/lib/testing/openssl";
import { appErrorOf } from "@/lib/testing/errors";
import { makeCtx, makeTenant } from "@/lib/testing/factories";
import { runDeliveries } from "@/lib/webhooks/delivery";
import { emitEvent } from "@/lib/webhooks/events";
import { addWebhookEndpoint, replayDelivery } from "@/lib/webhooks/service";
import { startWorker } from "@/lib/webhooks/worker";

/**
 * A real HTTPS receiver on loopback that can hold an answer back (an attempt "in flight"):
 * `holding` makes the next requests wait until `release(status)`, which answers them with that status.
 */
const arrivals: string[] = [];
let holding = false;
let held: ((status: number) => void)[] = [];
let receiver: https.Server;
let url = "";
let admin: Ctx;
let endpointId = "";

const release = (status = 200) => {
  held.forEach((f) => f(status));
  held = [];
};
const until = async (cond: () => boolean | Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
};
const issue = (data: unknown) =>
  db.$transaction((tx) =>
    emitEvent(tx, { tenantId: admin.tenantId!, programId: null, type: "certificate.issued", data }),
  );
const deliveries = (eventIds: (string | null)[]) =>
  db.webhookDelivery.findMany({
    where: { endpointId, eventId: { in: eventIds.map(String) } },
    include: { event: true, attempts: true },
  });
const code = async (p: Promise<unknown>) => (await appErrorOf(p)).code;

beforeAll(async () => {
  const tls = localhostTlsPair();
  process.env.AXYS_WEBHOOK_EXTRA_CA_FILE = tls.certFile;
  process.env.AXYS_WEBHOOK_ALLOW_LOOPBACK = "1";
  receiver = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    let body = "";
    req
      .on("data", (c) => (body += c))
      .on("end", () => {
        arrivals.push(body);
        const answer = (status: number) => res.writeHead(status, { "content-type": "application/json" }).end(body); // echo: passes verification
        if (holding) held.push(answer);
        else answer(200);
      });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  url = `https://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  admin = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
  endpointId = (await addWebhookEndpoint(admin, { url, events: ["certificate.issued"] })).endpoint.id;
  await runDeliveries("verify");
  expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).status).toBe("active");
});
afterAll(() => {
  release();
  return new Promise<void>((r) => receiver.close(() => r()));
});
beforeEach(async () => {
  release();
  holding = false;
  arrivals.length = 0;
  await db.webhookDelivery.updateMany({
    where: { endpointId, status: "pending" },
    data: { status: "cancelled", lockedBy: null, lockedUntil: null },
  });
});

describe("worker stop()", () => {
  it("during a batch finishes the attempt in flight and leaves the rest unclaimed", async () => {
    const events = [await issue({ n: 1 }), await issue({ n: 2 }), await issue({ n: 3 })];
    holding = true;
    const worker = startWorker({ tickMs: 20, reminderEveryMs: Infinity });
    await until(() => arrivals.length === 1);
    const stopped = worker.stop(5_000);
    await new Promise((r) => setTimeout(r, 50));
    release(); // the attempt in flight answers only now
    expect(await stopped).toEqual({ drained: true, released: 0 });
    await new Promise((r) => setTimeout(r, 100)); // a worker that kept going would claim the next one here
    expect(arrivals).toHaveLength(1);
    const ds = await deliveries(events);
    const sent = ds.filter((d) => d.status === "succeeded");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ attemptCount: 1, lockedBy: null, event: { payload: arrivals[0] } });
    const rest = ds.filter((d) => d.status !== "succeeded");
    expect(rest).toHaveLength(2);
    for (const d of rest)
      expect(d).toMatchObject({ status: "pending", attemptCount: 0, lockedBy: null, lockedUntil: null, attempts: [] });
    holding = false;
    expect(await runDeliveries("next", new Date())).toBe(2); // another worker takes them over at once
  });

  it("gives up waiting after the grace, releasing the lease so another worker retries at once; the late (failed) answer changes nothing", async () => {
    const ev = await issue({ slow: true });
    holding = true;
    const worker = startWorker({ tickMs: 20, reminderEveryMs: Infinity });
    await until(() => arrivals.length === 1);
    expect(await worker.stop(100)).toEqual({ drained: false, released: 1 });
    const [d] = await deliveries([ev]);
    expect(d).toMatchObject({ status: "pending", attemptCount: 0, lockedBy: null, lockedUntil: null });

    holding = false;
    expect(await runDeliveries("other", new Date())).toBe(1); // not 60 s later: the lease was released
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
      status: "succeeded",
      attemptCount: 1,
      lastStatus: 200,
      lockedBy: null,
    });
    release(500); // the stopped worker's attempt completes after all, with a different answer: a failure
    await until(async () => (await db.webhookAttempt.count({ where: { deliveryId: d.id } })) === 2);
    // both answers are in the log, but the lease holder's result stands: without the lockedBy guard the late 500
    // would turn the delivery back to pending with a retry and mark the endpoint failing
    const attempts = await db.webhookAttempt.findMany({
      where: { deliveryId: d.id },
      orderBy: { statusCode: "asc" },
      select: { statusCode: true },
    });
    expect(attempts.map((a) => a.statusCode)).toEqual([200, 500]);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
      status: "succeeded",
      attemptCount: 1,
      lastStatus: 200,
      lastError: null,
      lockedBy: null,
      lockedUntil: null,
    });
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).toMatchObject({
      status: "active",
      failingSince: null,
    });
    expect(await db.notification.count({ where: { tenantId: admin.tenantId!, kind: "webhook.failing" } })).toBe(0);
  });
});

describe("replayDelivery", () => {
  it("refuses a delivery that is queued, in flight or still leased, and never lets two workers claim one", async () => {
    const [d] = await deliveries([await issue({ replay: 1 })]);
    expect(await code(replayDelivery(admin, d.id))).toBe("CONFLICT"); // queued

    holding = true;
    const inFlight = runDeliveries("a", new Date());
    await until(() => arrivals.length === 1);
    expect(await code(replayDelivery(admin, d.id))).toBe("CONFLICT"); // being attempted
    release();
    expect(await inFlight).toBe(1);
    holding = false;

    // cancelled (or failed) while a worker still held it: refused until that lease is over
    const leasedUntil = new Date(Date.now() + 60_000);
    await db.webhookDelivery.update({
      where: { id: d.id },
      data: { status: "cancelled", lockedBy: "a", lockedUntil: leasedUntil },
    });
    expect(await code(replayDelivery(admin, d.id))).toBe("CONFLICT");
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
      status: "cancelled",
      lockedBy: "a",
    });
    const later = new Date(leasedUntil.getTime() + 1000);
    await replayDelivery(admin, d.id, later);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
      status: "pending",
      lockedBy: null,
      lockedUntil: null,
    });
    // the old holder's late result may not overwrite the replay
    expect(
      await db.webhookDelivery.updateMany({ where: { id: d.id, lockedBy: "a" }, data: { status: "succeeded" } }),
    ).toEqual({ count: 0 });

    // two replays at once: one wins; then two workers at once: one attempt
    await db.webhookDelivery.update({ where: { id: d.id }, data: { status: "failed" } });
    const results = await Promise.allSettled([replayDelivery(admin, d.id, later), replayDelivery(admin, d.id, later)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { targetId: d.id, action: "webhook.delivery_replayed" } })).toBe(2);
    arrivals.length = 0;
    const counts = await Promise.all([runDeliveries("x", later), runDeliveries("y", later), runDeliveries("z", later)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(arrivals).toHaveLength(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
      status: "succeeded",
      attemptCount: 2,
    });
  });
});
