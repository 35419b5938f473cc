import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

/** Runs the real admin CLI in a child process against the calling test file's database. */
export function axys(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(tsx, ["--conditions=react-server", "lib/cli/main.ts", ...args], {
    cwd: root, input, encoding: "utf8", env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, ...env }, timeout: 60_000,
  });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}
