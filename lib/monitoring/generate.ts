import "server-only";
import { randomBytes } from "node:crypto";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { CURRENCIES } from "@/lib/core/currencies";
import { formatMinor } from "@/lib/core/money";
import { db } from "@/lib/db";
import { assertNotProductionDeployment } from "@/lib/demo/service";
import { AppError } from "@/lib/errors";
import { ingestBalances, ingestTransactions, type IngestResult } from "@/lib/monitoring/ingest";
import type { BalanceInput, TransactionInput, TransactionStatus, TransactionType } from "@/lib/monitoring/schemas";

const DAY_MS = 86_400_000;
export const MAX_DEMO_TRANSACTIONS = 5_000_000;

const MERCHANTS: [name: string, mcc: string, country: string][] = [
  ["Blue Bottle Coffee", "5814", "US"],
  ["Tesco Stores", "5411", "GB"],
  ["Carrefour", "5411", "FR"],
  ["Lufthansa", "3008", "DE"],
  ["Uber Trip", "4121", "NL"],
  ["Amazon Marketplace", "5942", "LU"],
  ["Shell Station", "5541", "GB"],
  ["Rewe Markt", "5411", "DE"],
  ["Booking.com", "4722", "NL"],
  ["Netflix", "4899", "US"],
  ["Spotify", "5815", "SE"],
  ["IKEA", "5712", "SE"],
  ["Zara", "5651", "ES"],
  ["Apple Store", "5732", "US"],
  ["Deliveroo", "5812", "GB"],
  ["Air France", "3007", "FR"],
  ["Starbucks", "5814", "US"],
  ["Lidl", "5411", "DE"],
  ["H&M", "5651", "SE"],
  ["MediaMarkt", "5732", "DE"],
  ["Pret A Manger", "5812", "GB"],
  ["Ryanair", "3246", "IE"],
  ["Decathlon", "5941", "FR"],
  ["Steam Games", "5816", "US"],
];
const TYPES: [TransactionType, number][] = [
  ["purchase", 70],
  ["top_up", 10],
  ["refund", 5],
  ["atm_withdrawal", 5],
  ["transfer", 4],
  ["fee", 3],
  ["crypto_conversion", 2],
  ["chargeback", 1],
];
const STATUSES: [TransactionStatus, number][] = [
  ["completed", 85],
  ["declined", 8],
  ["pending", 5],
  ["reversed", 2],
];
const FX = ["EUR", "USD", "GBP", "CHF", "JPY"];

/** A small seeded PRNG (mulberry32): demo data is reproducible for a given seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function weighted<T>(rand: () => number, table: [T, number][]): T {
  let r = rand() * table.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of table) if ((r -= w) < 0) return v;
  return table[0][0];
}

export interface DemoTransactionsResult {
  programs: number;
  transactions: IngestResult;
  balances: number;
  from: Date;
  to: Date;
}

/**
 * Fills a Tenant's Programs with realistic demo transactions (spread over `days` days up to now,
 * oldest first) and daily balance snapshots, through the same ingestion service the platform feed
 * uses. Not in production deployments.
 */
