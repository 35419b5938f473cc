-- Bank credentials sealed at rest: sealed and masked columns beside the clear ones, which become nullable.
-- SQL cannot encrypt: the data step lib/bank/seal-existing.ts (run by `npm run db:migrate` and at server start)
-- seals every row still holding clear values and nulls the clear columns in one transaction. The clear
-- columns stay (always null after that step) until a later migration drops them.

-- AlterTable
ALTER TABLE "BankCredentials" ADD COLUMN     "accountNumberMasked" TEXT,
ADD COLUMN     "accountNumberSealed" TEXT,
ADD COLUMN     "routingCodeMasked" TEXT,
ADD COLUMN     "routingCodeSealed" TEXT,
ALTER COLUMN "accountNumber" DROP NOT NULL;

