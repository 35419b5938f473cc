/**
 * What the benchmarks through the gateway share (bench:gateway, bench:api): the load generator in a child process
 * (autocannon, or a script's own loop) measuring a window after a warm-up, the parent's view of that window (the
 * server's CPU, the machine's), clean-ups bounded in time, a one-off request, and the gateway started as
 * `npm run gateway` runs it with its process tree's CPU and memory.
 */
import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import { performance as perf } from "node:perf_hooks";

/** What the load generator reports for one measured window. */
export interface LoadResult {
  ok2xx: number;
  non2xx: number;
  /** answers by HTTP status (autocannon runs) */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  resets: number;
  windowS: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /** the load generator's own CPU seconds in the window */
  cpuS: number;
  /** new TLS connections in the window (a script's own loop that counts them) */
  handshakes?: number;
}
type LoadMessage = { type: "window-start" } | { type: "window-end" } | { type: "result"; result: LoadResult };

/**
 * The measured window of a load child: `warmupS` of warm-up, then `durationS` measured. Tells the parent when it
 * starts and ends (the parent reads the server's CPU at these edges).
 */
export class LoadWindow {
  measuring = false;
  cpuS = 0;
  private start = 0;
  private end = 0;
  constructor(
    private readonly warmupS: number,
    private readonly durationS: number,
  ) {}
  get windowS() {
    return (this.end - this.start) / 1000;
  }
  /** Resolves at the window's end, after `onEnd` (which stops the load). */
  run(onEnd: () => void = () => undefined): Promise<void> {
    const send = (m: LoadMessage) => process.send?.(m);
    return new Promise((resolve) =>
      setTimeout(() => {
        this.measuring = true;
        this.start = performance.now();
        const cpu0 = process.cpuUsage();
        send({ type: "window-start" });
        setTimeout(() => {
          this.measuring = false;
          this.end = performance.now();
          const c = process.cpuUsage(cpu0);
          this.cpuS = (c.user + c.system) / 1e6;
          send({ type: "window-end" });
          onEnd();
          resolve();
        }, this.durationS * 1000);
      }, this.warmupS * 1000),
    );
  }
  /** The result of the window from every 2xx latency (ms) and the counts. */
  result(latencies: number[], counts: Partial<LoadResult>): LoadResult {
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN;
    return {
      ok2xx: latencies.length,
      non2xx: 0,
      statuses: {},
      errors: 0,
      timeouts: 0,
      resets: 0,
      ...counts,
      windowS: this.windowS,
      p50: pct(50),
      p99: pct(99),
      p999: pct(99.9),
      max: latencies.at(-1) ?? NaN,
      cpuS: this.cpuS,
    };
  }
}

interface Autocannon {
  (
    opts: Record<string, unknown>,
    cb: (err: Error | null, result: { errors: number; timeouts: number; resets: number }) => void,
  ): NodeJS.EventEmitter & { stop(): void };
}

/**
 * autocannon (programmatic, keep-alive, one request in flight per connection, client certificate in `tlsOptions`)
 * for a warm-up and a measured window: exact percentiles over every 2xx answer of the window.
 */
export async function autocannonLoad(
  o: { warmupS: number; durationS: number } & Record<string, unknown>,
): Promise<LoadResult> {
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  const { warmupS, durationS, ...opts } = o;
  const window = new LoadWindow(warmupS, durationS);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let non2xx = 0;
  let errors = 0;
  const totals = await new Promise<{ errors: number; timeouts: number; resets: number }>((resolve, reject) => {
    const inst = autocannon(
      {
        pipelining: 1,
        timeout: 10,
        ...opts,
        duration: warmupS + durationS + 5, // stopped at the window's end; this is only a bound
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    inst.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (!window.measuring) return;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else non2xx++;
    });
    inst.on("reqError", () => {
      if (window.measuring) errors++;
    });
    void window.run(() => inst.stop());
  });
  return window.result(latencies, {
    non2xx,
    statuses,
    errors,
    timeouts: totals.timeouts ?? 0,
    resets: totals.resets ?? 0,
  });
}

/**
 * The script's entry: as a load child (`--load-child`, forked by `measure`) it runs `load` on the configuration the
 * parent sends and reports the result; otherwise `main`.
 */
export async function loadChildOr<C>(load: (cfg: C) => Promise<LoadResult>, main: () => Promise<void>) {
  if (!process.argv.includes("--load-child")) return main();
  process.once("message", async (cfg: C) => {
    try {
      const result = await load(cfg);
      process.send?.({ type: "result", result } satisfies LoadMessage, () => process.exit(0));
    } catch (e) {
      console.error("[load] failed:", e instanceof Error ? e.message : e);
      process.exit(1);
    }
  });
}

