import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

export type CliResult = { code: number | null; signal: NodeJS.Signals | null; out: string; err: string };

/** Runs the real admin CLI in a child process against the calling test file's database. */
export function axys(args: string[], input?: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(tsx, ["--conditions=react-server", "lib/cli/main.ts", ...args], {
    cwd: root,
    input,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, ...env },
    timeout: 60_000,
  });
  return { code: r.status, signal: r.signal, out: r.stdout.trim(), err: r.stderr.trim() };
}

export type CliRefusal = { exit: number; code: string; message: string; field?: string };

/**
 * The error a refused CLI run printed, with its exit code: `{ exit, code, message, field? }` from the `--json`
 * output (`{"error":{...}}` on stdout) or from the text form (`error (CODE): message` on stderr).
 * Throws when the CLI succeeded, was killed or timed out (a hung CLI also "exits non-zero"), or printed no error,
 * so a refusal test asserts what was refused, not merely that something went wrong.
 */
export function cliErrorOf(r: CliResult): CliRefusal {
  const show = `stdout: ${r.out.slice(0, 500)}\nstderr: ${r.err.slice(0, 500)}`;
  if (r.code === null)
    throw new Error(`the CLI did not exit (signal ${r.signal ?? "none"}: killed or timed out)\n${show}`);
  if (r.code === 0) throw new Error(`expected the CLI to refuse, but it exited 0\n${show}`);
  let error: { code?: unknown; message?: unknown; field?: unknown } | undefined;
  try {
    error = (JSON.parse(r.out) as { error?: typeof error }).error;
  } catch {
    const m = /^error \(([A-Z_]+)\): ([\s\S]*)$/.exec(r.err.split("\n").find((l) => l.startsWith("error (")) ?? "");
    if (m) error = { code: m[1], message: m[2] };
  }
  if (typeof error?.code !== "string" || typeof error.message !== "string") {
    throw new Error(
      `the CLI exited ${r.code} without an error of the form {"error":{"code","message"}} or "error (CODE): message"\n${show}`,
    );
  }
  return {
    exit: r.code,
    code: error.code,
    message: error.message,
    ...(typeof error.field === "string" ? { field: error.field } : {}),
  };
}
