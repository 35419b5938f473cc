// `npm test`: every suite, on SQLite and, when TEST_DATABASE_URL is a PostgreSQL URL, on PostgreSQL too:
// service tests (Vitest), a production build, end-to-end tests (Playwright in Debian's Chromium), and on PostgreSQL
// the cluster harness (cluster/, npm run test:cluster) against that build.
// Prints each suite's passed, failed and skipped counts, then the skipped total, and ends with exactly one line
// "N passed, N failed" totalling all suites (CI greps `^[0-9]+ passed, [0-9]+ failed$`). A test that did not run
// (skipped, todo, never reached) counts as failed unless scripts/allowed-skips.json lists it with a reason.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { countRequestLines, findSecrets } from "../lib/log/secret-scan.js";
import { allowedSkipTitles, playwrightCounts, playwrightTestCount, summary, vitestCounts } from "./suite-counts.mjs";

const pgUrl = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? "") ? process.env.TEST_DATABASE_URL : null;
const results = []; // { suite, passed, failed, skipped, allowedSkipped, notes }
const allowed = allowedSkipTitles(JSON.parse(readFileSync(new URL("./allowed-skips.json", import.meta.url), "utf8")));
mkdirSync("test-results", { recursive: true });

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(" ")}`);
  return spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } }).status;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function vitest(suite, env, args = []) {
  const out = `test-results/${suite}.json`;
  rmSync(out, { force: true });
  const code = run(
    "npx",
    ["vitest", "run", ...args, "--reporter=default", "--reporter=json", `--outputFile=${out}`],
    env,
  );
  results.push({ suite, ...vitestCounts(readJson(out), { exitCode: code, allowed }) });
}

function playwright(suite, env) {
  const out = `test-results/${suite}.json`;
  rmSync(out, { force: true });
  // How many tests the suite has, before running it: tests the run never reaches count as failed.
  const listed = spawnSync("npx", ["playwright", "test", "--list", "--reporter=json"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  let count = 0;
  try {
    count = playwrightTestCount(JSON.parse(listed.stdout));
  } catch {
    console.error(`could not list the ${suite} tests:\n${listed.stderr}`);
  }
  const serverLog = `test-results/${suite}-server.log`;
  rmSync(serverLog, { force: true });
  const code = run("npx", ["playwright", "test"], { ...env, E2E_JSON_REPORT: out, E2E_SERVER_LOG: serverLog });
  const r = playwrightCounts(readJson(out), { listed: count, exitCode: code, allowed });
  if (!count) {
    r.failed += 1;
    r.notes.push("playwright test --list found no tests");
  }
  results.push({ suite, ...r });
  results.push(scanServerLog(`${suite}-logs`, serverLog));
}

/**
 * The app server's log of a whole end-to-end run: it must hold the access log (one JSON line per request) and no
 * secret (secret-scan.js: every API key, webhook secret, private key, CSR and invitation token by shape, and the
 * run's own password and session secret). Its error lines are printed for whoever reads a failed run.
 */
function scanServerLog(suite, file) {
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const errors = text.split("\n").filter((l) => /"level":"(error|fatal)"/.test(l));
  if (errors.length)
    console.log(
      `\n${suite}: ${errors.length} error line(s) in ${file}, the first 40:\n${errors.slice(0, 40).join("\n")}`,
    );
  const requests = countRequestLines(text);
  const hits = findSecrets(text, {
    "e2e password": "e2e-password-123",
    "session secret": "e2e-secret-0123456789abcdef0123456789",
    "metrics token": "e2e-metrics-token",
  });
  const notes = [
    ...(requests < 100 ? [`${file}: ${requests} access-log lines (expected the whole run's requests)`] : []),
    ...hits.map((h) => `${file}:${h.line}: ${h.name} in the server log`),
  ];
  console.log(`\n${suite}: ${requests} requests logged, ${hits.length} secret(s) found`);
  return { suite, passed: notes.length ? 0 : 1, failed: notes.length ? 1 : 0, skipped: 0, allowedSkipped: 0, notes };
}

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(path)) return true;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("Debian's chromium is missing: installing it (apt-get install chromium) for the end-to-end tests.");
    run("apt-get", ["update", "-qq"]);
    if (run("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" }) === 0) return true;
  }
  console.error(`No Chromium at ${path}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
  return false;
}

async function withPgDatabase(fn) {
  const pg = (await import("pg")).default;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const name = `axys_e2e_${randomBytes(4).toString("hex")}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

vitest("unit-sqlite", { TEST_DATABASE_URL: "" });
if (pgUrl) vitest("unit-postgres", { TEST_DATABASE_URL: pgUrl });

const broken = (suite, note) => ({ suite, passed: 0, failed: 1, skipped: 0, allowedSkipped: 0, notes: [note] });
if (run("npx", ["next", "build"]) !== 0) results.push(broken("build", "next build failed"));
else {
  if (!ensureChromium()) results.push(broken("e2e", "no Chromium"));
  else {
    playwright("e2e-sqlite", { E2E_DATABASE_URL: "file:./e2e.db" });
    if (pgUrl) await withPgDatabase((url) => playwright("e2e-postgres", { E2E_DATABASE_URL: url }));
  }
  // several instances, workers and the gateway on one PostgreSQL database, with faults (npm run test:cluster):
  // it serves the build above and makes its own database on the server
  if (pgUrl) vitest("cluster", { TEST_DATABASE_URL: pgUrl }, ["-c", "vitest.cluster.config.ts"]);
}

const { lines, failed } = summary(results);
console.log(`\n${lines.join("\n")}`);
process.exit(failed ? 1 : 0);
