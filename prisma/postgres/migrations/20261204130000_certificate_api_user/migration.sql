-- Gateway credential binding (issue 13 item 11): every certificate belongs to one API user (credential set),
-- and the gateway accepts it only with that API user’s key. A data migration: the column exists since
-- 20261123020000_api_users. Existing certificates without an API user are attached per scope (tenant + program):
--   * the scope has no API user at all: one is created, named after the scope (the Program’s name, or
--     "Tenant-level", "<name> (<program id or tenant>)" when that name is taken in the tenant), and audited,
--   * otherwise: the scope’s oldest enabled API user, when all are disabled, the oldest one (the certificate
--     stays unusable, as it was: disabled users’ keys do not verify).
-- Attaching never widens access: before, a certificate worked with every key of its scope, now with one API
-- user’s keys. Other API users of such a scope need their own certificate (`cert issue --apiuser <id>`).
-- The same rules (without the "several" choice, which the CLI refuses) hold for new certificates.
-- SQLite and PostgreSQL differ only in null-safe equality, random ids and the timestamp format.

INSERT INTO "ApiUser" ("id", "tenantId", "name", "pattern", "programId")
SELECT 'mig' || substr(md5(random()::text || clock_timestamp()::text || s."tenantId" || COALESCE(s."programId", '')), 1, 22), s."tenantId",
       substr(CASE WHEN EXISTS (SELECT 1 FROM "ApiUser" x WHERE x."tenantId" = s."tenantId" AND x."name" = s."base")
                   THEN s."base" || ' (' || COALESCE(s."programId", 'tenant') || ')' ELSE s."base" END, 1, 80),
       CASE WHEN s."programId" IS NULL THEN 'tenant_admin' ELSE 'program' END,
       s."programId"
FROM (
  SELECT DISTINCT c."tenantId", c."programId", COALESCE(p."name", 'Tenant-level') AS "base"
  FROM "Certificate" c LEFT JOIN "Program" p ON p."id" = c."programId"
  WHERE c."apiUserId" IS NULL
    AND NOT EXISTS (SELECT 1 FROM "ApiUser" u WHERE u."tenantId" = c."tenantId" AND u."programId" IS NOT DISTINCT FROM c."programId")
) s;

INSERT INTO "AuditEvent" ("id", "tenantId", "actorLabel", "action", "targetType", "targetId", "after")
SELECT 'mig' || substr(md5(random()::text || clock_timestamp()::text || u."id"), 1, 22), u."tenantId", 'migration:20261204130000_certificate_api_user', 'api_user.created', 'api_user', u."id",
       json_build_object('name', u."name", 'pattern', u."pattern", 'programId', u."programId", 'reason', 'existing certificates of the scope')::text
FROM "ApiUser" u
WHERE u."id" LIKE 'mig%' AND NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."targetId" = u."id" AND a."action" = 'api_user.created');

UPDATE "Certificate" SET "apiUserId" = (
  SELECT u."id" FROM "ApiUser" u
  WHERE u."tenantId" = "Certificate"."tenantId" AND u."programId" IS NOT DISTINCT FROM "Certificate"."programId"
  ORDER BY (u."disabledAt" IS NOT NULL), u."createdAt", u."id"
  LIMIT 1
)
WHERE "apiUserId" IS NULL;
