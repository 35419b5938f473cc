import { randomBytes } from "node:crypto";
import net, { type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { scrubSecrets, smtpSettings, type SmtpSettings } from "@/lib/mail/config";
import { MAIL_MAX_ATTEMPTS, releaseMailLeases, runMailPass } from "@/lib/mail/delivery";
import { queueMail } from "@/lib/mail/outbox";
import { registerMailQueueMetrics } from "@/lib/mail/queue-metrics";
import { metrics } from "@/lib/metrics/registry";
import { localhostTlsPair } from "@/lib/testing/openssl";
import { startWorker } from "@/lib/webhooks/worker";

/**
 * A real SMTP server on loopback (smtp-server) that offers STARTTLS with a self-signed certificate and accepts a
 * login only over TLS; `behave` decides how it answers each recipient.
 */
interface Arrival {
  from: string;
  to: string[];
  raw: string;
  secure: boolean;
  user: string | undefined;
}
const arrivals: Arrival[] = [];
let behave: (to: string) => "ok" | "tempfail" | "reject" = () => "ok";
let dataDelayMs = 0;
let server: SMTPServer;
let port = 0;
let certFile = "";
const PASSWORD = `pw-${randomBytes(6).toString("hex")}`;

const settings = (over: Record<string, string> = {}): SmtpSettings =>
  smtpSettings({
    AXYS_SMTP_URL: `smtp://axys:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`,
    AXYS_SMTP_CA_FILE: certFile,
    AXYS_MAIL_FROM: "Axys Test <no-reply@axys.test>",
    AXYS_SMTP_TIMEOUT_MS: "5000",
    ...over,
  })!;

/** The decoded text of a raw message (quoted-printable soft breaks and escapes undone). */
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, "mi").exec(raw)?.[1]?.trim();

