-- CreateTable
CREATE TABLE "Transaction" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "cardLast4" TEXT NOT NULL,
    "cardholderRef" TEXT NOT NULL,
    "merchantName" TEXT,
    "merchantCategory" TEXT,
    "merchantCountry" TEXT,
    "reference" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "ingestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Transaction_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "TransactionDaily" (
    "tenantId" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "amountMinor" BIGINT NOT NULL,

    CONSTRAINT "TransactionDaily_pkey" PRIMARY KEY ("tenantId","environment","programId","day","currency","status")
);

-- CreateTable
CREATE TABLE "BalanceSnapshot" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "asOf" TIMESTAMP(3) NOT NULL,
    "ingestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BalanceSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnerVisibility" (
    "programId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "exposeTransactions" BOOLEAN NOT NULL DEFAULT false,
    "includeMerchant" BOOLEAN NOT NULL DEFAULT false,
    "exposeBalances" BOOLEAN NOT NULL DEFAULT false,
    "granularity" TEXT NOT NULL DEFAULT 'daily',
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartnerVisibility_pkey" PRIMARY KEY ("programId")
);

-- CreateTable
CREATE TABLE "PartnerInvitation" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "tokenSha256" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),
    "acceptedUserId" TEXT,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "PartnerInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Transaction_tenantId_environment_createdAt_id_idx" ON "Transaction"("tenantId", "environment", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Transaction_tenantId_environment_programId_createdAt_id_idx" ON "Transaction"("tenantId", "environment", "programId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Transaction_tenantId_environment_status_createdAt_id_idx" ON "Transaction"("tenantId", "environment", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "TransactionDaily_tenantId_environment_day_idx" ON "TransactionDaily"("tenantId", "environment", "day");

-- CreateIndex
CREATE INDEX "BalanceSnapshot_tenantId_environment_asOf_idx" ON "BalanceSnapshot"("tenantId", "environment", "asOf");

-- CreateIndex
CREATE UNIQUE INDEX "BalanceSnapshot_tenantId_environment_programId_asset_asOf_key" ON "BalanceSnapshot"("tenantId", "environment", "programId", "asset", "asOf");

-- CreateIndex
CREATE INDEX "PartnerVisibility_tenantId_idx" ON "PartnerVisibility"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerInvitation_tokenSha256_key" ON "PartnerInvitation"("tokenSha256");

-- CreateIndex
CREATE INDEX "PartnerInvitation_tenantId_programId_idx" ON "PartnerInvitation"("tenantId", "programId");

