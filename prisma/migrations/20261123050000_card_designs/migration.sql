-- CreateTable
CREATE TABLE "CardDesign" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "artwork" BLOB NOT NULL,
    "artworkSha256" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "checks" TEXT NOT NULL,
    "submittedById" TEXT,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedBy" TEXT,
    "reviewedAt" DATETIME,
    "rejectionReason" TEXT,
    "rejectionNote" TEXT
);

-- CreateIndex
CREATE INDEX "CardDesign_status_submittedAt_idx" ON "CardDesign"("status", "submittedAt");

-- CreateIndex
CREATE INDEX "CardDesign_tenantId_programId_slot_idx" ON "CardDesign"("tenantId", "programId", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "CardDesign_programId_slot_version_key" ON "CardDesign"("programId", "slot", "version");

