export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError("USAGE", "Expected the value on standard input (e.g. printf '%s' \"$PASSWORD\" | axys ...).");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}
