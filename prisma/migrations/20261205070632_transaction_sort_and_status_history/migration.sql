-- CreateTable
CREATE TABLE "TransactionStatusChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "transactionId" TEXT NOT NULL,
    "fromStatus" TEXT NOT NULL,
    "toStatus" TEXT NOT NULL,
    "changedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Transaction" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "amountNominal" BIGINT NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL,
    "cardLast4" TEXT NOT NULL,
    "cardholderRef" TEXT NOT NULL,
    "merchantName" TEXT,
    "merchantCategory" TEXT,
    "merchantCountry" TEXT,
    "reference" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "ingestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "id")
);
INSERT INTO "new_Transaction" ("amountMinor", "cardLast4", "cardholderRef", "createdAt", "currency", "environment", "id", "ingestedAt", "merchantCategory", "merchantCountry", "merchantName", "programId", "reference", "status", "tenantId", "type", "updatedAt") SELECT "amountMinor", "cardLast4", "cardholderRef", "createdAt", "currency", "environment", "id", "ingestedAt", "merchantCategory", "merchantCountry", "merchantName", "programId", "reference", "status", "tenantId", "type", "updatedAt" FROM "Transaction";
DROP TABLE "Transaction";
ALTER TABLE "new_Transaction" RENAME TO "Transaction";
CREATE INDEX "Transaction_tenantId_environment_createdAt_id_idx" ON "Transaction"("tenantId", "environment", "createdAt", "id");
CREATE INDEX "Transaction_tenantId_environment_programId_createdAt_id_idx" ON "Transaction"("tenantId", "environment", "programId", "createdAt", "id");
CREATE INDEX "Transaction_tenantId_environment_status_createdAt_id_idx" ON "Transaction"("tenantId", "environment", "status", "createdAt", "id");
CREATE INDEX "Transaction_tenantId_environment_amountNominal_id_idx" ON "Transaction"("tenantId", "environment", "amountNominal", "id");
CREATE INDEX "Transaction_tenantId_environment_programId_amountNominal_id_idx" ON "Transaction"("tenantId", "environment", "programId", "amountNominal", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "TransactionStatusChange_tenantId_transactionId_changedAt_idx" ON "TransactionStatusChange"("tenantId", "transactionId", "changedAt");


-- Backfill: thousandths of the major unit from the minor units of each currency (lib/programs/currencies.ts)
UPDATE "Transaction" SET "amountNominal" = "amountMinor" * CASE
    WHEN "currency" IN ('CLP', 'ISK', 'JPY', 'KRW') THEN 1000
    WHEN "currency" IN ('BHD', 'JOD', 'KWD', 'OMR', 'TND') THEN 1
    ELSE 10
END;
