import { command, flag, type Command } from "@/lib/cli/command";
import { readFile } from "@/lib/cli/commands";
import { CliError } from "@/lib/cli/io";
import { generateDemoTransactions } from "@/lib/monitoring/generate";
import { ingestInBatches, type IngestResult } from "@/lib/monitoring/ingest";
import { setPartnerVisibility } from "@/lib/partners/service";

/** A JSON array, or JSON lines (one object a line), from a file or standard input. */
async function readItems(source: string, readStdin: () => Promise<string>): Promise<unknown[]> {
  const text =
    source === "-"
      ? await readStdin().catch(() => {
          throw new CliError("USAGE", `Cannot read ${source}.`, "file");
        })
      : readFile(source, "file");
  const t = text.trim();
  if (!t) throw new CliError("VALIDATION", "The input is empty.", "file");
  try {
    if (t.startsWith("[")) return JSON.parse(t) as unknown[];
    return t
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));
  } catch (e) {
    throw new CliError("VALIDATION", `The input is not a JSON array or JSON lines: ${(e as Error).message}`, "file");
  }
}

const summary = (r: IngestResult) => `${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged`;

/** `<kind> ingest --tenant acme --file x.jsonl|-`: the card platform's records of one kind, idempotently. */
function ingestCommand(kind: "transactions" | "balances", shape: string): Command {
  return command({
    usage: `--tenant acme --file ${kind === "transactions" ? "txns" : kind}.jsonl|-   ${shape}`,
    flags: { tenant: flag.text(), file: flag.text() },
    context: { tenant: "tenant" },
    async run(ctx, f, io) {
      const r = await ingestInBatches(ctx, kind, await readItems(f.file, io.readStdin));
      return { json: r, text: `${kind}: ${summary(r)}` };
    },
  });
}

/** Monitoring data from the card platform, demo data, and partner visibility. */
export const MONITORING_COMMANDS: Record<string, Command> = {
  "transactions ingest": ingestCommand(
    "transactions",
    "(JSON array or lines: {id, programId, environment?, type, status, amount, currency, cardLast4, cardholderRef, merchantName?, merchantCategory?, merchantCountry?, reference?, createdAt})",
  ),
  "balances ingest": ingestCommand("balances", "(JSON array or lines: {programId, environment?, asset, amount, asOf})"),
  "demo transactions": command({
    usage:
      "--tenant acme --count 1000000 [--days 90] [--seed 1] [--env production|staging]   (not in production deployments)",
    flags: {
      tenant: flag.text(),
      count: flag.wholeNumber(),
      days: flag.wholeNumber(90),
      seed: flag.wholeNumber(1),
      env: flag.optionalEnvironment("production"),
    },
    context: { tenant: "tenant" },
    async run(ctx, f) {
      const started = Date.now();
      const r = await generateDemoTransactions(ctx, {
        count: f.count,
        days: f.days,
        seed: f.seed,
        environment: f.env,
        onProgress: (n) => {
          if (n % 100_000 < 2000) process.stderr.write(`${n.toLocaleString("en")} transactions...\n`);
        },
      });
      const secs = (Date.now() - started) / 1000;
      return {
        json: { ...r, seconds: secs },
        text: `${summary(r.transactions)} across ${r.programs} programs, ${r.balances} balance snapshots, in ${secs.toFixed(1)} s`,
      };
    },
  }),
  "partner visibility": command({
    usage:
      "--tenant acme --program prg_... --transactions on|off [--merchant on|off] --balances on|off --granularity individual|daily",
    flags: {
      tenant: flag.text(),
      program: flag.text(),
      transactions: flag.onOff(),
      merchant: flag.onOff("off"),
      balances: flag.onOff(),
      granularity: flag.oneOf(["individual", "daily"]),
    },
    context: { tenant: "tenant" },
    async run(ctx, f) {
      const v = await setPartnerVisibility(ctx, {
        programId: f.program,
        exposeTransactions: f.transactions,
        includeMerchant: f.merchant,
        exposeBalances: f.balances,
        granularity: f.granularity,
      });
      return {
        json: v,
        text: `partners now see: transactions ${v.transactions ? `on (${v.granularity}${v.includeMerchant ? ", with merchant" : ""})` : "off"}, balances ${v.balances ? "on" : "off"}`,
      };
    },
  }),
};
