// The migration recipe as one command, and the drift check CI runs (lib/testing/migration-files.test.ts).
//
//   npm run db:migration -- new <name>   after editing prisma/schema.prisma: derives the PostgreSQL schema,
//                                        regenerates both clients and writes <stamp>_<name>/migration.sql into
//                                        prisma/migrations (SQLite) and prisma/postgres/migrations (PostgreSQL)
//   npm run db:migration -- check        fails when the two folders differ in names or when either folder does
//                                        not rebuild its schema.prisma exactly
//
// PostgreSQL needs a server for the shadow database Prisma replays the migrations into: MIGRATION_PG_URL, else
// TEST_DATABASE_URL (e.g. postgresql://axys_ci:axys_ci@127.0.0.1:5432/postgres). `check` without one checks SQLite
// only and says so; `new` without one refuses (the two folders must never differ).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const isPg = (u) => /^postgres(ql)?:\/\//.test(u ?? "");
const pgUrl = [process.env.MIGRATION_PG_URL, process.env.TEST_DATABASE_URL].find(isPg) ?? null;

export const targets = {
  sqlite: { folder: "prisma/migrations", schema: "prisma/schema.prisma" },
  postgres: { folder: "prisma/postgres/migrations", schema: "prisma/postgres/schema.prisma" },
};

/** Migration folder names of one target, sorted. */
export function migrationNames(target) {
  return readdirSync(path.join(root, targets[target].folder), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

const tempDirs = [];
/** A throwaway database URL for the target's shadow replay (SQLite: a temp file; PostgreSQL: the server given). */
function databaseUrl(target) {
  if (target === "postgres") return pgUrl;
  const dir = mkdtempSync(path.join(os.tmpdir(), "axys-migrations-"));
  tempDirs.push(dir);
  return `file:${path.join(dir, "shadow.db")}`;
}

/**
 * `prisma migrate diff` from the target's migrations to its schema.prisma. Returns { code, stdout, stderr }:
 * with `exitCode` 0 = no difference, 2 = a difference (stdout says what), anything else = the diff failed.
 */
export function diff(target, { script = false, exitCode = true, schema = targets[target].schema } = {}) {
  const args = [
    "prisma",
    "migrate",
    "diff",
    "--from-migrations",
    targets[target].folder,
    "--to-schema-datamodel",
    schema,
  ];
  if (script) args.push("--script");
  if (exitCode) args.push("--exit-code");
  const r = spawnSync("npx", args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl(target), CHECKPOINT_DISABLE: "1" },
    timeout: 180_000,
  });
  for (const dir of tempDirs.splice(0)) rmSync(dir, { force: true, recursive: true });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? String(r.error ?? "") };
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
}

function check() {
  let failed = false;
  const sqlite = migrationNames("sqlite");
  const postgres = migrationNames("postgres");
  const onlyOne = [
    ...sqlite.filter((n) => !postgres.includes(n)).map((n) => `only in SQLite: ${n}`),
    ...postgres.filter((n) => !sqlite.includes(n)).map((n) => `only in PostgreSQL: ${n}`),
  ];
  if (onlyOne.length) {
    failed = true;
    console.error(`The migration folders differ:\n  ${onlyOne.join("\n  ")}`);
  }
  for (const target of pgUrl ? ["sqlite", "postgres"] : ["sqlite"]) {
    const r = diff(target);
    if (r.code === 0) console.log(`${target}: the migrations rebuild ${targets[target].schema} exactly`);
    else {
      failed = true;
      console.error(
        r.code === 2
          ? `${target}: the migrations do not rebuild ${targets[target].schema}; missing from the migrations:\n${r.stdout}`
          : `${target}: prisma migrate diff failed (exit ${r.code}):\n${r.stderr}`,
      );
    }
  }
  if (!pgUrl) console.log("postgres: not checked (set MIGRATION_PG_URL or TEST_DATABASE_URL to a PostgreSQL server)");
  return failed ? 1 : 0;
}

function create(name) {
  if (!/^[a-z][a-z0-9_]{2,60}$/.test(name ?? ""))
    throw new Error("usage: npm run db:migration -- new <name> (lower case letters, digits and _)");
  if (!pgUrl)
    throw new Error(
      "set MIGRATION_PG_URL (or TEST_DATABASE_URL) to a PostgreSQL server: both folders get the migration",
    );
  run("node", ["prisma/derive-pg-schema.mjs"]);
  const scripts = {};
  for (const target of Object.keys(targets)) {
    const r = diff(target, { script: true, exitCode: false });
    if (r.code !== 0) throw new Error(`${target}: prisma migrate diff failed:\n${r.stderr}`);
    if (!/\S/.test(r.stdout.replace(/^--.*$/gm, "")))
      throw new Error(`${target}: prisma/schema.prisma has no change to migrate`);
    scripts[target] = r.stdout;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const [target, sql] of Object.entries(scripts)) {
    const dir = path.join(root, targets[target].folder, `${stamp}_${name}`);
    mkdirSync(dir);
    // `prisma migrate deploy` on PostgreSQL splits at every ";", comments included: keep them out of comments.
    const safe = sql
      .split("\n")
      .map((line) => (line.trimStart().startsWith("--") ? line.replaceAll(";", ",") : line))
      .join("\n");
    writeFileSync(path.join(dir, "migration.sql"), safe);
    console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
  }
  run("npx", ["prisma", "generate", "--schema", targets.sqlite.schema]);
  run("npx", ["prisma", "generate", "--schema", targets.postgres.schema]);
  return check();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, name] = process.argv.slice(2);
  try {
    if (command === "check") process.exit(check());
    else if (command === "new") process.exit(create(name));
    else throw new Error("usage: npm run db:migration -- check | new <name>");
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
