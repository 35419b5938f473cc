export class CliError extends Error {
  constructor(readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError("USAGE", "Expected the value on standard input (e.g. printf '%s' \"$PASSWORD\" | axys ...).");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

export type Flags = Record<string, string | boolean | undefined>;
export interface CommandResult { json: unknown; text: string }
export interface Command {
  usage: string;
  options: Record<string, { type: "string" | "boolean" }>;
  run(flags: Flags, io: { readStdin: () => Promise<string> }): Promise<CommandResult>;
}

export function required(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== "string" || v === "") throw new CliError("USAGE", `Missing --${name}.`, name);
  return v;
}
