import { readFileSync } from "node:fs";
import { operatorCtx } from "@/lib/auth/context";
import { CliError, required, type Command } from "@/lib/cli/io";
import { generateDemoTransactions } from "@/lib/monitoring/generate";
import { ingestBalances, ingestTransactions, MAX_INGEST_BATCH, type IngestResult } from "@/lib/monitoring/ingest";
import { setPartnerVisibility } from "@/lib/partners/service";
import { unsafeFindTenantBySlug } from "@/lib/tenants/service";

const tenantCtx = async (slug: string) => operatorCtx({ tenantId: (await unsafeFindTenantBySlug(operatorCtx({}), slug)).id });

/** A JSON array, or JSON lines (one object a line), from a file or standard input. */
async function readItems(source: string, readStdin: () => Promise<string>): Promise<unknown[]> {
  let text: string;
  try {
    text = source === "-" ? await readStdin() : readFileSync(source, "utf8");
  } catch {
    throw new CliError("USAGE", `Cannot read ${source}.`, "file");
  }
  const t = text.trim();
  if (!t) throw new CliError("VALIDATION", "The input is empty.", "file");
  try {
    if (t.startsWith("[")) return JSON.parse(t) as unknown[];
    return t.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l));
  } catch (e) {
    throw new CliError("VALIDATION", `The input is not a JSON array or JSON lines: ${(e as Error).message}`, "file");
  }
}

/**
 * Ingests in batches. Each batch is one database transaction; a refused batch changes nothing, and
 * batches before it stay (re-running the whole file is safe: ingestion is idempotent by id).
 */
async function ingestAll(items: unknown[], ingest: (batch: never[]) => Promise<IngestResult>) {
  const total: IngestResult = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < items.length; i += MAX_INGEST_BATCH) {
    try {
      const r = await ingest(items.slice(i, i + MAX_INGEST_BATCH) as never[]);
      total.inserted += r.inserted;
      total.updated += r.updated;
      total.unchanged += r.unchanged;
    } catch (e) {
      if (i > 0 && e instanceof Error) e.message = `items ${i + 1}-${Math.min(i + MAX_INGEST_BATCH, items.length)} (earlier batches were stored; re-running is safe): ${e.message}`;
      throw e;
    }
  }
  return total;
}
const summary = (r: IngestResult) => `${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged`;

/** Monitoring data from the card platform, demo data, and partner visibility. */
export const MONITORING_COMMANDS: Record<string, Command> = {
  "transactions ingest": {
    usage: "--tenant acme --file txns.jsonl|-   (JSON array or lines: {id, programId, environment?, type, status, amount, currency, cardLast4, cardholderRef, merchantName?, merchantCategory?, merchantCountry?, reference?, createdAt})",
    options: { tenant: { type: "string" }, file: { type: "string" } },
    async run(f, io) {
      const ctx = await tenantCtx(required(f, "tenant"));
      const r = await ingestAll(await readItems(required(f, "file"), io.readStdin), (b) => ingestTransactions(ctx, b));
      return { json: r, text: `transactions: ${summary(r)}` };
    },
  },
  "balances ingest": {
    usage: "--tenant acme --file balances.jsonl|-   (JSON array or lines: {programId, environment?, asset, amount, asOf})",
    options: { tenant: { type: "string" }, file: { type: "string" } },
    async run(f, io) {
      const ctx = await tenantCtx(required(f, "tenant"));
      const r = await ingestAll(await readItems(required(f, "file"), io.readStdin), (b) => ingestBalances(ctx, b));
      return { json: r, text: `balances: ${summary(r)}` };
    },
  },
  "demo transactions": {
    usage: "--tenant acme --count 1000000 [--days 90] [--seed 1] [--env production|staging]   (not in production deployments)",
    options: { tenant: { type: "string" }, count: { type: "string" }, days: { type: "string" }, seed: { type: "string" }, env: { type: "string" } },
    async run(f) {
      const ctx = await tenantCtx(required(f, "tenant"));
      const num = (name: string, fallback?: number) => {
        const v = f[name];
        if (v === undefined) return fallback;
        if (typeof v !== "string" || !/^\d+$/.test(v)) throw new CliError("VALIDATION", `--${name} must be a whole number.`, name);
        return Number(v);
      };
      const env = (f.env as string | undefined) ?? "production";
      if (env !== "production" && env !== "staging") throw new CliError("VALIDATION", "--env must be staging or production.", "env");
      const started = Date.now();
      const r = await generateDemoTransactions(ctx, {
        count: num("count")!, days: num("days", 90), seed: num("seed", 1), environment: env,
        onProgress: (n) => { if (n % 100_000 < 2000) process.stderr.write(`${n.toLocaleString("en")} transactions...\n`); },
      });
      const secs = (Date.now() - started) / 1000;
      return { json: { ...r, seconds: secs }, text: `${summary(r.transactions)} across ${r.programs} programs, ${r.balances} balance snapshots, in ${secs.toFixed(1)} s` };
    },
  },
  "partner visibility": {
    usage: "--tenant acme --program prg_... --transactions on|off [--merchant on|off] --balances on|off --granularity individual|daily",
    options: { tenant: { type: "string" }, program: { type: "string" }, transactions: { type: "string" }, merchant: { type: "string" }, balances: { type: "string" }, granularity: { type: "string" } },
    async run(f) {
      const ctx = await tenantCtx(required(f, "tenant"));
      const onOff = (name: string, fallback?: string) => {
        const v = (f[name] as string | undefined) ?? fallback;
        if (v !== "on" && v !== "off") throw new CliError("VALIDATION", `--${name} must be on or off.`, name);
        return v === "on";
      };
      const v = await setPartnerVisibility(ctx, {
        programId: required(f, "program"), exposeTransactions: onOff("transactions"), includeMerchant: onOff("merchant", "off"),
        exposeBalances: onOff("balances"), granularity: required(f, "granularity") as "individual" | "daily",
      });
      return { json: v, text: `partners now see: transactions ${v.transactions ? `on (${v.granularity}${v.includeMerchant ? ", with merchant" : ""})` : "off"}, balances ${v.balances ? "on" : "off"}` };
    },
  },
};
