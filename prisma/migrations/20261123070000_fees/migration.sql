-- CreateTable
CREATE TABLE "FeeSchedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "effectiveAt" DATETIME NOT NULL,
    "billingCycle" TEXT NOT NULL,
    "billingDay" INTEGER NOT NULL,
    "settlementAsset" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PlatformFeeMinimum" (
    "feeType" TEXT NOT NULL PRIMARY KEY,
    "minFixed" TEXT NOT NULL DEFAULT '0',
    "minRateBps" TEXT NOT NULL DEFAULT '0',
    "reason" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "FeeSchedule_tenantId_programId_effectiveAt_idx" ON "FeeSchedule"("tenantId", "programId", "effectiveAt");

-- CreateIndex
CREATE UNIQUE INDEX "FeeSchedule_programId_version_key" ON "FeeSchedule"("programId", "version");