async function queue(to: string, subject: string, text = "Hello from the outbox.\nLine two.", html?: string) {
  const id = await db.$transaction((tx) => queueMail(tx, { to, kind: "invitation", subject, text, html }));
  return id!;
}
const row = (id: string) => db.mailMessage.findUniqueOrThrow({ where: { id } });
const attemptsCounted = async (outcome: string) =>
  (await metrics.mailAttempts.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

beforeAll(async () => {
  const tls = localhostTlsPair();
  certFile = tls.certFile;
  server = new SMTPServer({
    key: tls.key,
    cert: tls.cert,
    logger: false,
    authMethods: ["PLAIN", "LOGIN"],
    onAuth(auth, _session, cb) {
      if (auth.username === "axys" && auth.password === PASSWORD) cb(null, { user: "axys" });
      else cb(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      const b = behave(address.address);
      if (b === "tempfail") cb(Object.assign(new Error("Mailbox busy, try later"), { responseCode: 451 }));
      else if (b === "reject") cb(Object.assign(new Error("No such user here"), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        arrivals.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          secure: session.secure,
          user: session.user as string | undefined,
        });
        setTimeout(() => cb(), dataDelayMs);
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(async () => {
  arrivals.length = 0;
  behave = () => "ok";
  dataDelayMs = 0;
  // earlier tests' leftovers must not be sent by this test's passes
  await db.mailMessage.updateMany({ where: { status: "pending" }, data: { status: "failed" } });
});

describe("the mail worker over SMTP", () => {
  it("delivers over STARTTLS with the right sender, recipient, subject and bodies, then erases the bodies", async () => {
    const sentBefore = await attemptsCounted("sent");
    const id = await queue(
      "ada@example.test",
      "Your invitation to Acme",
      "Open https://portal.example/invite/abc to accept.\n",
      "<p>Open <a href='https://portal.example/invite/abc'>the invitation</a>.</p>",
    );
    expect(await runMailPass("w1", { settings: settings() })).toBe(1);
    expect(arrivals).toHaveLength(1);
    const a = arrivals[0];
    expect(a.secure).toBe(true); // STARTTLS happened before the login and the message
    expect(a.user).toBe("axys");
    expect(a.from).toBe("no-reply@axys.test");
    expect(a.to).toEqual(["ada@example.test"]);
    expect(header(a.raw, "From")).toBe("Axys Test <no-reply@axys.test>");
    expect(header(a.raw, "To")).toBe("ada@example.test");
    expect(header(a.raw, "Subject")).toBe("Your invitation to Acme");
    expect(header(a.raw, "Auto-Submitted")).toBe("auto-generated");
    expect(decoded(a.raw)).toContain("Open https://portal.example/invite/abc to accept.");
    expect(decoded(a.raw)).toContain("<a href='https://portal.example/invite/abc'>the invitation</a>");
    const r = await row(id);
    expect(r).toMatchObject({ status: "sent", attemptCount: 1, textSealed: null, htmlSealed: null, lockedBy: null });
    expect(r.sentAt).toBeInstanceOf(Date);
    expect(r.messageId).toBe(header(a.raw, "Message-ID"));
    expect(await attemptsCounted("sent")).toBe(sentBefore + 1);
    // sent is final: another pass sends nothing
    expect(await runMailPass("w1", { settings: settings() })).toBe(0);
    expect(arrivals).toHaveLength(1);
  });

  it("sends nothing without AXYS_SMTP_URL: the mail stays pending in the outbox, and the gauges show it", async () => {
    registerMailQueueMetrics();
    const gauge = async (name: string) => (await metrics.registry.getSingleMetric(name)!.get()).values[0]?.value;
    expect(await gauge("axys_mail_outbox_pending")).toBe(0);
    expect(smtpSettings({})).toBeNull();
    const id = await queue("stay@example.test", "Stays");
    await db.mailMessage.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 120_000) } });
    expect(await runMailPass("w1", { settings: null })).toBe(0);
    expect(await row(id)).toMatchObject({ status: "pending", attemptCount: 0 });
    expect((await row(id)).textSealed).not.toBeNull();
    expect(await gauge("axys_mail_outbox_pending")).toBe(1);
    expect(await gauge("axys_mail_outbox_oldest_due_seconds")).toBeGreaterThanOrEqual(119);
  });

  it("retries after a temporary refusal (4xx) with backoff, then delivers", async () => {
    const id = await queue("busy@example.test", "Retry me");
    behave = () => "tempfail";
    const t0 = new Date();
    expect(await runMailPass("w1", { settings: settings(), now: t0 })).toBe(1);
    let r = await row(id);
    expect(r).toMatchObject({ status: "pending", attemptCount: 1, lockedBy: null });
    expect(r.lastError).toMatch(/451/);
    expect(r.textSealed).not.toBeNull();
    const wait = r.nextAttemptAt.getTime() - t0.getTime();
    expect(wait).toBeGreaterThanOrEqual(48_000); // 1 min ± 20%
    expect(wait).toBeLessThanOrEqual(72_000);
    // not due yet
    expect(await runMailPass("w1", { settings: settings(), now: new Date(t0.getTime() + 30_000) })).toBe(0);
    behave = () => "ok";
    expect(await runMailPass("w1", { settings: settings(), now: new Date(t0.getTime() + 80_000) })).toBe(1);
    r = await row(id);
    expect(r).toMatchObject({ status: "sent", attemptCount: 2, lastError: null, textSealed: null });
    expect(arrivals.map((a) => a.to[0])).toEqual(["busy@example.test"]);
  });

  it("retries after a refused connection, then delivers", async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const id = await queue("later@example.test", "After an outage");
    const t0 = new Date();
    const down = settings({ AXYS_SMTP_URL: `smtp://axys:${PASSWORD}@127.0.0.1:${deadPort}` });
    expect(await runMailPass("w1", { settings: down, now: t0 })).toBe(1);
    const r = await row(id);
    expect(r).toMatchObject({ status: "pending", attemptCount: 1 });
    expect(r.lastError).toMatch(/ECONNREFUSED/);
    expect(await runMailPass("w1", { settings: settings(), now: new Date(t0.getTime() + 80_000) })).toBe(1);
    expect(await row(id)).toMatchObject({ status: "sent", attemptCount: 2 });
    expect(arrivals).toHaveLength(1);
  });

  it("fails at once on a permanent refusal (5xx to the recipient) and erases the bodies", async () => {
    behave = (to) => (to.startsWith("nobody") ? "reject" : "ok");
    const id = await queue("nobody@example.test", "Bounce");
    expect(await runMailPass("w1", { settings: settings() })).toBe(1);
    const r = await row(id);
    expect(r).toMatchObject({ status: "failed", attemptCount: 1, textSealed: null, htmlSealed: null });
    expect(r.lastError).toMatch(/550/);
    expect(arrivals).toHaveLength(0);
  });

  it("fails after the last attempt, and a wrong password is retried, never written down", async () => {
    const id = await queue("ok@example.test", "Wrong login");
    const wrong = `nope-${randomBytes(6).toString("hex")}`;
    const bad = settings({ AXYS_SMTP_URL: `smtp://axys:${wrong}@127.0.0.1:${port}` });
    let now = new Date();
    for (let i = 1; i <= MAIL_MAX_ATTEMPTS; i++) {
      expect(await runMailPass("w1", { settings: bad, now })).toBe(1);
      const r = await row(id);
      expect(r.attemptCount).toBe(i);
      expect(r.lastError).toMatch(/535/);
      expect(r.lastError).not.toContain(wrong);
      expect(r.status).toBe(i < MAIL_MAX_ATTEMPTS ? "pending" : "failed");
      now = new Date(r.nextAttemptAt.getTime() + 1000);
    }
    expect(await row(id)).toMatchObject({ textSealed: null, htmlSealed: null });
    expect(arrivals).toHaveLength(0);
  });

  it("two workers' concurrent passes send each message exactly once", async () => {
    dataDelayMs = 30;
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => queue(`many${i}@example.test`, `Message ${i}`)));
    const [a, b] = await Promise.all([
      runMailPass("wa", { settings: settings() }),
      runMailPass("wb", { settings: settings() }),
    ]);
    expect(a + b).toBe(12);
    expect(arrivals.map((x) => header(x.raw, "Subject")).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `Message ${i}`).sort(),
    );
    const rows = await db.mailMessage.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.status === "sent" && r.attemptCount === 1)).toBe(true);
  });

  it("holds its deadline against a server that never answers, and keeps the message for a retry", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s)); // accepts, never greets
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const silentPort = (silent.address() as AddressInfo).port;
    try {
      const id = await queue("slow@example.test", "Deadline");
      const started = Date.now();
      const s = settings({ AXYS_SMTP_URL: `smtp://axys:x@127.0.0.1:${silentPort}`, AXYS_SMTP_TIMEOUT_MS: "400" });
      expect(await runMailPass("w1", { settings: s })).toBe(1);
      expect(Date.now() - started).toBeLessThan(2_500);
      const r = await row(id);
      expect(r).toMatchObject({ status: "pending", attemptCount: 1 });
      expect(r.lastError).toMatch(/400 ms deadline/);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("refuses a server whose certificate it does not trust", async () => {
    const id = await queue("tls@example.test", "Untrusted");
    expect(await runMailPass("w1", { settings: settings({ AXYS_SMTP_CA_FILE: "" }) })).toBe(1);
    const r = await row(id);
    expect(r.status).toBe("pending");
    expect(r.lastError).toMatch(/self[- ]signed|certificate/i);
    expect(arrivals).toHaveLength(0);
  });

  it("a shutdown releases the worker's leases for another worker at once", async () => {
    const id = await queue("lease@example.test", "Lease");
    await db.mailMessage.update({
      where: { id },
      data: { lockedBy: "gone", lockedUntil: new Date(Date.now() + 60_000) },
    });
    expect(await runMailPass("w1", { settings: settings() })).toBe(0); // leased elsewhere
    expect(await releaseMailLeases("gone")).toBe(1);
    expect(await runMailPass("w1", { settings: settings() })).toBe(1);
    expect(await row(id)).toMatchObject({ status: "sent" });
  });
});

