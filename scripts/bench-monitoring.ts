/**
 * Monitoring benchmark: seeds transactions across Programs through the ingestion service (the demo
 * generator), then measures, server-side, the service functions behind the monitoring pages and, in
 * the same run, the equivalent raw SQL through the database driver itself (better-sqlite3 / pg):
 *   - the overview (totals, by status, daily series; last 30 days, all Programs)
 *   - a filtered first page of the transaction list (one Program, status + type)
 *   - a deep page (a keyset cursor 100,000 rows in)
 *   - the first page sorted by amount (all Programs) and the filtered list's total (counted up to 10,001)
 *   - the CSV export rate (every row of the Tenant, streamed)
 *   - the seeding rate (through the ingestion service) against the driver alone inserting the same rows (one
 *     transaction, prepared multi-row INSERTs; COPY would need another package)
 *   npm run bench:monitoring [-- --count 1000000 --programs 20 --runs 40 --db sqlite,postgres]
 * PostgreSQL runs when --pg <url> or TEST_DATABASE_URL=postgresql://... is given (a fresh database is
 * created and dropped). Each database runs in its own child process.
 */
import { spawnSync } from "node:child_process";
import { performance as perf } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "1000000" },
    programs: { type: "string", default: "20" },
    runs: { type: "string", default: "40" },
    db: { type: "string", default: "sqlite,postgres" },
    pg: { type: "string" },
    child: { type: "string" },
  },
});

interface Timing {
  p50: number;
  p95: number;
}
interface Result {
  db: string;
  count: number;
  seedS: number;
  seedRate: number;
  overview: Timing;
  overviewRaw: Timing;
  overviewScanRaw: Timing;
  prismaOneRow: Timing;
  rawOneRow: Timing;
  firstPage: Timing;
  firstPageRaw: Timing;
  deepPage: Timing;
  deepPageRaw: Timing;
  amountPage: Timing;
  amountPageRaw: Timing;
  total: Timing;
  totalRaw: Timing;
  exportRows: number;
  exportRate: number;
  exportRawRate: number;
  driverInsertRate: number;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
async function time(runs: number, fn: () => Promise<unknown> | unknown): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = perf.now();
    await fn();
    xs.push(perf.now() - t);
  }
  return { p50: pct(xs, 50), p95: pct(xs, 95) };
}

