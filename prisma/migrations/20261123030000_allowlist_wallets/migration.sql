-- CreateTable
CREATE TABLE "AllowlistEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "programId" TEXT,
    "environment" TEXT NOT NULL,
    "cidr" TEXT NOT NULL,
    "ipVersion" INTEGER NOT NULL,
    "rangeStart" TEXT NOT NULL,
    "rangeEnd" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "dnsStatus" TEXT NOT NULL DEFAULT 'pending',
    "dnsPtrNames" TEXT,
    "dnsForward" TEXT,
    "dnsMatchedDomain" TEXT,
    "dnsReason" TEXT,
    "dnsCheckedAt" DATETIME,
    CONSTRAINT "AllowlistEntry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AllowlistEntry_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WalletAddress" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WalletAddress_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AllowlistEntry_tenantId_environment_programId_idx" ON "AllowlistEntry"("tenantId", "environment", "programId");

-- CreateIndex
CREATE INDEX "AllowlistEntry_environment_ipVersion_rangeStart_idx" ON "AllowlistEntry"("environment", "ipVersion", "rangeStart");

-- CreateIndex
CREATE INDEX "WalletAddress_tenantId_programId_idx" ON "WalletAddress"("tenantId", "programId");

-- CreateIndex
CREATE UNIQUE INDEX "WalletAddress_programId_chain_address_key" ON "WalletAddress"("programId", "chain", "address");