export async function generateDemoTransactions(
  ctx: Ctx,
  opts: {
    count: number;
    days?: number;
    seed?: number;
    batch?: number;
    now?: Date;
    environment?: "staging" | "production";
    onProgress?: (done: number) => void;
  },
): Promise<DemoTransactionsResult> {
  assertNotProductionDeployment();
  assertCan(ctx, "monitoring:ingest");
  const tenantId = tenantOf(ctx);
  const { count, days = 90, seed = 1, batch = 2000, now = new Date(), environment = "production" } = opts;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_TRANSACTIONS)
    throw new AppError(
      "VALIDATION",
      `--count must be a whole number from 1 to ${MAX_DEMO_TRANSACTIONS.toLocaleString("en")}.`,
      "count",
    );
  if (!Number.isInteger(days) || days < 1 || days > 730)
    throw new AppError("VALIDATION", "--days must be from 1 to 730.", "days");
  const programs = await db.program.findMany({
    where: { tenantId },
    select: { id: true, baseCurrency: true },
    orderBy: { createdAt: "asc" },
  });
  if (!programs.length)
    throw new AppError("VALIDATION", "This tenant has no programs yet: create one first.", "tenant");

  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const run = randomBytes(4).toString("hex");
  const to = now;
  const from = new Date(now.getTime() - days * DAY_MS);
  const step = (to.getTime() - from.getTime()) / count;
  const result: IngestResult = { inserted: 0, updated: 0, unchanged: 0 };
  let items: TransactionInput[] = [];
  const flush = async () => {
    if (!items.length) return;
    const r = await ingestTransactions(ctx, items);
    result.inserted += r.inserted;
    result.updated += r.updated;
    result.unchanged += r.unchanged;
    items = [];
    opts.onProgress?.(result.inserted + result.updated + result.unchanged);
  };
  for (let i = 0; i < count; i++) {
    const createdAt = new Date(Math.floor(from.getTime() + i * step + rand() * step));
    const p = programs[int(programs.length)];
    const type = weighted(rand, TYPES);
    const currency = rand() < 0.9 || !CURRENCIES[p.baseCurrency] ? p.baseCurrency : FX[int(FX.length)];
    const units = CURRENCIES[currency]?.minorUnits ?? 2;
    // amounts in whole minor units: mostly small purchases, a long tail of larger ones
    const major =
      type === "atm_withdrawal"
        ? 20 * (1 + int(15))
        : type === "top_up"
          ? 50 * (1 + int(40))
          : type === "fee"
            ? 1 + int(5)
            : Math.floor(2 + 300 * rand() ** 3);
    const minor = BigInt(major) * 10n ** BigInt(units) + (units ? BigInt(int(10 ** units)) : 0n);
    // recent transactions may still be pending; older ones have settled
    let status = weighted(rand, STATUSES);
    if (status === "pending" && now.getTime() - createdAt.getTime() > 3 * DAY_MS) status = "completed";
    const merchant = MERCHANTS[int(MERCHANTS.length)];
    const cardMerchant = type === "purchase" || type === "refund" || type === "chargeback";
    items.push({
      id: `txn_${run}${i.toString(36).padStart(6, "0")}`,
      programId: p.id,
      environment,
      type,
      status,
      amount: formatMinor(minor, currency),
      currency,
      cardLast4: String(int(10_000)).padStart(4, "0"),
      cardholderRef: `ch_${p.id.slice(-4)}${(int(5000) + 1).toString(36).padStart(4, "0")}`,
      merchantName: cardMerchant ? merchant[0] : type === "atm_withdrawal" ? "ATM withdrawal" : null,
      merchantCategory: cardMerchant ? merchant[1] : type === "atm_withdrawal" ? "6011" : null,
      merchantCountry: cardMerchant || type === "atm_withdrawal" ? merchant[2] : null,
      reference: `ref-${int(36 ** 6)
        .toString(36)
        .padStart(6, "0")}`,
      createdAt: createdAt.toISOString(),
    });
    if (items.length >= batch) await flush();
  }
  await flush();

  // one balance snapshot a day per Program: its base currency, plus USDC for every third Program
  const balances: BalanceInput[] = [];
  for (const [n, p] of programs.entries()) {
    const assets = CURRENCIES[p.baseCurrency] ? [p.baseCurrency] : [];
    if (n % 3 === 0) assets.push("USDC");
    for (const asset of assets) {
      const units = asset === "USDC" ? 6 : CURRENCIES[asset].minorUnits;
      let minor = BigInt(50_000 + int(200_000)) * 10n ** BigInt(units);
      for (let d = days; d >= 0; d--) {
        minor += BigInt(int(20_000) - 9_000) * 10n ** BigInt(units);
        if (minor < 0n) minor = 0n;
        const asOf = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - d * DAY_MS);
        balances.push({
          programId: p.id,
          environment,
          asset,
          amount: formatUnits(minor, units),
          asOf: asOf.toISOString(),
        });
      }
    }
  }
  for (let i = 0; i < balances.length; i += 1000) await ingestBalances(ctx, balances.slice(i, i + 1000));
  return { programs: programs.length, transactions: result, balances: balances.length, from, to };
}

function formatUnits(minor: bigint, units: number): string {
  const digits = minor.toString().padStart(units + 1, "0");
  return units ? `${digits.slice(0, -units)}.${digits.slice(-units)}` : digits;
}
