-- AlterTable
ALTER TABLE "Transaction" ADD COLUMN     "amountNominal" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "TransactionStatusChange" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "transactionId" TEXT NOT NULL,
    "fromStatus" TEXT NOT NULL,
    "toStatus" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TransactionStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TransactionStatusChange_tenantId_transactionId_changedAt_idx" ON "TransactionStatusChange"("tenantId", "transactionId", "changedAt");

-- CreateIndex
CREATE INDEX "Transaction_tenantId_environment_amountNominal_id_idx" ON "Transaction"("tenantId", "environment", "amountNominal", "id");

-- CreateIndex
CREATE INDEX "Transaction_tenantId_environment_programId_amountNominal_id_idx" ON "Transaction"("tenantId", "environment", "programId", "amountNominal", "id");


-- Backfill: thousandths of the major unit from the minor units of each currency (lib/programs/currencies.ts)
UPDATE "Transaction" SET "amountNominal" = "amountMinor" * CASE
    WHEN "currency" IN ('CLP', 'ISK', 'JPY', 'KRW') THEN 1000
    WHEN "currency" IN ('BHD', 'JOD', 'KWD', 'OMR', 'TND') THEN 1
    ELSE 10
END;
