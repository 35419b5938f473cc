import { spawn } from "node:child_process";
import { EventEmitter, once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { drainBeforeSignalExit } from "@/lib/shutdown";

/** A stand-in for `process`: signals are events, exit is recorded. */
function fakeProcess() {
  const p = Object.assign(new EventEmitter(), {
    exits: [] as number[],
    exit(code: number) {
      p.exits.push(code);
    },
  });
  return p;
}
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("drainBeforeSignalExit", () => {
  it("runs the drain before the handlers already installed (Next's, which exit at once), once per process", async () => {
    const proc = fakeProcess();
    const order: string[] = [];
    const nextCleanup = (sig: string) => {
      order.push(`next:${sig}`);
      proc.exit(sig === "SIGTERM" ? 143 : 130);
    };
    proc.on("SIGTERM", nextCleanup);
    proc.on("SIGINT", nextCleanup);
    let finish = () => {};
    drainBeforeSignalExit(
      () => {
        order.push("drain:start");
        return new Promise<void>((r) => {
          finish = () => {
            order.push("drain:end");
            r();
          };
        });
      },
      { timeoutMs: 5_000, proc },
    );
    proc.emit("SIGTERM", "SIGTERM");
    proc.emit("SIGINT", "SIGINT"); // Ctrl+C reaches npm start and next: the repeat is ignored
    await tick(20);
    expect(order).toEqual(["drain:start"]);
    expect(proc.exits).toEqual([]);
    finish();
    await tick();
    expect(order).toEqual(["drain:start", "drain:end", "next:SIGTERM"]);
    expect(proc.exits).toEqual([143]);
  });

  it("is bounded, survives a failing drain, and exits itself when nothing else handles the signal", async () => {
    const proc = fakeProcess();
    const logs: string[] = [];
    drainBeforeSignalExit(() => new Promise(() => {}), { timeoutMs: 50, proc, log: (m) => logs.push(m) });
    proc.emit("SIGINT", "SIGINT");
    await tick(20);
    expect(proc.exits).toEqual([]);
    await tick(60);
    expect(proc.exits).toEqual([130]);

    const p2 = fakeProcess();
    drainBeforeSignalExit(() => Promise.reject(new Error("db gone")), {
      timeoutMs: 5_000,
      proc: p2,
      log: (m) => logs.push(m),
    });
    p2.emit("SIGTERM", "SIGTERM");
    await tick();
    expect(p2.exits).toEqual([143]);
    expect(logs).toEqual(["[axys] shutdown: db gone"]);
  });

  it("in a real process, holds back a Next-style handler that exits at once until the drain is done", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "axys-shutdown-"));
    const done = path.join(dir, "drained");
    writeFileSync(
      path.join(dir, "child.ts"),
      `
      import { writeFileSync } from "node:fs";
      import { drainBeforeSignalExit } from ${JSON.stringify(path.resolve(import.meta.dirname, "shutdown.ts"))};
      process.on("SIGTERM", () => process.exit(143)); // what scripts/server.mjs installs before instrumentation runs
      drainBeforeSignalExit(() => new Promise((r) => setTimeout(() => r(writeFileSync(${JSON.stringify(done)}, "yes")), 300)), { timeoutMs: 5000 });
      setInterval(() => {}, 1000);
      console.log("ready");
    `,
    );
    const child = spawn(process.execPath, ["--import", "tsx", path.join(dir, "child.ts")], {
      cwd: path.resolve(import.meta.dirname, ".."),
      stdio: ["ignore", "pipe", "inherit"],
    });
    await once(child.stdout, "data");
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(143);
    expect(existsSync(done) && readFileSync(done, "utf8")).toBe("yes");
  });

  it("relies on scripts/server.mjs installing its signal handlers before it loads instrumentation (app.prepare)", () => {
    const src = readFileSync(path.resolve(import.meta.dirname, "..", "scripts/server.mjs"), "utf8");
    const installed = src.indexOf('for (const sig of ["SIGINT", "SIGTERM"]) {\n  process.on(sig, ');
    expect(installed).toBeGreaterThan(0);
    expect(src.indexOf("await app.prepare();", installed)).toBeGreaterThan(installed);
    expect(src.indexOf("await app.prepare();")).toBe(src.indexOf("await app.prepare();", installed));
  });
});
