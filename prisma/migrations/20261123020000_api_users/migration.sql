-- CreateTable
CREATE TABLE "ApiUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "programId" TEXT,
    "disabledAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiUser_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ApiUser_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "apiUserId" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    "revokedReason" TEXT,
    "replacesId" TEXT,
    "lastUsedAt" DATETIME,
    "lastUsedIp" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiKey_apiUserId_fkey" FOREIGN KEY ("apiUserId") REFERENCES "ApiUser" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Certificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "programId" TEXT,
    "environment" TEXT NOT NULL,
    "caId" TEXT NOT NULL,
    "serialHex" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "publicKeySha256" TEXT NOT NULL,
    "keyType" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "dnsNames" TEXT NOT NULL,
    "notBefore" DATETIME NOT NULL,
    "notAfter" DATETIME NOT NULL,
    "certificatePem" TEXT NOT NULL,
    "revokedAt" DATETIME,
    "revocationReason" TEXT,
    "apiUserId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Certificate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Certificate_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Certificate_caId_fkey" FOREIGN KEY ("caId") REFERENCES "CertificateAuthority" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Certificate_apiUserId_fkey" FOREIGN KEY ("apiUserId") REFERENCES "ApiUser" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Certificate" ("caId", "certificatePem", "createdAt", "createdById", "dnsNames", "environment", "fingerprintSha256", "id", "keyType", "notAfter", "notBefore", "programId", "publicKeySha256", "revocationReason", "revokedAt", "serialHex", "subject", "tenantId") SELECT "caId", "certificatePem", "createdAt", "createdById", "dnsNames", "environment", "fingerprintSha256", "id", "keyType", "notAfter", "notBefore", "programId", "publicKeySha256", "revocationReason", "revokedAt", "serialHex", "subject", "tenantId" FROM "Certificate";
DROP TABLE "Certificate";
ALTER TABLE "new_Certificate" RENAME TO "Certificate";
CREATE UNIQUE INDEX "Certificate_serialHex_key" ON "Certificate"("serialHex");
CREATE UNIQUE INDEX "Certificate_fingerprintSha256_key" ON "Certificate"("fingerprintSha256");
CREATE INDEX "Certificate_tenantId_environment_programId_notAfter_idx" ON "Certificate"("tenantId", "environment", "programId", "notAfter");
CREATE INDEX "Certificate_apiUserId_idx" ON "Certificate"("apiUserId");
CREATE INDEX "Certificate_publicKeySha256_idx" ON "Certificate"("publicKeySha256");
CREATE INDEX "Certificate_caId_revokedAt_idx" ON "Certificate"("caId", "revokedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ApiUser_tenantId_programId_idx" ON "ApiUser"("tenantId", "programId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiUser_tenantId_name_key" ON "ApiUser"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_apiUserId_environment_createdAt_idx" ON "ApiKey"("apiUserId", "environment", "createdAt");

-- CreateIndex
CREATE INDEX "ApiKey_tenantId_environment_idx" ON "ApiKey"("tenantId", "environment");

