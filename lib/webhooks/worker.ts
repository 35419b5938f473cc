import "server-only";
import { randomBytes } from "node:crypto";
import { runDeliveries } from "@/lib/webhooks/delivery";
import { scheduleExpiryReminders } from "@/lib/webhooks/reminders";

export interface Worker { id: string; stop: () => Promise<void> }

/**
 * The scheduler and delivery worker: reminders every minute, due deliveries every second or two.
 * Runs inside `npm start` (unless AXYS_WORKER=off) or alone with `npm run worker`; any number of
 * them may run against one database. stop() finishes the attempt in flight and claims nothing more.
 */
export function startWorker(opts: { tickMs?: number; reminderEveryMs?: number } = {}): Worker {
  const id = `w_${process.pid}_${randomBytes(3).toString("hex")}`;
  const tickMs = opts.tickMs ?? 1500;
  const reminderEveryMs = opts.reminderEveryMs ?? 60_000;
  let stopping = false;
  let lastReminders = 0;
  let current: Promise<void> = Promise.resolve();

  const tick = async () => {
    if (Date.now() - lastReminders >= reminderEveryMs) {
      lastReminders = Date.now();
      await scheduleExpiryReminders();
    }
    while (!stopping && (await runDeliveries(id)) > 0);
  };
  const loop = async () => {
    while (!stopping) {
      current = tick().catch((e) => console.error(`[worker ${id}]`, e instanceof Error ? e.message : e));
      await current;
      await new Promise((r) => setTimeout(r, tickMs));
    }
  };
  void loop();
  return {
    id,
    stop: async () => {
      stopping = true;
      await current;
    },
  };
}
