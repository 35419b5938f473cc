// The cluster run's database: created fresh, migrated with compose.yaml's `migrate` command, dropped afterwards.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import pg from "pg";
import { composeService } from "./compose";

/** Runs one statement on the server's admin database, on a connection of its own (the run restarts the server). */
async function onServer(sql: string) {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  admin.on("error", () => {}); // a restart while connected is answered by the query's own error
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end().catch(() => {});
  }
}

export default async function setup() {
  const url = process.env.CLUSTER_DATABASE_URL;
  if (!url)
    throw new Error(
      "npm run test:cluster needs TEST_DATABASE_URL=postgresql://... (a server where it may create a database)",
    );
  if (!existsSync(".next/BUILD_ID"))
    throw new Error("npm run test:cluster serves the existing production build: run `npm run build` first");
  const name = new URL(url).pathname.slice(1);
  const drop = () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await onServer(`CREATE DATABASE "${name}"`);
  const [cmd, ...args] = composeService("migrate").command;
  const r = spawnSync(cmd, args, { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (r.status !== 0) {
    await drop();
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  }
  return drop;
}
