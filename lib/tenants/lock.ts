import "server-only";
import { onPostgres, type Tx } from "@/lib/db";

/**
 * Serialises the writes of one Tenant that must see each other (the last administrator, one pending invitation per
 * address): holds the Tenant's row lock until the transaction ends. On PostgreSQL a `SELECT ... FOR UPDATE` (two
 * admins demoting each other at once: the second waits, then counts the first's change, READ COMMITTED reading each
 * statement afresh). SQLite needs nothing: its write transactions start with BEGIN IMMEDIATE (lib/db.ts), one at a time.
 */
export async function lockTenant(tx: Tx, tenantId: string): Promise<void> {
  if (onPostgres) await tx.$queryRaw`SELECT "id" FROM "Tenant" WHERE "id" = ${tenantId} FOR UPDATE`;
}
