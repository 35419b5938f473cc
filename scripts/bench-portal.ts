/**
 * Portal benchmark: the production build served by scripts/server.mjs (as `npm start` runs it) on a fresh, seeded
 * database (the demo: Acme Cards, 3,000 transactions), N sessions of the demo admin signed in through next-auth's
 * credentials endpoint, then autocannon against the main signed-in pages at each concurrency (one connection per
 * session, each request carrying one of the sessions' cookies in turn), and in the same run the floors: the
 * signed-out /login page and a bare route of the app (/api/health/live).
 *   npm run bench:portal [-- --sessions 5,50 --duration 10 --db sqlite,postgres --pg postgresql://... --port 4400
 *                           --no-build --cpu-prof <dir>]
 * PostgreSQL runs when --pg <url> or TEST_DATABASE_URL=postgresql://... is given (a fresh database is created and
 * dropped). Builds once (`next build`) unless --no-build. --cpu-prof writes the server's CPU profile (node
 * --cpu-prof) to <dir> when it stops. The load generator runs in this process, on the same machine.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import pg from "pg";

const { values: args } = parseArgs({
  options: {
    sessions: { type: "string", default: "5,50" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    db: { type: "string", default: "sqlite,postgres" },
    pg: { type: "string" },
    port: { type: "string", default: "4400" },
    "no-build": { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
    pages: { type: "string" },
  },
});

const ROOT = path.resolve(import.meta.dirname, "..");
const EMAIL = "admin@acme.test";
const PASSWORD = "axys-demo-password";
const SECRET = "bench-portal-secret-0123456789abcdef0123";

interface Target {
  name: string;
  path: string;
  signedIn: boolean;
}
interface Row {
  db: string;
  sessions: number;
  target: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  timeouts: number;
  /** Requests sent but neither answered nor failed when the run ended (a page that stalls shows here, not in timeouts). */
  unanswered: number;
  ratio?: number;
}

