-- Bank credentials sealed at rest: sealed and masked columns beside the clear ones, which become nullable.
-- SQL cannot encrypt: the data step lib/bank/seal-existing.ts (run by `npm run db:migrate` and at server start)
-- seals every row still holding clear values and nulls the clear columns in one transaction. The clear
-- columns stay (always null after that step) until a later migration drops them.

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BankCredentials" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "accountHolder" TEXT NOT NULL,
    "accountNumber" TEXT,
    "accountNumberSealed" TEXT,
    "accountNumberMasked" TEXT,
    "scheme" TEXT NOT NULL,
    "routingCode" TEXT,
    "routingCodeSealed" TEXT,
    "routingCodeMasked" TEXT,
    "bic" TEXT NOT NULL,
    "paymentReferenceFormat" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_BankCredentials" ("accountHolder", "accountNumber", "bic", "id", "paymentReferenceFormat", "programId", "routingCode", "scheme", "tenantId", "updatedAt", "updatedBy") SELECT "accountHolder", "accountNumber", "bic", "id", "paymentReferenceFormat", "programId", "routingCode", "scheme", "tenantId", "updatedAt", "updatedBy" FROM "BankCredentials";
DROP TABLE "BankCredentials";
ALTER TABLE "new_BankCredentials" RENAME TO "BankCredentials";
CREATE UNIQUE INDEX "BankCredentials_programId_key" ON "BankCredentials"("programId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

