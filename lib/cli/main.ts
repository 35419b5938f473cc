/**
 * The admin CLI for Axys staff operations: `npm run --silent axys -- <noun> <verb> [flags] [--json]`.
 * It calls the same domain services as the portal, as the `axys_operator` role.
 */
import { parseArgs } from "node:util";
import type { Command } from "@/lib/cli/command";
import { COMMANDS as BASE_COMMANDS } from "@/lib/cli/commands";
import { BANK_COMMANDS } from "@/lib/cli/commands-bank";
import { FEE_COMMANDS } from "@/lib/cli/commands-fees";
import { LEGAL_COMMANDS } from "@/lib/cli/commands-legal";
import { MAIL_COMMANDS } from "@/lib/cli/commands-mail";
import { MASTER_KEY_COMMANDS } from "@/lib/cli/commands-masterkey";
import { MONITORING_COMMANDS } from "@/lib/cli/commands-monitoring";
import { USER_COMMANDS } from "@/lib/cli/commands-users";
import { TWO_FACTOR_COMMANDS } from "@/lib/cli/commands-two-factor";

/** Each capability may keep its commands in its own file. */
const COMMANDS: Record<string, Command> = {
  ...BASE_COMMANDS,
  ...USER_COMMANDS,
  ...BANK_COMMANDS,
  ...LEGAL_COMMANDS,
  ...FEE_COMMANDS,
  ...MONITORING_COMMANDS,
  ...MASTER_KEY_COMMANDS,
  ...TWO_FACTOR_COMMANDS,
  ...MAIL_COMMANDS,
};
import { CliError, readStdin } from "@/lib/cli/io";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";

const USAGE = `usage: axys <noun> <verb> [flags] [--json]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  axys ${name} ${c.usage}`)
  .join("\n")}
`;

async function main(argv: string[]): Promise<number> {
  const [noun, verb, ...rest] = argv;
  const json = rest.includes("--json");
  const name = `${noun} ${verb}`;
  const command = COMMANDS[name];
  if (!command) {
    if (!noun || noun === "help" || noun === "--help") {
      process.stdout.write(USAGE);
      return 0;
    }
    return fail(json, new CliError("USAGE", `Unknown command "${[noun, verb].filter(Boolean).join(" ")}".\n${USAGE}`));
  }
  try {
    const options = Object.fromEntries(Object.entries(command.flags).map(([name, f]) => [name, { type: f.type }]));
    const { values } = parseArgs({
      args: rest,
      options: { ...options, json: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    });
    const result = await command.execute(values, { readStdin });
    if (json) process.stdout.write(JSON.stringify(result.json) + "\n");
    else process.stdout.write(result.text + "\n");
    return 0;
  } catch (e) {
    return fail(json, e);
  }
}

function fail(json: boolean, e: unknown): number {
  const error =
    isAppError(e) || e instanceof CliError
      ? { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) }
      : (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
        ? { code: "USAGE", message: (e as Error).message }
        : { code: "INTERNAL", message: "Internal error; nothing was changed. See the log for details." };
  if (error.code === "INTERNAL") console.error(e);
  if (json) process.stdout.write(JSON.stringify({ error }) + "\n");
  else process.stderr.write(`error (${error.code}): ${error.message}\n`);
  return error.code === "USAGE" ? 64 : 1;
}

main(process.argv.slice(2)).then(async (code) => {
  await db.$disconnect();
  process.exit(code);
});
