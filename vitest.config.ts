import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Next enforces "server-only" at build time; in service tests the import is a no-op.
      "server-only": path.resolve(import.meta.dirname, "lib/testing/empty-module.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts"],
    setupFiles: ["lib/testing/setup-db.ts"],
    // the services' info logs (one line per webhook attempt, ...) would bury the test output; warnings still show
    env: { AXYS_LOG_LEVEL: process.env.AXYS_LOG_LEVEL ?? "warn" },
    pool: "forks",
    // A stray .only would silently drop the rest of the suite: refuse it everywhere, not only when CI is set.
    allowOnly: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