async function child(kind: "sqlite" | "postgres"): Promise<Result> {
  const count = Number(args.count);
  const runs = Number(args.runs);
  if (kind === "postgres") process.env.TEST_DATABASE_URL = args.pg ?? process.env.TEST_DATABASE_URL;
  else delete process.env.TEST_DATABASE_URL;
  const { createTestDatabase } = await import("@/lib/testing/test-db");
  const testDb = await createTestDatabase();
  process.env.DATABASE_URL = testDb.url;
  const { db } = await import("@/lib/db");
  const { operatorCtx } = await import("@/lib/auth/context");
  const { createTenant } = await import("@/lib/tenants/service");
  const { createProgram } = await import("@/lib/programs/service");
  const { makeCtx } = await import("@/lib/testing/factories");
  const { generateDemoTransactions } = await import("@/lib/monitoring/generate");
  const { countTransactions, listTransactions, iterateTransactionPages } =
    await import("@/lib/monitoring/transactions");
  const { getOverview } = await import("@/lib/monitoring/overview");
  const { TRANSACTION_CSV_HEADER, transactionCsvRow } = await import("@/lib/monitoring/csv");
  const { INSERT_COLUMNS } = await import("@/lib/monitoring/ingest");
  const { csvStreamBatches, csvRow } = await import("@/lib/csv");
  try {
    const tenant = await createTenant(operatorCtx({ actor: "bench" }), { name: "Bench Cards", slug: "bench" });
    const op = operatorCtx({ tenantId: tenant.id, actor: "bench" });
    const currencies = ["EUR", "GBP", "USD", "EUR"];
    const programs: string[] = [];
    for (let i = 0; i < Number(args.programs); i++) {
      programs.push(
        (
          await createProgram(op, {
            name: `Program ${i + 1}`,
            baseCurrency: currencies[i % 4],
            transactionLimit: "5000.00",
            threeDsEnabled: true,
            feeTemplate: "standard_debit",
          })
        ).id,
      );
    }
    const now = new Date();
    const t0 = perf.now();
    let last = 0;
    await generateDemoTransactions(op, {
      count,
      days: 365,
      batch: 5000,
      now,
      onProgress: (n) => {
        if (n - last >= 100_000) {
          last = n;
          process.stderr.write(
            `${kind}: ${n.toLocaleString("en")} rows, ${Math.round(n / ((perf.now() - t0) / 1000))}/s\n`,
          );
        }
      },
    });
    const seedS = (perf.now() - t0) / 1000;
    const admin = await makeCtx("tenant_admin", { tenantId: tenant.id });
    const program = programs[0];

    // the raw baseline: the driver itself, the same statements the services need
    type Raw = { all(sql: string, params: unknown[]): Promise<unknown[]> };
    let raw: Raw;
    let close: () => Promise<void>;
    /** Inserts every row of Tenant `from` again for Tenant `to` through the driver alone; rows/s of the inserts. */
    let driverInsert: (from: string, to: string) => Promise<number>;
    const INSERT_COLS = INSERT_COLUMNS.map((c) => `"${c}"`).join(", ");
    const dt = (d: Date) => (kind === "sqlite" ? d.toISOString().replace("Z", "+00:00") : d);
    if (kind === "sqlite") {
      const Database = (await import("better-sqlite3")).default;
      const sqlite = new Database(testDb.url.slice(5));
      sqlite.exec("ANALYZE");
      raw = { all: async (sql, params) => sqlite.prepare(sql.replace(/\$\d+/g, "?")).all(...params) };
      close = async () => {
        sqlite.close();
      };
      driverInsert = async (from, to) => {
        // prepared multi-row INSERTs of 500 rows (9,000 parameters), all in one transaction
        const insertOf = (n: number) =>
          sqlite.prepare(
            `INSERT INTO "Transaction" (${INSERT_COLS}) VALUES ${Array(n)
              .fill(`(${Array(18).fill("?").join(", ")})`)
              .join(", ")}`,
          );
        const full = insertOf(500);
        const read = sqlite.prepare(
          `SELECT ${INSERT_COLS} FROM "Transaction" WHERE "tenantId" = ? AND ("id" > ?) ORDER BY "id" LIMIT 5000`,
        );
        let after = "";
        let n = 0;
        let spent = 0;
        sqlite.exec("BEGIN IMMEDIATE");
        for (;;) {
          const rows = read.raw().all(from, after) as unknown[][];
          if (!rows.length) break;
          after = rows[rows.length - 1][0] as string;
          const t0 = perf.now();
          for (let i = 0; i < rows.length; i += 500) {
            const chunk = rows.slice(i, i + 500);
            const params = chunk.flatMap((r) => [r[0], to, ...r.slice(2)]);
            (chunk.length === 500 ? full : insertOf(chunk.length)).run(...params);
          }
          spent += perf.now() - t0;
          n += rows.length;
        }
        const t0 = perf.now();
        sqlite.exec("COMMIT");
        spent += perf.now() - t0;
        return n / (spent / 1000);
      };
      await db.$executeRawUnsafe("ANALYZE");
    } else {
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: testDb.url });
      await client.connect();
      await client.query("ANALYZE");
      raw = { all: async (sql, params) => (await client.query(sql, params)).rows };
      close = () => client.end();
      driverInsert = async (from, to) => {
        // prepared (named) multi-row INSERTs of 1,000 rows (18,000 parameters), all in one transaction
        const sqlOf = (n: number) =>
          `INSERT INTO "Transaction" (${INSERT_COLS}) VALUES ${Array.from({ length: n }, (_, r) => `(${Array.from({ length: 18 }, (_, c) => `$${r * 18 + c + 1}`).join(", ")})`).join(", ")}`;
        const full = sqlOf(1000);
        let after = "";
        let n = 0;
        let spent = 0;
        await client.query("BEGIN");
        for (;;) {
          const { rows } = await client.query({
            text: `SELECT ${INSERT_COLS} FROM "Transaction" WHERE "tenantId" = $1 AND "id" > $2 ORDER BY "id" LIMIT 5000`,
            values: [from, after],
            rowMode: "array",
          });
          if (!rows.length) break;
          after = rows[rows.length - 1][0];
          const t0 = perf.now();
          for (let i = 0; i < rows.length; i += 1000) {
            const chunk = rows.slice(i, i + 1000);
            const values = chunk.flatMap((r: unknown[]) => [r[0], to, ...r.slice(2)]);
            await client.query(
              chunk.length === 1000
                ? { name: "bench-insert", text: full, values }
                : { text: sqlOf(chunk.length), values },
            );
          }
          spent += perf.now() - t0;
          n += rows.length;
        }
        const t0 = perf.now();
        await client.query("COMMIT");
        spent += perf.now() - t0;
        return n / (spent / 1000);
      };
    }

    // the columns the service selects
    const COLS = [
      "id",
      "programId",
      "type",
      "status",
      "amountMinor",
      "currency",
      "cardLast4",
      "cardholderRef",
      "merchantName",
      "merchantCategory",
      "merchantCountry",
      "reference",
      "createdAt",
    ]
      .map((c) => `"${c}"`)
      .join(", ");
    const from = new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
    const to = now.toISOString().slice(0, 10);
    const overview = await time(runs, () => getOverview(admin, {}, now));
    const overviewRaw = await time(runs, () =>
      Promise.all(
        ["day", "programId"].map((key) =>
          raw.all(
            `SELECT "${key}", "currency", "status", SUM("count"), SUM("amountMinor") FROM "TransactionDaily" WHERE "tenantId" = $1 AND "environment" = $2 AND "day" >= $3 AND "day" <= $4 GROUP BY "${key}", "currency", "status"`,
            [tenant.id, "production", from, to],
          ),
        ),
      ),
    );
    // what the overview would cost without the daily totals: an aggregate over the transactions
    const overviewScanRaw = await time(Math.min(runs, 10), () =>
      raw.all(
        `SELECT "currency", "status", COUNT(*), SUM("amountMinor") FROM "Transaction" WHERE "tenantId" = $1 AND "environment" = $2 AND "createdAt" >= $3 AND "createdAt" < $4 GROUP BY "currency", "status"`,
        [
          tenant.id,
          "production",
          dt(new Date(`${from}T00:00:00Z`)),
          dt(new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000)),
        ],
      ),
    );

    // Prisma's fixed cost per query, for reading the ratios of sub-millisecond queries
    const prismaOneRow = await time(runs, () =>
      db.program.findFirst({ where: { id: program, tenantId: tenant.id }, select: { id: true, name: true } }),
    );
    const rawOneRow = await time(runs, () =>
      raw.all(`SELECT "id", "name" FROM "Program" WHERE "id" = $1 AND "tenantId" = $2 LIMIT 1`, [program, tenant.id]),
    );

    const filter = { program, status: "completed", type: "purchase" };
    const firstPage = await time(runs, () => listTransactions(admin, filter, 50));
    const pageSql = `SELECT ${COLS} FROM "Transaction" WHERE "tenantId" = $1 AND "environment" = $2 AND "programId" = $3 AND "status" = $4 AND "type" = $5 ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`;
    const firstPageRaw = await time(runs, () =>
      raw.all(pageSql, [tenant.id, "production", program, "completed", "purchase"]),
    );

    // a cursor 100,000 rows (or half the data) deep into the Program's unfiltered list
    const depth = Math.min(100_000, Math.floor(count / Number(args.programs) / 2));
    const [deep] = (await raw.all(
      `SELECT "id", "createdAt" FROM "Transaction" WHERE "tenantId" = $1 AND "environment" = $2 AND "programId" = $3 ORDER BY "createdAt" DESC, "id" DESC LIMIT 1 OFFSET ${depth}`,
      [tenant.id, "production", program],
    )) as { id: string; createdAt: string | Date }[];
    const deepAt = new Date(deep.createdAt);
    const cursor = `date_desc~${deepAt.getTime()}~${deep.id}`;
    const deepPage = await time(runs, () => listTransactions(admin, { program, cursor }, 50));
    const deepSql = `SELECT ${COLS} FROM "Transaction" WHERE "tenantId" = $1 AND "environment" = $2 AND "programId" = $3 AND "createdAt" <= $4 AND ("createdAt" < $5 OR "id" < $6) ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`;
    const deepPageRaw = await time(runs, () =>
      raw.all(deepSql, [tenant.id, "production", program, dt(deepAt), dt(deepAt), deep.id]),
    );

    // the amount sort (the whole Tenant, largest first) and the list's total, capped at 10,000 (the page runs both)
    const amountPage = await time(runs, () => listTransactions(admin, { sort: "amount_desc" }, 50));
    const amountPageRaw = await time(runs, () =>
      raw.all(
        `SELECT ${COLS} FROM "Transaction" WHERE "tenantId" = $1 AND "environment" = $2 ORDER BY "amountNominal" DESC, "id" DESC LIMIT 51`,
        [tenant.id, "production"],
      ),
    );
    const total = await time(runs, () => countTransactions(admin, filter));
    const totalRaw = await time(runs, () =>
      raw.all(
        `SELECT COUNT(*) FROM (SELECT 1 FROM "Transaction" WHERE "tenantId" = $1 AND "environment" = $2 AND "programId" = $3 AND "status" = $4 AND "type" = $5 LIMIT 10001) AS capped`,
        [tenant.id, "production", program, "completed", "purchase"],
      ),
    );

    // export: every row of the Tenant, through the same CSV stream the route returns
    let t = perf.now();
    let exportRows = 0;
    const reader = csvStreamBatches(
      TRANSACTION_CSV_HEADER,
      iterateTransactionPages(admin, {}),
      transactionCsvRow,
    ).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (let i = 0; i < value.length; i++) if (value[i] === 10) exportRows++; // demo data has no line breaks inside fields
    }
    exportRows -= 1; // the header
    const exportRate = exportRows / ((perf.now() - t) / 1000);
    // raw: the same keyset batches of 5,000 through the driver, each row CSV-encoded
    t = perf.now();
    let rawRows = 0;
    let after: { createdAt: Date; id: string } | null = null;
    const enc = new TextEncoder();
    for (;;) {
      const sql = `SELECT ${COLS} FROM "Transaction" WHERE "tenantId" = $1 AND "environment" = $2${after ? ` AND "createdAt" <= $3 AND ("createdAt" < $4 OR "id" < $5)` : ""} ORDER BY "createdAt" DESC, "id" DESC LIMIT 5000`;
      const rows = (await raw.all(
        sql,
        after
          ? [tenant.id, "production", dt(after.createdAt), dt(after.createdAt), after.id]
          : [tenant.id, "production"],
      )) as Record<string, unknown>[];
      for (const r of rows) enc.encode(csvRow(Object.values(r)));
      rawRows += rows.length;
      if (rows.length < 5000) break;
      const lastRow = rows[rows.length - 1];
      after = { createdAt: new Date(lastRow.createdAt as string), id: lastRow.id as string };
    }
    const exportRawRate = rawRows / ((perf.now() - t) / 1000);
    if (rawRows !== exportRows) throw new Error(`export rows differ: service ${exportRows}, raw ${rawRows}`);
    // the driver alone, for the seeding rate: the same rows again (under another Tenant, into the same table, which
    // then already holds them once), read outside the timing, inserted in one transaction
    const other = await createTenant(operatorCtx({ actor: "bench" }), { name: "Bench Copy", slug: "bench-copy" });
    process.stderr.write(`${kind}: inserting the same rows through the driver alone ...\n`);
    const driverInsertRate = await driverInsert(tenant.id, other.id);
    await close();
    return {
      db: kind,
      count,
      seedS,
      seedRate: count / seedS,
      overview,
      overviewRaw,
      overviewScanRaw,
      prismaOneRow,
      rawOneRow,
      firstPage,
      firstPageRaw,
      deepPage,
      deepPageRaw,
      amountPage,
      amountPageRaw,
      total,
      totalRaw,
      exportRows,
      exportRate,
      exportRawRate,
      driverInsertRate,
    };
  } finally {
    await db.$disconnect();
    await testDb.dispose();
  }
}

