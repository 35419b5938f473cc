import "server-only";
import { randomBytes } from "node:crypto";
import { deliveryConcurrency, leaseMs, releaseLeases, runDeliveries } from "@/lib/webhooks/delivery";
import { scheduleExpiryReminders } from "@/lib/webhooks/reminders";
import { purgeAmApiState } from "@/lib/am-api/housekeeping";
import { smtpSettings } from "@/lib/mail/config";
import { releaseMailLeases, runMailPass } from "@/lib/mail/delivery";
import { errorInfo, log } from "@/lib/log/logger";

/** How long stop() waits for the attempt in flight: within Docker's 10 s between SIGTERM and SIGKILL. */
export const SHUTDOWN_GRACE_MS = Number(process.env.AXYS_WORKER_SHUTDOWN_MS ?? 5_000);

/** AXYS_WORKER_REMINDER_MS (default 60 s): how often each worker runs the reminder pass; a bad value fails at start. */
function reminderIntervalMs(): number {
  const raw = process.env.AXYS_WORKER_REMINDER_MS;
  if (raw === undefined || raw === "") return 60_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1_000)
    throw new Error(`AXYS_WORKER_REMINDER_MS must be a whole number of milliseconds, at least 1000 (got "${raw}").`);
  return n;
}

export interface StopResult {
  drained: boolean;
  released: number;
}

// On globalThis: Next bundles instrumentation (which starts the worker) and route handlers (which read the
// beat for /api/health/ready) apart, each with its own copy of this module.
const beats = globalThis as unknown as { axysWorkerBeat?: number | null };
/** The last heartbeat (ms since epoch) of a worker running in this process; null before the first, undefined with none started. */
export function lastWorkerBeat(): number | null | undefined {
  return beats.axysWorkerBeat;
}
export interface Worker {
  id: string;
  stop: (graceMs?: number) => Promise<StopResult>;
}

/**
 * The scheduler and delivery worker: reminders every minute, due deliveries every half second
 * (attempted concurrently with per-endpoint fairness, see runDeliveries), and beside them the mail
 * outbox (lib/mail/delivery.ts; nothing is sent without AXYS_SMTP_URL).
 * Runs inside `npm start` (unless AXYS_WORKER=off) or alone with `npm run worker`; any number of
 * them may run against one database. stop() claims nothing more (not even the rest of the current
 * batch), waits up to graceMs for the attempts in flight, then releases this worker's unfinished
 * leases so another worker retries them at once rather than after the lease.
 */
export function startWorker(opts: { tickMs?: number; reminderEveryMs?: number } = {}): Worker {
  leaseMs(); // a bad AXYS_WEBHOOK_TIMEOUT_MS / _LEASE_MARGIN_MS / _CONCURRENCY fails at start, not on every tick
  deliveryConcurrency();
  const smtp = smtpSettings(); // a bad AXYS_SMTP_URL / AXYS_MAIL_FROM / AXYS_SMTP_TIMEOUT_MS fails at start too
  const id = `w_${process.pid}_${randomBytes(3).toString("hex")}`;
  const tickMs = opts.tickMs ?? 500; // a new event waits at most this long for an idle worker (one indexed query per tick)
  // AXYS_WORKER_REMINDER_MS: the cluster harness runs the reminder pass every second in each worker, to race them
  const reminderEveryMs = opts.reminderEveryMs ?? reminderIntervalMs();
  let stopping = false;
  let stopped: Promise<StopResult> | null = null;
  let lastReminders = 0;
  let current: Promise<void> = Promise.resolve();
  let wake = () => {};

  const beat = () => {
    beats.axysWorkerBeat = Date.now();
  };
  beats.axysWorkerBeat ??= null;
  if (smtp) log.info({ workerId: id, smtp: smtp.display }, "mail: sending through SMTP");
  else log.warn({ workerId: id }, "mail: AXYS_SMTP_URL is not set; mail stays in the outbox (see /dev/mail)");
  // the mail pass runs beside the webhook deliveries (neither waits for the other's attempts within a tick)
  const mail = async () => {
    try {
      if ((await runMailPass(id, { shouldStop: () => stopping })) > 0) beat();
    } catch (e) {
      log.error({ job: "mail.pass", workerId: id, err: errorInfo(e) }, "mail pass failed");
    }
  };
  const tick = async () => {
    beat();
    if (Date.now() - lastReminders >= reminderEveryMs) {
      lastReminders = Date.now();
      await scheduleExpiryReminders();
      await purgeAmApiState();
    }
    const mailing = mail();
    try {
      while (!stopping && (await runDeliveries(id, undefined, Infinity, () => stopping)) > 0) beat();
    } finally {
      await mailing;
    }
    beat();
  };
  const loop = async () => {
    while (!stopping) {
      current = tick().catch((e) =>
        log.error({ job: "worker.tick", workerId: id, err: errorInfo(e) }, "worker tick failed"),
      );
      await current;
      if (!stopping)
        await new Promise<void>((r) => {
          const t = setTimeout(r, tickMs);
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
    }
  };
  void loop();

  const stop = async (graceMs: number): Promise<StopResult> => {
    stopping = true;
    wake();
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      current.then(() => true),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    return { drained, released: (await releaseLeases(id)) + (await releaseMailLeases(id)) };
  };
  return { id, stop: (graceMs = SHUTDOWN_GRACE_MS) => (stopped ??= stop(graceMs)) };
}
