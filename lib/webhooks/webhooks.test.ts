import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { submitCsr } from "@/lib/certificates/service";
import { db } from "@/lib/db";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { appErrorOf } from "@/lib/testing/errors";
import { localhostTlsPair, opensslCsr } from "@/lib/testing/openssl";
import { runDeliveries, MAX_ATTEMPTS } from "@/lib/webhooks/delivery";
import { scheduleExpiryReminders } from "@/lib/webhooks/reminders";
import {
  addWebhookEndpoint,
  listDeliveries,
  redeliverFailedSince,
  replayDelivery,
  rotateWebhookSecret,
} from "@/lib/webhooks/service";
import { verifyWebhook } from "@/lib/webhooks/signing";

/** A real HTTPS receiver on loopback; `behave` decides each answer. */
const received: { path: string; headers: Record<string, string>; body: string; verified: boolean }[] = [];
let behave: (body: string) => { status: number; body?: string; headers?: Record<string, string> } = () => ({
  status: 200,
});
let secretForCheck = "";
let receiver: https.Server;
let url = "";
let admin: Ctx;
let viewer: Ctx;
let other: Ctx;
let programId: string;
const DAY = 86_400_000;

beforeAll(async () => {
  const tls = localhostTlsPair();
  process.env.AXYS_WEBHOOK_EXTRA_CA_FILE = tls.certFile;
  process.env.AXYS_WEBHOOK_ALLOW_LOOPBACK = "1";
  receiver = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    let body = "";
    req
      .on("data", (c) => (body += c))
      .on("end", () => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        received.push({
          path: req.url ?? "",
          headers,
          body,
          verified: secretForCheck ? verifyWebhook(secretForCheck, headers, body) : false,
        });
        const r = behave(body);
        res.writeHead(r.status, { "content-type": "application/json", ...r.headers }).end(r.body ?? "{}");
      });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  url = `https://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const t = await makeTenant();
  admin = await makeCtx("tenant_admin", { tenantId: t.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: t.id });
  other = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
  programId = (await makeProgram(admin)).id;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));
beforeEach(() => {
  received.length = 0;
  behave = (body) => ({ status: 200, body }); // echo: passes verification
});

const code = async (p: Promise<unknown>) => (await appErrorOf(p)).code;

/**
 * One live endpoint per test: earlier tests' endpoints and pending deliveries are set aside (deliveries to
 * different endpoints run concurrently, so another endpoint's attempt could otherwise arrive last).
 */
async function setAsideEarlierEndpoints() {
  await db.webhookDelivery.updateMany({
    where: { tenantId: admin.tenantId!, status: "pending" },
    data: { status: "cancelled" },
  });
  await db.webhookEndpoint.updateMany({ where: { tenantId: admin.tenantId! }, data: { status: "disabled" } });
}

async function activeEndpoint(events = ["certificate.expiring", "certificate.expired", "certificate.issued"]) {
  await setAsideEarlierEndpoints();
  const { endpoint, secret } = await addWebhookEndpoint(admin, { url, events });
  secretForCheck = secret;
  await runDeliveries("test");
  expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).status).toBe("active");
  received.length = 0;
  return { endpoint, secret };
}

describe("endpoints", () => {
  it("refuses unsafe URLs, viewers and other tenants' programs; seals the secret shown once", async () => {
    expect(await code(addWebhookEndpoint(admin, { url: "https://10.1.2.3/x", events: ["certificate.expiring"] }))).toBe(
      "VALIDATION",
    );
    expect(
      await code(addWebhookEndpoint(admin, { url: "http://example.com/x", events: ["certificate.expiring"] })),
    ).toBe("VALIDATION");
    expect(await code(addWebhookEndpoint(admin, { url, events: [] }))).toBe("VALIDATION");
    expect(await code(addWebhookEndpoint(viewer, { url, events: ["certificate.expiring"] }))).toBe("FORBIDDEN");
    expect(await code(addWebhookEndpoint(other, { url, programId, events: ["certificate.expiring"] }))).toBe(
      "NOT_FOUND",
    );
    const { endpoint, secret } = await addWebhookEndpoint(admin, {
      url,
      events: "certificate.expiring,certificate.issued",
    });
    expect(secret).toMatch(/^whsec_/);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
    expect(endpoint.status).toBe("pending_verification");
  });

  it("becomes active only when the signed verification challenge is echoed", async () => {
    await setAsideEarlierEndpoints();
    const { endpoint, secret } = await addWebhookEndpoint(admin, { url, events: ["certificate.expiring"] });
    secretForCheck = secret;
    await runDeliveries("test");
    expect(received.map((r) => r.verified)).toEqual([true]); // exactly this endpoint's challenge, signed with its secret
    expect(JSON.parse(received.at(-1)!.body)).toMatchObject({
      type: "webhook.verification",
      data: { challenge: expect.any(String) },
    });
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({
      status: "active",
      verificationResponse: expect.stringMatching(/^HTTP 200/),
    });

    behave = () => ({ status: 200, body: "ok" });
    const bad = await addWebhookEndpoint(admin, { url, events: ["certificate.expiring"] });
    await runDeliveries("test");
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: bad.endpoint.id } })).toMatchObject({
      status: "verification_failed",
      verificationResponse: "HTTP 200: ok",
    });
    // the failed verification is a notice saying cause and fix, written with the state change
    const notice = await db.notification.findFirstOrThrow({
      where: { tenantId: admin.tenantId!, kind: "webhook.verification_failed", link: `/webhooks/${bad.endpoint.id}` },
    });
    expect(notice.body).toContain(
      "answered (HTTP 200) without echoing the verification challenge: answer the webhook.verification event",
    );
    expect(await db.notification.count({ where: { link: `/webhooks/${endpoint.id}` } })).toBe(0);
  });
});

describe("reminders", () => {
  it("fire at exactly 30, 15 and 5 days and at expiry, once each", async () => {
    const t = await makeTenant();
    const a = await makeCtx("tenant_admin", { tenantId: t.id });
    const p = (await makeProgram(a)).id;
    const issuedAt = new Date("2031-01-01T00:00:00Z");
    const legal = (await db.tenant.findUniqueOrThrow({ where: { id: t.id } })).legalName;
    const cert = await submitCsr(
      a,
      {
        environment: "production",
        programId: p,
        csrPem: opensslCsr("ec:P-256", `/O=${legal}/OU=${p}/CN=api.t.example`).csrPem,
      },
      issuedAt,
    );
    const at = (ms: number) => new Date(cert.notAfter.getTime() - ms);
    const keys = async () =>
      (
        await db.webhookEvent.findMany({
          where: { tenantId: t.id, type: { startsWith: "certificate.ex" } },
          orderBy: { createdAt: "asc" },
        })
      ).map((e) => e.dedupeKey);
    await scheduleExpiryReminders(at(30 * DAY + 1000));
    expect(await keys()).toEqual([]);
    await scheduleExpiryReminders(at(30 * DAY));
    await scheduleExpiryReminders(at(30 * DAY - 60_000));
    expect(await keys()).toEqual([`certificate.expiring:${cert.id}:30`]);
    await scheduleExpiryReminders(at(15 * DAY + 1000));
    expect(await keys()).toHaveLength(1);
    await scheduleExpiryReminders(at(15 * DAY));
    await scheduleExpiryReminders(at(5 * DAY));
    await scheduleExpiryReminders(at(0));
    await scheduleExpiryReminders(at(-DAY));
    expect(await keys()).toEqual([
      `certificate.expiring:${cert.id}:30`,
      `certificate.expiring:${cert.id}:15`,
      `certificate.expiring:${cert.id}:5`,
      `certificate.expired:${cert.id}`,
    ]);
    expect(await db.notification.count({ where: { tenantId: t.id } })).toBe(4);
    const { getCredentialRegister } = await import("@/lib/credentials/register");
    const row = (await getCredentialRegister(a, at(4 * DAY))).find(
      (r) => r.programId === p && r.environment === "production",
    );
    expect(row?.lastReminder?.thresholdDays).toBe(5);
  });

  it("catch up after downtime, race safely across workers, and say when a newer certificate exists", async () => {
    const t = await makeTenant();
    const a = await makeCtx("tenant_admin", { tenantId: t.id });
    const p = (await makeProgram(a)).id;
    const legal = (await db.tenant.findUniqueOrThrow({ where: { id: t.id } })).legalName;
    const csr = () => opensslCsr("ec:P-256", `/O=${legal}/OU=${p}/CN=api.t.example`).csrPem;
    const old = await submitCsr(
      a,
      { environment: "staging", programId: p, csrPem: csr() },
      new Date("2031-01-01T00:00:00Z"),
    );
    await submitCsr(a, { environment: "staging", programId: p, csrPem: csr() }, new Date("2031-03-01T00:00:00Z"));
    // a verified endpoint of this tenant subscribed to the reminders
    const hook = await addWebhookEndpoint(a, { url, events: ["certificate.expiring"] });
    secretForCheck = hook.secret;
    await runDeliveries("test");
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.endpoint.id } })).status).toBe("active");
    received.length = 0;
    const when = new Date(old.notAfter.getTime() - 10 * DAY); // nothing ran at 30 days
    const counts = await Promise.all([
      scheduleExpiryReminders(when),
      scheduleExpiryReminders(when),
      scheduleExpiryReminders(when),
    ]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(2);
    const events = await db.webhookEvent.findMany({
      where: { tenantId: t.id, type: "certificate.expiring" },
      orderBy: { dedupeKey: "asc" },
    });
    expect(events.map((e) => e.dedupeKey)).toEqual([
      `certificate.expiring:${old.id}:15`,
      `certificate.expiring:${old.id}:30`,
    ]);
    const payload = JSON.parse(events[1].payload);
    expect(payload.data).toMatchObject({
      thresholdDays: 30,
      daysLeft: 10,
      late: true,
      replacedBy: { id: expect.any(String) },
    });
    // exactly one delivery per reminder, sent once even with several workers
    const ds = await db.webhookDelivery.findMany({
      where: { endpointId: hook.endpoint.id },
      include: { event: { select: { type: true } } },
    });
    expect(
      ds
        .filter((d) => d.event.type === "certificate.expiring")
        .map((d) => d.eventId)
        .sort(),
    ).toEqual(events.map((e) => e.id).sort());
    await Promise.all([runDeliveries("a", when), runDeliveries("b", when), runDeliveries("c", when)]);
    const sent = received.filter((r) => r.path === "/hooks" && JSON.parse(r.body).data?.certificate?.id === old.id);
    expect(sent.map((r) => r.headers["webhook-id"]).sort()).toEqual(events.map((e) => e.id).sort());
    expect(sent.every((r) => r.verified)).toBe(true);
  });

  it("after downtime past expiry send only certificate.expired: the expiring reminders not sent before notAfter are dropped", async () => {
    const t = await makeTenant();
    const a = await makeCtx("tenant_admin", { tenantId: t.id });
    const p = (await makeProgram(a)).id;
    const legal = (await db.tenant.findUniqueOrThrow({ where: { id: t.id } })).legalName;
    const cert = await submitCsr(
      a,
      {
        environment: "staging",
        programId: p,
        csrPem: opensslCsr("ec:P-256", `/O=${legal}/OU=${p}/CN=api.t.example`).csrPem,
      },
      new Date("2031-01-01T00:00:00Z"),
    );
    const keys = async () =>
      (await db.webhookEvent.findMany({ where: { tenantId: t.id, type: { startsWith: "certificate.ex" } } }))
        .map((e) => e.dedupeKey)
        .sort();
    await scheduleExpiryReminders(new Date(cert.notAfter.getTime() - 20 * DAY)); // ran once, then down from here
    expect(await keys()).toEqual([`certificate.expiring:${cert.id}:30`]);
    await scheduleExpiryReminders(new Date(cert.notAfter.getTime() + 2 * DAY));
    await scheduleExpiryReminders(new Date(cert.notAfter.getTime() + 3 * DAY));
    expect(await keys()).toEqual([`certificate.expired:${cert.id}`, `certificate.expiring:${cert.id}:30`]);
  });
});

describe("deliveries", () => {
  it("retry with backoff until the receiver (verifying the signature) accepts, logging every attempt", async () => {
    const { endpoint } = await activeEndpoint();
    let calls = 0;
    behave = () => (++calls <= 2 ? { status: 500, body: "try later" } : { status: 204 });
    const t0 = new Date();
    await db.$transaction((tx) =>
      import("@/lib/webhooks/events").then((m) =>
        m.emitEvent(tx, {
          tenantId: admin.tenantId!,
          programId: null,
          type: "certificate.issued",
          data: { hello: 1 },
          now: t0,
        }),
      ),
    );
    expect(await runDeliveries("w1", t0)).toBe(1);
    expect(await runDeliveries("w1", t0)).toBe(0); // not due yet: backoff
    let d = (await listDeliveries(admin, endpoint.id))[0];
    expect(d).toMatchObject({ status: "pending", attemptCount: 1, lastStatus: 500 });
    const wait = d.nextAttemptAt.getTime() - t0.getTime();
    expect(wait).toBeGreaterThanOrEqual(48_000);
    expect(wait).toBeLessThanOrEqual(72_000);
    await runDeliveries("w1", new Date(t0.getTime() + 73_000));
    d = (await listDeliveries(admin, endpoint.id))[0];
    expect(d).toMatchObject({ status: "pending", attemptCount: 2 });
    await runDeliveries("w1", new Date(t0.getTime() + 8 * 60_000)); // attempt 2 at +73 s, then 5 min ±20%
    d = (await listDeliveries(admin, endpoint.id))[0];
    expect(d).toMatchObject({ status: "succeeded", attemptCount: 3, lastStatus: 204 });
    expect(d.attempts.map((x) => x.statusCode)).toEqual([204, 500, 500]);
    expect(d.attempts[1].responseBody).toBe("try later");
    expect(received.map((r) => r.verified)).toEqual([true, true, true]);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(await code(listDeliveries(other, endpoint.id))).toBe("NOT_FOUND");
  });

  it("treats 3xx as failure without following it (redirect to a private address), gives up after the schedule, and can be replayed or redelivered", async () => {
    const { endpoint } = await activeEndpoint();
    let redirects = 0;
    // alternately the metadata service, a private address, and this very receiver on loopback (allowed here): none is followed
    behave = () => ({
      status: 302,
      headers: {
        location: [
          "https://169.254.169.254/latest/meta-data",
          "https://10.0.0.5/hook",
          url.replace("/hooks", "/followed"),
        ][redirects++ % 3],
      },
    });
    let now = new Date();
    await db.$transaction((tx) =>
      import("@/lib/webhooks/events").then((m) =>
        m.emitEvent(tx, { tenantId: admin.tenantId!, programId: null, type: "certificate.issued", data: {}, now }),
      ),
    );
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await runDeliveries("w1", now);
      now = (await listDeliveries(admin, endpoint.id))[0].nextAttemptAt; // step to each retry
    }
    const [d] = await listDeliveries(admin, endpoint.id);
    const spanH = (d.attempts[0].startedAt.getTime() - d.attempts.at(-1)!.startedAt.getTime()) / 3_600_000;
    expect(spanH).toBeGreaterThan(55); // about 3 days of retries (75 h ± 20% jitter)
    expect(spanH).toBeLessThan(95);
    expect(d).toMatchObject({ status: "failed", attemptCount: MAX_ATTEMPTS, lastStatus: 302 });
    expect(d.attempts.map((a) => a.statusCode)).toEqual(Array(MAX_ATTEMPTS).fill(302));
    expect(received.map((r) => r.path)).toEqual(Array(MAX_ATTEMPTS).fill("/hooks")); // one request per attempt, never to the Location
    behave = () => ({ status: 200 });
    expect(await code(replayDelivery(other, d.id))).toBe("NOT_FOUND");
    await replayDelivery(admin, d.id, now);
    await runDeliveries("w1", now);
    expect((await listDeliveries(admin, endpoint.id))[0]).toMatchObject({ status: "succeeded" });
    await db.webhookDelivery.update({ where: { id: d.id }, data: { status: "failed" } });
    expect(
      await redeliverFailedSince(
        admin,
        { endpointId: endpoint.id, since: new Date(Date.now() - 3_600_000).toISOString() },
        now,
      ),
    ).toBe(1);
  });

  it("never sends one delivery twice at once, and retries what a crashed worker left", async () => {
    const { endpoint } = await activeEndpoint();
    const now = new Date();
    await db.$transaction((tx) =>
      import("@/lib/webhooks/events").then((m) =>
        m.emitEvent(tx, {
          tenantId: admin.tenantId!,
          programId: null,
          type: "certificate.issued",
          data: { race: true },
          now,
        }),
      ),
    );
    const counts = await Promise.all([runDeliveries("a", now), runDeliveries("b", now), runDeliveries("c", now)]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(1);
    expect(received).toHaveLength(1);

    await db.$transaction((tx) =>
      import("@/lib/webhooks/events").then((m) =>
        m.emitEvent(tx, {
          tenantId: admin.tenantId!,
          programId: null,
          type: "certificate.issued",
          data: { crash: true },
          now,
        }),
      ),
    );
    const pending = await db.webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.id, status: "pending" },
    });
    await db.webhookDelivery.update({
      where: { id: pending.id },
      data: { lockedBy: "dead-worker", lockedUntil: new Date(now.getTime() + 60_000) },
    }); // claimed, then the process died
    expect(await runDeliveries("b", now)).toBe(0);
    expect(await runDeliveries("b", new Date(now.getTime() + 61_000))).toBe(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "succeeded",
      lockedBy: null,
    });
  });

  it("disables an endpoint failing for 5 days, with a notice and an audit event, keeping its deliveries for redelivery", async () => {
    const { endpoint } = await activeEndpoint();
    behave = () => ({ status: 500 });
    const now = new Date();
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { failingSince: new Date(now.getTime() - 5 * DAY - 1000) },
    });
    await db.$transaction((tx) =>
      import("@/lib/webhooks/events").then((m) =>
        m.emitEvent(tx, { tenantId: admin.tenantId!, programId: null, type: "certificate.issued", data: {}, now }),
      ),
    );
    await runDeliveries("w", now);
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({
      status: "disabled",
      disabledReason: "failing for 5 days",
    });
    expect((await listDeliveries(admin, endpoint.id))[0].status).toBe("failed");
    const disabled = await db.notification.findMany({ where: { tenantId: admin.tenantId!, kind: "webhook.disabled" } });
    expect(disabled).toHaveLength(1);
    expect(disabled[0].body).toContain(
      "127.0.0.1 failed while handling the delivery (HTTP 500): check your receiver's logs",
    );
    expect(
      await db.auditEvent.count({
        where: { targetId: endpoint.id, action: "webhook.disabled", actorLabel: "system:webhooks" },
      }),
    ).toBe(1);
  });

  it("notices an endpoint that starts failing once, with cause and fix, in the attempt's transaction", async () => {
    const { endpoint } = await activeEndpoint();
    behave = () => ({ status: 404 });
    const now = new Date();
    for (const n of [1, 2]) {
      await db.$transaction((tx) =>
        import("@/lib/webhooks/events").then((m) =>
          m.emitEvent(tx, { tenantId: admin.tenantId!, programId: null, type: "certificate.issued", data: { n }, now }),
        ),
      );
      await runDeliveries("w", now);
    }
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toEqual(now);
    const notices = await db.notification.findMany({
      where: { tenantId: admin.tenantId!, kind: "webhook.failing", link: `/webhooks/${endpoint.id}` },
    });
    expect(notices).toHaveLength(1);
    expect(notices[0].body).toContain("127.0.0.1 has no receiver at that path (HTTP 404): check the URL's path.");
  });

  it("delivers the events the portal emits: certificate issued and revoked, key rotated", async () => {
    await activeEndpoint(["certificate.issued", "certificate.revoked", "api_key.rotated"]);
    const legal = (await db.tenant.findUniqueOrThrow({ where: { id: admin.tenantId! } })).legalName;
    const cert = await submitCsr(admin, {
      environment: "staging",
      programId,
      csrPem: opensslCsr("ec:P-256", `/O=${legal}/OU=${programId}/CN=api.t.example`).csrPem,
    });
    const { revokeCertificate } = await import("@/lib/certificates/service");
    await revokeCertificate(admin, { certificateId: cert.id, reason: "superseded" });
    const { createApiUser } = await import("@/lib/api-users/service");
    const { issueApiKey, rotateApiKey } = await import("@/lib/api-keys/service");
    const u = await createApiUser(admin, { name: "hooks", pattern: "program", programId });
    const k = await issueApiKey(admin, { apiUserId: u.id, environment: "staging" });
    await rotateApiKey(admin, { keyId: k.apiKey.id, overlap: "1h" });
    await runDeliveries("w");
    const bodies = received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.type)).toEqual(["certificate.issued", "certificate.revoked", "api_key.rotated"]);
    expect(bodies[1].data).toMatchObject({ reason: "superseded", certificate: { serial: cert.serialHex } });
    expect(JSON.stringify(bodies[2])).not.toContain(k.key);
    expect(received.every((r) => r.verified)).toBe(true);
  });

  it("signs with both secrets during a rotation", async () => {
    const { endpoint, secret: oldSecret } = await activeEndpoint();
    const { secret: newSecret } = await rotateWebhookSecret(admin, endpoint.id, 24);
    await db.$transaction((tx) =>
      import("@/lib/webhooks/events").then((m) =>
        m.emitEvent(tx, { tenantId: admin.tenantId!, programId: null, type: "certificate.issued", data: {} }),
      ),
    );
    await runDeliveries("w");
    const r = received.at(-1)!;
    expect(verifyWebhook(oldSecret, r.headers, r.body)).toBe(true);
    expect(verifyWebhook(newSecret, r.headers, r.body)).toBe(true);
  });
});
