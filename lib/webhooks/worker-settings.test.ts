import { afterEach, describe, expect, it } from "vitest";
import { leaseMs } from "@/lib/webhooks/delivery";
import { startWorker } from "@/lib/webhooks/worker";

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["AXYS_WEBHOOK_LEASE_MARGIN_MS", "AXYS_WEBHOOK_TIMEOUT_MS", "AXYS_WORKER_REMINDER_MS"])
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});

describe("the worker's lease and reminder settings", () => {
  it("makes a lease the attempt deadline plus AXYS_WEBHOOK_LEASE_MARGIN_MS (45 s by default)", () => {
    process.env.AXYS_WEBHOOK_TIMEOUT_MS = "5000";
    delete process.env.AXYS_WEBHOOK_LEASE_MARGIN_MS;
    expect(leaseMs()).toBe(50_000);
    process.env.AXYS_WEBHOOK_LEASE_MARGIN_MS = "2000";
    expect(leaseMs()).toBe(7_000);
    process.env.AXYS_WEBHOOK_LEASE_MARGIN_MS = "500";
    expect(() => leaseMs()).toThrow(/AXYS_WEBHOOK_LEASE_MARGIN_MS must be a whole number from 1000 to 600000/);
  });

  it("refuses to start with a bad AXYS_WORKER_REMINDER_MS or lease margin instead of never reminding", () => {
    process.env.AXYS_WORKER_REMINDER_MS = "soon";
    expect(() => startWorker()).toThrow(/AXYS_WORKER_REMINDER_MS must be a whole number of milliseconds/);
    process.env.AXYS_WORKER_REMINDER_MS = "999";
    expect(() => startWorker()).toThrow(/at least 1000 \(got "999"\)/);
    delete process.env.AXYS_WORKER_REMINDER_MS;
    process.env.AXYS_WEBHOOK_LEASE_MARGIN_MS = "x";
    expect(() => startWorker()).toThrow(/AXYS_WEBHOOK_LEASE_MARGIN_MS/);
  });
});