describe("the worker process", () => {
  it("sends queued mail from its loop with the settings of its environment, and stops cleanly", async () => {
    vi.stubEnv("AXYS_SMTP_URL", `smtp://axys:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`);
    vi.stubEnv("AXYS_SMTP_CA_FILE", certFile);
    vi.stubEnv("AXYS_MAIL_FROM", "Worker <worker@axys.test>");
    const worker = startWorker({ tickMs: 20, reminderEveryMs: Infinity });
    try {
      const id = await queue("worker@example.test", "From the loop");
      const end = Date.now() + 10_000;
      while ((await row(id)).status !== "sent") {
        if (Date.now() > end) throw new Error(`not sent: ${JSON.stringify(await row(id))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(arrivals.map((a) => a.from)).toEqual(["worker@axys.test"]);
    } finally {
      expect((await worker.stop(5_000)).drained).toBe(true);
      vi.unstubAllEnvs();
    }
  });

  it("refuses to start on a wrong setting, without the password in the message", () => {
    vi.stubEnv("AXYS_SMTP_URL", "smtp://axys:hunter22@127.0.0.1:25");
    vi.stubEnv("AXYS_SMTP_TIMEOUT_MS", "forever");
    try {
      expect(() => startWorker()).toThrow(/AXYS_SMTP_TIMEOUT_MS must be a whole number/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("SMTP settings", () => {
  it("read the URL, default the port and sender, and never show the password", () => {
    const s = smtpSettings({ AXYS_SMTP_URL: "smtp://mailer%40acme:s3cr%2Ft@mail.example.com" })!;
    expect(s).toMatchObject({
      host: "mail.example.com",
      port: 587,
      secure: false,
      user: "mailer@acme",
      pass: "s3cr/t",
      from: "Axys <no-reply@axys.localhost>",
      timeoutMs: 10_000,
    });
    expect(s.display).toBe("smtp://mailer%40acme:***@mail.example.com");
    expect(smtpSettings({ AXYS_SMTP_URL: "smtps://relay.example.com" })).toMatchObject({ port: 465, secure: true });
    expect(scrubSecrets("535 bad s3cr/t s3cr%2Ft", s)).toBe("535 bad *** ***");
  });

  it("refuse what is wrong, saying which setting, without echoing the password", () => {
    expect(() => smtpSettings({ AXYS_SMTP_URL: "http://u:hunter22@mail.example.com" })).toThrow(/smtp:\/\//);
    expect(() => smtpSettings({ AXYS_SMTP_URL: "not a url hunter22" })).toThrow(/AXYS_SMTP_URL/);
    for (const url of ["http://u:hunter22@mail.example.com", "not a url hunter22"]) {
      try {
        smtpSettings({ AXYS_SMTP_URL: url });
      } catch (e) {
        expect((e as Error).message).not.toContain("hunter22");
      }
    }
    expect(() => smtpSettings({ AXYS_SMTP_URL: "smtp://h", AXYS_MAIL_FROM: "Axys" })).toThrow(/AXYS_MAIL_FROM/);
    expect(() => smtpSettings({ AXYS_SMTP_URL: "smtp://h", AXYS_SMTP_TIMEOUT_MS: "5s" })).toThrow(
      /AXYS_SMTP_TIMEOUT_MS/,
    );
  });
});
