import { randomBytes } from "node:crypto";
import path from "node:path";
import { defineConfig } from "vitest/config";

// `npm run test:cluster`: several processes on one PostgreSQL database (cluster/cluster.test.ts). Needs
// TEST_DATABASE_URL (a PostgreSQL server where it may create a database) and an existing `next build`.
// The run's database is made and dropped by cluster/global-setup.ts; every process of the run shares these.
const base = process.env.TEST_DATABASE_URL ?? "";
const url = /^postgres(ql)?:\/\//.test(base) ? new URL(base) : null;
if (url) url.pathname = `/axys_cluster_${randomBytes(4).toString("hex")}`;
process.env.CLUSTER_DATABASE_URL ??= url?.toString() ?? "";
process.env.CLUSTER_MASTER_KEY ??= randomBytes(32).toString("base64");

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "lib/testing/empty-module.ts"),
    },
  },
  test: {
    include: ["cluster/**/*.test.ts"],
    globalSetup: ["cluster/global-setup.ts"],
    env: {
      DATABASE_URL: process.env.CLUSTER_DATABASE_URL,
      AXYS_CA_MASTER_KEY: process.env.CLUSTER_MASTER_KEY,
      AXYS_LOG_LEVEL: process.env.AXYS_LOG_LEVEL ?? "warn",
      AXYS_AM_RATE_LIMIT: "100",
    },
    pool: "forks",
    fileParallelism: false,
    allowOnly: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