function report(results: Result[]) {
  const f = (n: number) => n.toFixed(n < 10 ? 2 : 1);
  const ratio = (a: Timing, b: Timing) => (a.p95 / b.p95).toFixed(2);
  console.log(
    `\n| database | measure | service p50 ms | service p95 ms | raw SQL p50 ms | raw SQL p95 ms | ratio (p95) |`,
  );
  console.log(`|---|---|---|---|---|---|---|`);
  for (const r of results) {
    const row = (name: string, s: Timing, q: Timing) =>
      console.log(`| ${r.db} | ${name} | ${f(s.p50)} | ${f(s.p95)} | ${f(q.p50)} | ${f(q.p95)} | ${ratio(s, q)} |`);
    row("overview (30 days, all Programs)", r.overview, r.overviewRaw);
    row("filtered first page (50)", r.firstPage, r.firstPageRaw);
    row("deep page (keyset, 100k in)", r.deepPage, r.deepPageRaw);
    row("first page by amount (50, all Programs)", r.amountPage, r.amountPageRaw);
    row("filtered total (count, capped at 10,000)", r.total, r.totalRaw);
    console.log(
      `| ${r.db} | (overview as a GROUP BY over transactions, no daily totals) | | | ${f(r.overviewScanRaw.p50)} | ${f(r.overviewScanRaw.p95)} | |`,
    );
    row("(one-row lookup: Prisma's fixed cost per query)", r.prismaOneRow, r.rawOneRow);
  }
  console.log(
    `\n| database | rows seeded | seeding rows/s (service) | driver alone rows/s | ratio | export rows | export rows/s (service + CSV) | raw SQL + CSV rows/s | ratio |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|---|`);
  for (const r of results) {
    console.log(
      `| ${r.db} | ${r.count.toLocaleString("en")} | ${Math.round(r.seedRate).toLocaleString("en")} | ${Math.round(r.driverInsertRate).toLocaleString("en")} | ${(r.seedRate / r.driverInsertRate).toFixed(2)} | ${r.exportRows.toLocaleString("en")} | ${Math.round(r.exportRate).toLocaleString("en")} | ${Math.round(r.exportRawRate).toLocaleString("en")} | ${(r.exportRate / r.exportRawRate).toFixed(2)} |`,
    );
  }
}

if (args.child === "sqlite" || args.child === "postgres") {
  child(args.child).then(
    (r) => {
      console.log(`RESULT ${JSON.stringify(r)}`);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  const pgUrl =
    args.pg ??
    (/^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? "") ? process.env.TEST_DATABASE_URL : undefined);
  const kinds = args.db!.split(",").filter((k) => k === "sqlite" || (k === "postgres" && pgUrl));
  if (args.db!.includes("postgres") && !pgUrl)
    console.error("PostgreSQL skipped: give --pg postgresql://... or TEST_DATABASE_URL");
  const results: Result[] = [];
  for (const kind of kinds) {
    console.error(
      `${kind}: seeding ${Number(args.count).toLocaleString("en")} transactions across ${args.programs} Programs ...`,
    );
    const r = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        process.argv[1],
        ...process.argv.slice(2),
        "--child",
        kind,
        ...(pgUrl ? ["--pg", pgUrl] : []),
      ],
      { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", maxBuffer: 1 << 26 },
    );
    const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
    if (r.status !== 0 || !line) {
      console.error(`${kind} failed (exit ${r.status})`);
      process.exit(1);
    }
    results.push(JSON.parse(line.slice(7)));
  }
  report(results);
}
