import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3200);
// The support servers' ports and certificate follow E2E_PORT (3200 -> 5398/5399), so two checkouts can run
// their suites side by side with different E2E_PORTs. Exported for the specs (they run in worker processes).
const RECEIVER_PORT = Number(process.env.E2E_RECEIVER_PORT ?? PORT + 2198);
const DNS_PORT = Number(process.env.E2E_DNS_PORT ?? PORT + 2199);
const METRICS_PORT = Number(process.env.E2E_METRICS_PORT ?? PORT + 2197);
process.env.E2E_METRICS_PORT = String(METRICS_PORT);
const RECEIVER_CA = `/tmp/axys-e2e-receiver-${PORT}/cert.pem`;
process.env.E2E_RECEIVER_PORT = String(RECEIVER_PORT);
process.env.E2E_DNS_PORT = String(DNS_PORT);
// SQLite by default; E2E_DATABASE_URL=postgresql://... runs the same suite against PostgreSQL
// (the test runner creates that database fresh). Exported to the fixtures, which use the CLI on it.
const DB = process.env.E2E_DATABASE_URL ?? "file:./e2e.db";
process.env.E2E_DATABASE_URL = DB;
// The app server's output (JSON logs) goes to a file: scripts/test-all.mjs scans it for secrets after the run
// and prints its errors.
const SERVER_LOG = process.env.E2E_SERVER_LOG ?? `test-results/e2e-server-${PORT}.log`;

export default defineConfig({
  testDir: "./e2e",
  // The every-route sweep checks layout and accessibility, which do not depend on the database: it runs in the
  // SQLite pass only, keeping the PostgreSQL pass (and CI) shorter.
  testIgnore: DB.startsWith("file:") ? [] : ["every-route.spec.ts"],
  timeout: 45_000,
  expect: { timeout: 10_000 },
  retries: 0,
  // A stray test.only would silently drop the rest of the suite: refuse it everywhere, not only when CI is set.
  forbidOnly: true,
  workers: 2,
  fullyParallel: true,
  // The test runner (scripts/test-all.mjs) asks for a JSON report to total all suites.
  reporter: process.env.E2E_JSON_REPORT ? [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT }]] : "list",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    // fresh SQLite file per run, migrations applied, then the production build (npm run build first) served
    // through scripts/server.mjs (the client IP from the socket, as in npm start)
    // plus a loopback DNS server for FCrDNS checks and an HTTPS webhook receiver (e2e/support/)
    command: `(E2E_DNS_PARENT=$$ node e2e/support/dns-server.mjs &) && (E2E_DNS_PARENT=$$ node e2e/support/webhook-receiver.mjs &) && ${DB.startsWith("file:") ? `rm -f ${DB.slice(5)} && ` : ""}npx prisma migrate deploy && mkdir -p ${path.dirname(SERVER_LOG)} && node scripts/server.mjs -p ${PORT} > ${SERVER_LOG} 2>&1`,
    // ready = migrated, CA keys unsealed, the in-process webhook worker beating (lib/health/checks.ts)
    url: `http://127.0.0.1:${PORT}/api/health/ready`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      DATABASE_URL: DB,
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
      NEXTAUTH_SECRET: "e2e-secret-0123456789abcdef0123456789",
      AXYS_LOG_FORMAT: "json",
      AXYS_METRICS_PORT: String(METRICS_PORT),
      AXYS_METRICS_TOKEN: "e2e-metrics-token",
      AXYS_DNS_SERVERS: `127.0.0.1:${DNS_PORT}`,
      E2E_DNS_PORT: String(DNS_PORT),
      E2E_RECEIVER_PORT: String(RECEIVER_PORT),
      AXYS_WEBHOOK_ALLOW_LOOPBACK: "1",
      AXYS_WEBHOOK_EXTRA_CA_FILE: RECEIVER_CA,
      // e2e/client-ip.spec.ts connects from 127.0.0.3 as "the proxy" (the browser tests come from 127.0.0.1)
      AXYS_TRUSTED_PROXIES: "127.0.0.3/32",
      // browsers refuse WebAuthn on an IP address: passkeys are bound to localhost (e2e/two-factor.spec.ts)
      AXYS_PASSKEY_ORIGIN: `http://localhost:${PORT}`,
    },
  },
});
