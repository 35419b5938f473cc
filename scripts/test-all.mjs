// `npm test`: every suite, on SQLite and, when TEST_DATABASE_URL is a PostgreSQL URL, on PostgreSQL too:
// service tests (Vitest), a production build, end-to-end tests (Playwright in Debian's Chromium).
// Ends with one line "N passed, N failed" totalling all suites.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const pgUrl = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? "") ? process.env.TEST_DATABASE_URL : null;
const results = []; // { suite, passed, failed }
mkdirSync("test-results", { recursive: true });

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(" ")}`);
  return spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } }).status;
}

function readJson(file) {
  try { return JSON.parse(readFileSync(file, "utf8")); } catch { return null; }
}

function vitest(suite, env) {
  const out = `test-results/${suite}.json`;
  rmSync(out, { force: true });
  const code = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${out}`], env);
  const r = readJson(out);
  results.push(r ? { suite, passed: r.numPassedTests, failed: r.numFailedTests + (code !== 0 && r.numFailedTests === 0 ? 1 : 0) } : { suite, passed: 0, failed: 1 });
}

function playwright(suite, env) {
  const out = `test-results/${suite}.json`;
  rmSync(out, { force: true });
  const code = run("npx", ["playwright", "test"], { ...env, E2E_JSON_REPORT: out });
  const s = readJson(out)?.stats;
  results.push(s ? { suite, passed: s.expected + s.flaky, failed: s.unexpected + (code !== 0 && s.unexpected === 0 ? 1 : 0) } : { suite, passed: 0, failed: 1 });
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

if (run("npx", ["next", "build"]) !== 0) results.push({ suite: "build", passed: 0, failed: 1 });
else if (!ensureChromium()) results.push({ suite: "e2e", passed: 0, failed: 1 });
else {
  playwright("e2e-sqlite", { E2E_DATABASE_URL: "file:./e2e.db" });
  if (pgUrl) await withPgDatabase((url) => playwright("e2e-postgres", { E2E_DATABASE_URL: url }));
}

console.log("\nsuite results:");
for (const r of results) console.log(`  ${r.suite.padEnd(14)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
