-- CreateTable
CREATE TABLE "CardDesign" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "name" TEXT NOT NULL,
    "cardType" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "finish" TEXT NOT NULL,
    "notes" TEXT,
    "artwork" BYTEA NOT NULL,
    "artworkSha256" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "checks" TEXT NOT NULL,
    "submittedById" TEXT,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedBy" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "rejectionReason" TEXT,
    "rejectionNote" TEXT,

    CONSTRAINT "CardDesign_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CardDesign_status_submittedAt_idx" ON "CardDesign"("status", "submittedAt");

-- CreateIndex
CREATE INDEX "CardDesign_tenantId_programId_slot_idx" ON "CardDesign"("tenantId", "programId", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "CardDesign_programId_slot_version_key" ON "CardDesign"("programId", "slot", "version");