export interface Measured {
  load: LoadResult;
  /** the server's CPU seconds in the window */
  serverCpuS: number;
  /** busy share of all the machine's cores in the window, other work included */
  machineBusy: number;
  /** the event-loop utilisation of this process in the window (when the server runs in it) */
  elu: number;
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/**
 * Runs one load child of `script` (this benchmark's own file, forked with `--load-child`) on `cfg`, reading the
 * server's CPU (`serverCpu`) and the machine's at the window's edges.
 */
export function measure<C extends { warmupS: number; durationS: number }>(
  script: string,
  cfg: C,
  serverCpu: () => number,
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(script, ["--load-child"], {
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let cpu0 = 0;
    let serverCpuS = 0;
    let m0 = machineTicks();
    let machineBusy = NaN;
    let elu0 = perf.eventLoopUtilization();
    let elu = NaN;
    const bound = setTimeout(
      () => {
        child.kill("SIGKILL");
        reject(new Error("load generator did not finish in time"));
      },
      (cfg.warmupS + cfg.durationS + 30) * 1000,
    );
    child.on("message", (m: LoadMessage) => {
      if (m.type === "window-start") {
        cpu0 = serverCpu();
        m0 = machineTicks();
        elu0 = perf.eventLoopUtilization();
      } else if (m.type === "window-end") {
        serverCpuS = serverCpu() - cpu0;
        const m1 = machineTicks();
        machineBusy = (m1.busy - m0.busy) / (m1.total - m0.total);
        elu = perf.eventLoopUtilization(elu0).utilization;
      } else if (m.type === "result") {
        clearTimeout(bound);
        resolve({ load: m.result, serverCpuS, machineBusy, elu });
      }
    });
    child.on("exit", (code) => {
      if (code) {
        clearTimeout(bound);
        reject(new Error(`load generator exited with ${code}`));
      }
    });
    child.send(cfg);
  });
}

/**
 * Clean-ups run last-in first-out, once: on success, on failure, on SIGINT/SIGTERM and when the whole run exceeds
 * `deadlineMs` (never leave a server, a child or a database behind).
 */
export function cleanupGuard(deadlineMs: number) {
  const steps: (() => Promise<void> | void)[] = [];
  const run = async () => {
    for (const f of steps.reverse()) {
      try {
        await f();
      } catch (e) {
        console.error("[bench] cleanup:", e instanceof Error ? e.message : e);
      }
    }
    steps.length = 0;
  };
  const deadline = setTimeout(async () => {
    console.error(`[bench] gave up after ${Math.round(deadlineMs / 1000)} s`);
    await run();
    process.exit(2);
  }, deadlineMs);
  deadline.unref();
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, async () => {
      await run();
      process.exit(130);
    });
  process.once("uncaughtException", async (e) => {
    console.error("[bench] failed:", e);
    await run();
    process.exit(1);
  });
  return {
    push: (f: () => Promise<void> | void) => void steps.push(f),
    /** runs the clean-ups (the end of the run) */
    done: async () => {
      clearTimeout(deadline);
      await run();
    },
  };
}

/** One request, a new connection (client certificate and CA when given; plain HTTP with `http`). */
export function get(
  port: number,
  p: string,
  o: {
    ca?: string;
    cert?: string;
    key?: string;
    localAddress?: string;
    http?: boolean;
    headers: Record<string, string>;
  },
): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const { http: plain, ...rest } = o;
    const req = (plain ? http : https).request(
      {
        host: "127.0.0.1",
        port,
        path: p,
        method: "GET",
        servername: "localhost",
        agent: false,
        timeout: 5000,
        ...rest,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d)).on("end", () => resolve({ status: res.statusCode, body: text }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end();
  });
}

/** A free loopback port (when no port base is given). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The process tree under `pid` (itself included), from /proc. */
function treePids(pid: number): number[] {
  const out = [pid];
  for (const task of (() => {
    try {
      return readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
  })()) {
    let children: number[] = [];
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      /* gone */
    }
    for (const c of children) out.push(...treePids(c));
  }
  return out;
}
/** Clock ticks per second (a hoisted function: main() runs before this file's later constants exist). */
function clockTicks(): number {
  const f = clockTicks as { hz?: number };
  return (f.hz ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100);
}
/** CPU seconds (user + system) of a process tree. */
export function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of treePids(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      /* gone */
    }
  }
  return ticks / clockTicks();
}
export function treeRssMiB(pid: number): number {
  let kb = 0;
  for (const p of treePids(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

/** `npm run gateway` (tsx lib/gateway/main.ts) in its own process group; ready when all its workers listen. */
export async function startGateway(
  root: string,
  env: NodeJS.ProcessEnv,
  healthPort: number,
  workers: number,
  profileDir?: string,
) {
  const proc = spawn(
    process.execPath,
    profileDir
      ? // node itself with tsx as a loader, so that the workers inherit --cpu-prof (they write on exit)
        [
          "--conditions=react-server",
          "--import",
          "tsx",
          "--cpu-prof",
          `--cpu-prof-dir=${profileDir}`,
          "lib/gateway/main.ts",
        ]
      : [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "lib/gateway/main.ts"],
    { cwd: root, env, stdio: ["ignore", "ignore", "inherit"], detached: true },
  );
  const exited = new Promise<void>((r) => proc.on("exit", () => r()));
  const t0 = Date.now();
  for (;;) {
    const r = await get(healthPort, "/api/health/ready", { http: true, headers: {} });
    if (r.body?.includes(`"${workers} of ${workers} workers listening`)) break;
    if (proc.exitCode !== null || Date.now() - t0 > 60_000) {
      try {
        process.kill(-proc.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
      throw new Error(`the gateway did not start: ${r.body ?? r.error}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    cpuSeconds: () => treeCpuSeconds(proc.pid!),
    rssMiB: () => treeRssMiB(proc.pid!),
    stop: async () => {
      if (proc.exitCode !== null) return;
      proc.kill("SIGTERM"); // tsx passes it on; the primary drains and stops its workers
      const done = await Promise.race([exited, new Promise<"late">((r) => setTimeout(() => r("late"), 15_000))]);
      if (done === "late") process.kill(-proc.pid!, "SIGKILL");
    },
  };
}
