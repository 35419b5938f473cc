import { describe, expect, it } from "vitest";
import { createTestDatabase, withRawConnection } from "@/lib/testing/test-db";

const MIGRATION = "20261204130000_certificate_api_user";
const PREVIOUS = "20261204120000_bank_credentials_sealed";

/**
 * The data migration that binds existing certificates to API users, run on a database migrated up to
 * the migration before it (SQLite, or PostgreSQL with TEST_DATABASE_URL), with raw SQL rows.
 */
describe(`migration ${MIGRATION}`, () => {
  it("attaches each unbound certificate to its scope's API user, creating one named after the scope when there is none", async () => {
    const testDb = await createTestDatabase({ through: PREVIOUS });
    try {
      await withRawConnection(testDb.url, async (exec, migrate) => {
        const all = async <T>(q: string) => (await exec(q)) as T[];
        const at = (d: string) => `'${d}T00:00:00.000+00:00'`;
        const tenant = (id: string) =>
          `INSERT INTO "Tenant" ("id", "slug", "name", "legalName") VALUES ('${id}', '${id}', '${id}', '${id}');`;
        const program = (id: string, t: string, name: string) =>
          `INSERT INTO "Program" ("id", "tenantId", "name", "baseCurrency", "transactionLimitMinor", "threeDsEnabled", "feeTemplate", "updatedAt") VALUES ('${id}', '${t}', '${name}', 'EUR', 1000, true, 'standard_debit', ${at("2026-01-01")});`;
        const user = (id: string, t: string, p: string | null, name: string, created: string, disabled = false) =>
          `INSERT INTO "ApiUser" ("id", "tenantId", "name", "pattern", "programId", "disabledAt", "createdAt") VALUES ('${id}', '${t}', '${name}', '${p ? "program" : "tenant_admin"}', ${p ? `'${p}'` : "NULL"}, ${disabled ? at("2026-03-01") : "NULL"}, ${at(created)});`;
        const cert = (id: string, t: string, p: string | null, env = "staging", apiUser: string | null = null) =>
          `INSERT INTO "Certificate" ("id", "tenantId", "programId", "environment", "caId", "serialHex", "fingerprintSha256", "publicKeySha256", "keyType", "subject", "dnsNames", "notBefore", "notAfter", "certificatePem", "apiUserId")
           VALUES ('${id}', '${t}', ${p ? `'${p}'` : "NULL"}, '${env}', 'ca-${env}', 'S-${id}', 'F-${id}', 'K-${id}', 'EC P-256', 'CN=x', '[]', ${at("2026-01-01")}, ${at("2026-04-01")}, 'pem', ${apiUser ? `'${apiUser}'` : "NULL"});`;
        for (const statement of [
          `INSERT INTO "CertificateAuthority" ("id", "environment", "subject", "certificatePem", "sealedKey") VALUES ('ca-staging', 'staging', 'CN=ca', 'pem', 'sealed'), ('ca-production', 'production', 'CN=ca', 'pem', 'sealed');`,
          tenant("t1"),
          tenant("t2"),
          program("p-none", "t1", "Alpha"),
          program("p-one", "t1", "Beta"),
          program("p-many", "t1", "Gamma"),
          program("p-disabled", "t1", "Delta"),
          program("p-taken", "t1", "Epsilon"),
          program("p-other", "t2", "Alpha"),
          user("u-one", "t1", "p-one", "Beta backend", "2026-01-05"),
          user("u-many-dis", "t1", "p-many", "Gamma old, disabled", "2025-01-01", true),
          user("u-many-old", "t1", "p-many", "Gamma first", "2026-01-01"),
          user("u-many-new", "t1", "p-many", "Gamma second", "2026-02-01"),
          user("u-disabled", "t1", "p-disabled", "Delta off", "2026-01-01", true),
          user("u-taken", "t1", "p-taken", "Alpha", "2026-01-01"), // holds the name "Alpha" in t1, in another scope
          cert("c-none", "t1", "p-none"),
          cert("c-none-prod", "t1", "p-none", "production"),
          cert("c-one", "t1", "p-one"),
          cert("c-many", "t1", "p-many"),
          cert("c-many-bound", "t1", "p-many", "staging", "u-many-new"),
          cert("c-disabled", "t1", "p-disabled"),
          cert("c-tenant", "t1", null),
          cert("c-other", "t2", "p-other"),
        ])
          await exec(statement);

        await migrate({ after: PREVIOUS });

        const created = await all<{
          id: string;
          tenantId: string;
          name: string;
          pattern: string;
          programId: string | null;
          disabledAt: unknown;
        }>(
          `SELECT "id", "tenantId", "name", "pattern", "programId", "disabledAt" FROM "ApiUser" WHERE "id" LIKE 'mig%' ORDER BY "tenantId", "name"`,
        );
        expect(created.map(({ id: _id, ...u }) => u)).toEqual([
          { tenantId: "t1", name: "Alpha (p-none)", pattern: "program", programId: "p-none", disabledAt: null },
          { tenantId: "t1", name: "Tenant-level", pattern: "tenant_admin", programId: null, disabledAt: null },
          { tenantId: "t2", name: "Alpha", pattern: "program", programId: "p-other", disabledAt: null },
        ]);
        const idOf = (t: string, p: string | null) => created.find((u) => u.tenantId === t && u.programId === p)!.id;
        const bound = Object.fromEntries(
          (await all<{ id: string; apiUserId: string | null }>(`SELECT "id", "apiUserId" FROM "Certificate"`)).map(
            (c) => [c.id, c.apiUserId],
          ),
        );
        expect(bound).toEqual({
          "c-none": idOf("t1", "p-none"),
          "c-none-prod": idOf("t1", "p-none"), // one API user per scope, across environments
          "c-one": "u-one",
          "c-many": "u-many-old", // the oldest enabled one, not the older disabled one
          "c-many-bound": "u-many-new", // already bound: unchanged
          "c-disabled": "u-disabled", // stays unusable: a disabled user's keys do not verify
          "c-tenant": idOf("t1", null),
          "c-other": idOf("t2", "p-other"),
        });
        const audit = await all<{ targetId: string; actorLabel: string; after: string }>(
          `SELECT "targetId", "actorLabel", "after" FROM "AuditEvent" WHERE "action" = 'api_user.created' ORDER BY "targetId"`,
        );
        expect(audit.map((a) => ({ ...a, after: JSON.parse(a.after) }))).toEqual(
          created
            .map((u) => ({
              targetId: u.id,
              actorLabel: `migration:${MIGRATION}`,
              after: {
                name: u.name,
                pattern: u.pattern,
                programId: u.programId,
                reason: "existing certificates of the scope",
              },
            }))
            .sort((a, b) => a.targetId.localeCompare(b.targetId)),
        );
      });
    } finally {
      await testDb.dispose();
    }
  });
});
