// `npm start`: migrate, seed the demo (not in production), build when sources changed, serve on :3000
// through scripts/server.mjs.
import { spawnSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const production = process.env.AXYS_DEPLOYMENT === "production";
const port = process.env.PORT ?? "3000";
process.env.DATABASE_URL ??= "file:./dev.db";
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

// A session-signing secret that survives restarts: generated once into .env.local (git-ignored) for local use.
if (!process.env.NEXTAUTH_SECRET) {
  if (production) fail("NEXTAUTH_SECRET must be set in production.");
  const envFile = ".env.local";
  const current = existsSync(envFile) ? readFileSync(envFile, "utf8") : "";
  const match = /^NEXTAUTH_SECRET=(.+)$/m.exec(current);
  process.env.NEXTAUTH_SECRET = match?.[1] ?? randomBytes(32).toString("base64url");
  if (!match) writeFileSync(envFile, `${current}NEXTAUTH_SECRET=${process.env.NEXTAUTH_SECRET}\n`);
}

if (production && !process.env.AXYS_CA_MASTER_KEY && !process.env.AXYS_CA_MASTER_KEY_FILE) {
  fail("AXYS_CA_MASTER_KEY or AXYS_CA_MASTER_KEY_FILE must be set in production: it seals the CA private keys.");
}

// The demo's production credential set calls the gateway from this machine: loopback on the production allowlist
// is allowed for local testing only (docs/security.md); a production deployment never sets it.
if (!production) process.env.AXYS_ALLOWLIST_ALLOW_LOOPBACK ??= "1";

run("npx", ["prisma", "migrate", "deploy"]);
if (!production) run("npx", ["tsx", "--conditions=react-server", "prisma/seed.ts"]);
if (needsBuild()) run("npx", ["next", "build"]);

// Our own HTTP server around Next: it sets the client IP from the socket (scripts/server.mjs).
const server = spawn(process.execPath, ["scripts/server.mjs", "-p", port], { stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (r.status !== 0) fail(`${cmd} ${args.join(" ")} failed`);
}

function fail(msg) {
  console.error(`npm start: ${msg}`);
  process.exit(1);
}

/** A build is needed when there is none, or a source file is newer than it. */
function needsBuild() {
  const marker = ".next/BUILD_ID";
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  const newer = (p) => {
    const s = statSync(p);
    if (!s.isDirectory()) return s.mtimeMs > built;
    return readdirSync(p).some((f) => f !== "generated" && newer(path.join(p, f)));
  };
  return ["app", "components", "lib", "public", "next.config.ts", "package.json"].some(
    (p) => existsSync(p) && newer(p),
  );
}
