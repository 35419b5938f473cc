import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { createTestDatabase } from "@/lib/testing/test-db";

// Every test file gets its own fresh database; lib/db.ts connects to DATABASE_URL on first import.
const testDb = await createTestDatabase();
process.env.AXYS_CA_MASTER_KEY ??= randomBytes(32).toString("base64");
process.env.DATABASE_URL = testDb.url;
delete (globalThis as { prisma?: unknown }).prisma;

afterAll(async () => {
  const g = globalThis as { prisma?: { $disconnect(): Promise<void> } };
  await g.prisma?.$disconnect();
  delete g.prisma;
  await testDb.dispose();
});
