-- CreateTable
CREATE TABLE "FeeSchedule" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "billingCycle" TEXT NOT NULL,
    "billingDay" INTEGER NOT NULL,
    "settlementAsset" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeeSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlatformFeeMinimum" (
    "feeType" TEXT NOT NULL,
    "minFixed" TEXT NOT NULL DEFAULT '0',
    "minRateBps" TEXT NOT NULL DEFAULT '0',
    "reason" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlatformFeeMinimum_pkey" PRIMARY KEY ("feeType")
);

-- CreateIndex
CREATE INDEX "FeeSchedule_tenantId_programId_effectiveAt_idx" ON "FeeSchedule"("tenantId", "programId", "effectiveAt");

-- CreateIndex
CREATE UNIQUE INDEX "FeeSchedule_programId_version_key" ON "FeeSchedule"("programId", "version");

