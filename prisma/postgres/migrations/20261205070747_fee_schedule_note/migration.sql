-- AlterTable
ALTER TABLE "FeeSchedule" ADD COLUMN     "note" TEXT;