type Autocannon = (
  opts: Record<string, unknown>,
  cb: (
    err: Error | null,
    r: {
      errors: number;
      timeouts: number;
      non2xx: number;
      duration: number;
      /** sent: requests written; total: responses received (autocannon's aggregate result) */
      requests: { sent: number; total: number };
    },
  ) => void,
) => NodeJS.EventEmitter & { stop(): void };
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed (exit ${r.status})`);
}

const pct = (xs: number[], p: number) =>
  xs.length ? xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))] : NaN;

/** One autocannon run: `connections` keep-alive connections for `durationS`, cookies taken in turn. */
function load(url: string, connections: number, durationS: number, cookies: string[]) {
  return new Promise<Omit<Row, "db" | "sessions" | "target">>((resolve, reject) => {
    const latencies: number[] = [];
    let next = 0;
    const inst = autocannon(
      {
        url,
        connections,
        duration: durationS,
        timeout: 10,
        requests: [
          {
            method: "GET",
            setupRequest: (req: { headers?: Record<string, string> }) =>
              cookies.length ? { ...req, headers: { ...req.headers, cookie: cookies[next++ % cookies.length] } } : req,
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        latencies.sort((a, b) => a - b);
        resolve({
          rps: latencies.length / r.duration,
          p50: Math.round(pct(latencies, 50)),
          p95: Math.round(pct(latencies, 95)),
          p99: Math.round(pct(latencies, 99)),
          // anything but a 2xx is an error: a signed-in page answering a redirect to /login failed
          errors: r.errors + r.non2xx,
          timeouts: r.timeouts,
          // autocannon's errors include its timeouts; what is left was still in flight at the end
          unanswered: Math.max(0, r.requests.sent - r.requests.total - r.errors),
        });
      },
    );
    inst.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
}

async function waitLive(base: string, server: ChildProcess) {
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}); see its log`);
    try {
      if ((await fetch(`${base}/api/health/live`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new Error("server not live after 60 s");
}

/** Signs in through next-auth's credentials flow; returns the session cookie ("name=value"). */
async function signIn(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: EMAIL, password: PASSWORD, json: "true" }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  // a session still owing a second factor would be refused by every page: check it is complete
  const me = (await (await fetch(`${base}/api/auth/session`, { headers: { cookie: session } })).json()) as {
    user?: { email?: string };
  };
  const page = await fetch(`${base}/programs`, { headers: { cookie: session }, redirect: "manual" });
  if (me.user?.email !== EMAIL || page.status !== 200)
    throw new Error(`signed-in session refused (/programs answered ${page.status}): is a second factor required?`);
  return session;
}

async function bench(kind: "sqlite" | "postgres", pgUrl: string | undefined, port: number): Promise<Row[]> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "axys-bench-portal-"));
  let url: string;
  let dropDb: (() => Promise<void>) | undefined;
  if (kind === "sqlite") url = `file:${path.join(tmp, "bench.db")}`;
  else {
    const name = `axys_bench_portal_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(pgUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    NEXTAUTH_URL: base,
    NEXTAUTH_SECRET: SECRET,
    AXYS_LOG_FORMAT: "json",
  };
  delete env.TEST_DATABASE_URL;
  let server: ChildProcess | undefined;
  try {
    console.error(`${kind}: migrating and seeding the demo ...`);
    // the PostgreSQL schema is derived from the SQLite one (npm's postinstall does it too)
    if (kind === "postgres") run("node", ["prisma/derive-pg-schema.mjs"], env);
    run("npx", ["prisma", "migrate", "deploy"], env);
    run("npx", ["tsx", "--conditions=react-server", "prisma/seed.ts"], env);
    const logFile = path.join(tmp, "server.log");
    const prof = args["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(args["cpu-prof"])}`] : [];
    server = spawn(process.execPath, [...prof, "scripts/server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", openSync(logFile, "a"), openSync(logFile, "a")],
    });
    await waitLive(base, server);
    const levels = args.sessions!.split(",").map(Number);
    const cookies: string[] = [];
    for (let i = 0; i < Math.max(...levels); i++) cookies.push(await signIn(base));
    const programHtml = await (await fetch(`${base}/programs`, { headers: { cookie: cookies[0] } })).text();
    const programId = /href="\/programs\/(?!new")([^"/?]+)"/.exec(programHtml)?.[1];
    if (!programId) throw new Error("no Program link on /programs");
    const all: Target[] = [
      { name: "/login (floor)", path: "/login", signedIn: false },
      { name: "/api/health/live (floor)", path: "/api/health/live", signedIn: false },
      { name: "/programs", path: "/programs", signedIn: true },
      { name: "/programs/[id]", path: `/programs/${programId}`, signedIn: true },
      { name: "/monitoring", path: "/monitoring", signedIn: true },
      { name: "/monitoring/transactions", path: "/monitoring/transactions", signedIn: true },
      { name: "/audit", path: "/audit", signedIn: true },
    ];
    const only = args.pages?.split(",");
    const targets = all.filter((t) => !t.signedIn || !only || only.some((o) => t.path.startsWith(o)));
    const rows: Row[] = [];
    for (const sessions of levels) {
      const jar = cookies.slice(0, sessions);
      for (const t of targets) {
        const c = t.signedIn ? jar : [];
        // warm-up (not measured): JIT, caches, connection pools
        if (Number(args.warmup) > 0) await load(`${base}${t.path}`, sessions, Number(args.warmup), c);
        const r = await load(`${base}${t.path}`, sessions, Number(args.duration), c);
        const row = { db: kind, sessions, target: t.name, ...r };
        console.error(
          `${kind} ${sessions} sessions ${t.name}: ${r.rps.toFixed(1)} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, ${r.errors} errors, ${r.timeouts} timeouts, ${r.unanswered} unanswered at the end`,
        );
        rows.push(row);
      }
      const login = rows.find((r) => r.sessions === sessions && r.db === kind && r.target.startsWith("/login"));
      for (const r of rows) if (r.sessions === sessions && r.db === kind && login) r.ratio = r.rps / login.rps;
    }
    return rows;
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server!.once("exit", r));
    }
    await dropDb?.();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function report(rows: Row[]) {
  console.log(
    `\n| database | sessions | page | req/s | p50 ms | p95 ms | p99 ms | errors | timeouts | unanswered at the end | ratio to /login |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|---|---|---|`);
  for (const r of rows)
    console.log(
      `| ${r.db} | ${r.sessions} | ${r.target} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.timeouts} | ${r.unanswered} | ${r.ratio?.toFixed(2) ?? ""} |`,
    );
}

async function main() {
  const pgUrl =
    args.pg ??
    (/^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? "") ? process.env.TEST_DATABASE_URL : undefined);
  const kinds = args.db!.split(",").filter((k) => k === "sqlite" || (k === "postgres" && pgUrl)) as (
    "sqlite" | "postgres"
  )[];
  if (args.db!.includes("postgres") && !pgUrl)
    console.error("PostgreSQL skipped: give --pg postgresql://... or TEST_DATABASE_URL");
  if (!args["no-build"]) {
    console.error("building (next build) ...");
    run("npx", ["next", "build"], { ...process.env, NODE_ENV: "production" });
  }
  console.error(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1))}`);
  const rows: Row[] = [];
  for (const kind of kinds) rows.push(...(await bench(kind, pgUrl, Number(args.port))));
  report(rows);
  console.error(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1))}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
