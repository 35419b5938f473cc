// The cluster run's database: created fresh, migrated with compose.yaml's `migrate` command, dropped afterwards.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import pg from "pg";
import { composeService } from "./compose";

export default async function setup() {
  const url = process.env.CLUSTER_DATABASE_URL;
  if (!url)
    throw new Error(
      "npm run test:cluster needs TEST_DATABASE_URL=postgresql://... (a server where it may create a database)",
    );
  if (!existsSync(".next/BUILD_ID"))
    throw new Error("npm run test:cluster serves the existing production build: run `npm run build` first");
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const name = new URL(url).pathname.slice(1);
  await admin.query(`CREATE DATABASE "${name}"`);
  const [cmd, ...args] = composeService("migrate").command;
  const r = spawnSync(cmd, args, { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (r.status !== 0) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  }
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(async () => {
      // the server may have been restarted by the fault test: a fresh connection
      const again = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await again.end();
    });
    await admin.end().catch(() => {});
  };
}
