-- CreateTable
CREATE TABLE "CertificateAuthority" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "environment" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "certificatePem" TEXT NOT NULL,
    "sealedKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "programId" TEXT,
    "environment" TEXT NOT NULL,
    "caId" TEXT NOT NULL,
    "serialHex" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "publicKeySha256" TEXT NOT NULL,
    "keyType" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "dnsNames" TEXT NOT NULL,
    "notBefore" DATETIME NOT NULL,
    "notAfter" DATETIME NOT NULL,
    "certificatePem" TEXT NOT NULL,
    "revokedAt" DATETIME,
    "revocationReason" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Certificate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Certificate_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Certificate_caId_fkey" FOREIGN KEY ("caId") REFERENCES "CertificateAuthority" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CertificateAuthority_environment_key" ON "CertificateAuthority"("environment");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_serialHex_key" ON "Certificate"("serialHex");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_fingerprintSha256_key" ON "Certificate"("fingerprintSha256");

-- CreateIndex
CREATE INDEX "Certificate_tenantId_environment_programId_notAfter_idx" ON "Certificate"("tenantId", "environment", "programId", "notAfter");

-- CreateIndex
CREATE INDEX "Certificate_publicKeySha256_idx" ON "Certificate"("publicKeySha256");

-- CreateIndex
CREATE INDEX "Certificate_caId_revokedAt_idx" ON "Certificate"("caId", "revokedAt");

