// The cluster harness's pieces: processes started with compose.yaml's commands (each in its own process group, so
// SIGKILL reaches what npx/tsx started), a cookie jar over fetch, and server actions called as the browser does.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { composeService } from "./compose";

export const LOG_DIR = "test-results/cluster";

export interface Proc {
  name: string;
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
  kill: (signal?: NodeJS.Signals) => void;
  alive: () => boolean;
}

const started = new Set<string>();

/** Starts compose service `service`'s command with its literal settings plus `env`, `-p 3000` replaced by `port`. */
export function startService(name: string, service: string, env: Record<string, string>, port?: number): Proc {
  const s = composeService(service);
  const [cmd, ...args] = s.command.map((a) => (port && a === "3000" ? String(port) : a));
  mkdirSync(LOG_DIR, { recursive: true });
  const log = path.join(LOG_DIR, `${name}.log`);
  // a run's first start of a service begins its log afresh (a log left by an earlier run would answer its queries,
  // e.g. a worker's id); a restart within the run appends
  const fd = openSync(log, started.has(name) ? "a" : "w");
  started.add(name);
  const child = spawn(cmd, args, {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, ...s.environment, AXYS_LOG_FORMAT: "json", AXYS_LOG_LEVEL: "info", ...env },
  });
  let done = false;
  const exited = new Promise<number | null>((r) =>
    child.on("exit", (code, sig) => {
      done = true;
      r(code ?? (sig ? -1 : null));
    }),
  );
  return {
    name,
    child,
    log,
    exited,
    alive: () => !done,
    kill: (signal = "SIGTERM") => {
      if (done) return;
      try {
        process.kill(-child.pid!, signal); // the whole group: npx, tsx and node
      } catch {
        /* gone */
      }
    },
  };
}

export async function stopAll(procs: Proc[]) {
  for (const p of procs) p.kill("SIGTERM");
  await Promise.race([Promise.all(procs.map((p) => p.exited)), sleep(8_000)]);
  for (const p of procs) p.kill("SIGKILL");
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value or `ms` pass (then throws with `what`). */
export async function until<T>(
  what: string,
  check: () => Promise<T> | T,
  ms = 30_000,
  every = 250,
): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end)
      throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await sleep(every);
  }
}

export async function ready(url: string): Promise<boolean> {
  const r = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  return r.status === 200;
}

/** Lines of a process's JSON log matching `re`. */
export function logLines(p: Proc, re: RegExp): string[] {
  return readFileSync(p.log, "utf8")
    .split("\n")
    .filter((l) => re.test(l));
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

/** A browser's cookies, sent to whichever instance: the instances share the session secret and the database. */
export class Jar {
  cookies = new Map<string, string>();

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async fetch(base: string, p: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Reply> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.header());
    const res = await fetch(base + p, {
      ...init,
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(init.timeoutMs ?? 20_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const [k, v] = [pair.slice(0, i), pair.slice(i + 1)];
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || v === "") this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** next-auth's credentials sign-in, as e2e/fixtures.ts does it. Returns the signed-in email or null. */
  async signIn(base: string, email: string, password: string): Promise<string | null> {
    const { csrfToken } = JSON.parse((await this.fetch(base, "/api/auth/csrf")).text);
    await this.fetch(base, "/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
    });
    return this.sessionEmail(base);
  }

  async sessionEmail(base: string): Promise<string | null> {
    const s = JSON.parse((await this.fetch(base, "/api/auth/session")).text || "null");
    return s?.user?.email ?? null;
  }

  /**
   * Calls a server action the way React does: POST to the page with the Next-Action id. A form action
   * (useActionState) gets (null, FormData); any other gets its JSON argument. Returns the ActionResult.
   */
  async action(base: string, page: string, id: string, arg: Record<string, string> | unknown, form: boolean) {
    let body: BodyInit;
    const headers: Record<string, string> = { "next-action": id, accept: "text/x-component" };
    if (form) {
      const fd = new FormData();
      // React's encodeReply: the FormData's entries first (prefixed "_1_"), the root last
      for (const [k, v] of Object.entries(arg as Record<string, string>)) fd.append(`_1_${k}`, v);
      fd.append("0", JSON.stringify([null, "$K1"]));
      body = fd;
    } else {
      body = JSON.stringify([arg]);
      headers["content-type"] = "text/plain;charset=UTF-8";
    }
    const r = await this.fetch(base, page, { method: "POST", headers, body });
    return { status: r.status, result: actionResult(r.text), text: r.text };
  }
}

/** The action's return value in a React Flight answer (row 0: `{ a: <result>, ... }`), or null. */
export type ActionResult = { ok: boolean; data?: Record<string, unknown>; code?: string; message?: string };
function actionResult(text: string): ActionResult | null {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  try {
    const a = JSON.parse(rows.get("0") ?? "null")?.a;
    const ref = typeof a === "string" ? /^\$@([0-9a-f]+)$/.exec(a) : null;
    return ref ? JSON.parse(rows.get(ref[1]) ?? "null") : (a ?? null);
  } catch {
    return null;
  }
}

/** Server action ids by exported name, from the build's manifest (they change with every build). */
export function actionIds(): Record<string, string> {
  const m = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  return Object.fromEntries(
    Object.entries(m.node)
      .filter(([, e]) => e.exportedName)
      .map(([id, e]) => [e.exportedName!, id]),
  );
}
