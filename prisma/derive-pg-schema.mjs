// Derive prisma/postgres/schema.prisma from the canonical prisma/schema.prisma (SQLite):
// one schema cannot serve both databases (provider is a literal, the client is provider-specific).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";

const src = readFileSync("prisma/schema.prisma", "utf8");
const out = src
  .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
  .replace(/output\s*=\s*"\.\.\/lib\/generated\/sqlite"/, 'output     = "../../lib/generated/pg"')
  .replace(
    /^\/\/ CANONICAL.*\n/m,
    "// GENERATED from prisma/schema.prisma by prisma/derive-pg-schema.mjs - do not edit\n",
  );
if (out === src || !out.includes('"postgresql"') || !out.includes("generated/pg")) {
  throw new Error("derive-pg-schema: rewrite failed; check the datasource and generator blocks");
}
mkdirSync("prisma/postgres", { recursive: true });
writeFileSync("prisma/postgres/schema.prisma", out);
