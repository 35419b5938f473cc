import "server-only";
import { assertRecentAuth } from "@/lib/account/reauth";
import { bindCertificateApiUser, chooseCertificateApiUser } from "@/lib/api-users/credential-set";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { getCa } from "@/lib/certificates/ca";
import { checkCsr, type CertificateScope } from "@/lib/certificates/csr";
import { signClientCertificate } from "@/lib/certificates/issue";
import {
  listCertificatesSchema,
  revokeCertificateSchema,
  submitCsrSchema,
  type RevocationReason,
  type RevokeCertificateInput,
  type SubmitCsrInput,
} from "@/lib/certificates/schemas";
import { validCertificateWhere } from "@/lib/certificates/queries";
import { daysLeft, isValidAt, statusesOf, type CertificateStatus } from "@/lib/certificates/status";
import { db, onPostgres, type Tx } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import { AppError, notFound } from "@/lib/errors";
import { requireProgram } from "@/lib/programs/queries";
import { parseInput } from "@/lib/validation";
import { emitEvent } from "@/lib/webhooks/events";

export interface CertificateDto {
  id: string;
  environment: Environment;
  programId: string | null;
  apiUserId: string | null;
  serialHex: string;
  fingerprintSha256: string;
  subject: string;
  dnsNames: string[];
  keyType: string;
  notBefore: Date;
  notAfter: Date;
  daysLeft: number;
  status: CertificateStatus;
  supersededBy: string | null;
  revokedAt: Date | null;
  revocationReason: string | null;
  createdAt: Date;
}

type Row = Awaited<ReturnType<typeof db.certificate.findFirstOrThrow>>;

function toDto(c: Row, s: { status: CertificateStatus; supersededBy: string | null }, now: Date): CertificateDto {
  return {
    id: c.id,
    environment: c.environment as Environment,
    programId: c.programId,
    apiUserId: c.apiUserId,
    serialHex: c.serialHex,
    fingerprintSha256: c.fingerprintSha256,
    subject: c.subject,
    dnsNames: JSON.parse(c.dnsNames) as string[],
    keyType: c.keyType,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    daysLeft: daysLeft(c.notAfter, now),
    status: s.status,
    supersededBy: s.supersededBy,
    revokedAt: c.revokedAt,
    revocationReason: c.revocationReason,
    createdAt: c.createdAt,
  };
}

const auditView = (c: {
  serialHex: string;
  fingerprintSha256: string;
  environment: string;
  programId: string | null;
  apiUserId: string | null;
  notAfter: Date;
  subject: string;
}) => ({
  serial: c.serialHex,
  fingerprint: c.fingerprintSha256,
  environment: c.environment,
  scope: c.programId ?? "tenant",
  apiUser: c.apiUserId,
  subject: c.subject,
  notAfter: c.notAfter.toISOString(),
});

/** Certificates of one scope (a Program, or the Tenant when programId is null) in one environment, newest first. */
async function scopeRows(tenantId: string, environment: string, programId: string | null) {
  return db.certificate.findMany({ where: { tenantId, environment, programId }, orderBy: { createdAt: "desc" } });
}

/**
 * No key reuse across certificates: refuses a public key that is in an active certificate of any tenant.
 * Runs inside the issuing transaction, so two submissions of one key cannot both pass: SQLite write
 * transactions start with BEGIN IMMEDIATE (one writer at a time); on PostgreSQL (READ COMMITTED) a
 * transaction-scoped advisory lock on the key's hash makes a concurrent submission of the same key
 * wait until this one commits, then see its row. A hashtext collision only serialises two unrelated keys.
 */
async function assertKeyNotInUse(tx: Tx, publicKeySha256: string, now: Date): Promise<void> {
  if (onPostgres) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${publicKeySha256}::text))`;
  const reused = await tx.certificate.findFirst({
    where: { publicKeySha256, revokedAt: null, notAfter: { gt: now } },
    select: { id: true },
  });
  if (reused) {
    throw new AppError(
      "CSR_KEY_REUSED",
      "This public key is already in an active certificate. Generate a new key pair for every certificate (renewals too).",
      "csr",
    );
  }
}

/**
 * Checks a CSR against the CA policy and issues a 90-day client certificate for the scope, bound to one
 * API user (credential set): the gateway accepts it only with that API user's key.
 * An existing valid certificate of the scope stays valid (renewal overlap). Nothing is stored on refusal.
 */
export async function submitCsr(
  ctx: Ctx,
  input: SubmitCsrInput,
  now = new Date(),
): Promise<CertificateDto & { certificatePem: string }> {
  assertCan(ctx, "certificates:write");
  const tenantId = tenantOf(ctx);
  const data = parseInput(submitCsrSchema, input);
  if (data.programId) await requireProgram(db, ctx, data.programId);
  const apiUser = await chooseCertificateApiUser(tenantId, data.programId, data.apiUserId);
  const tenant = await db.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { legalName: true, programs: { select: { id: true } } },
  });
  const scope: CertificateScope = data.programId ? { kind: "program", programId: data.programId } : { kind: "tenant" };
  const checked = await checkCsr(data.csrPem, {
    legalName: tenant.legalName,
    scope,
    tenantProgramIds: tenant.programs.map((p) => p.id),
  });
  const ca = await getCa(data.environment);
  const issued = await signClientCertificate(ca, checked, now);
  return db.$transaction(async (tx) => {
    await assertKeyNotInUse(tx, checked.publicKeySha256, now);
    const apiUserId = await bindCertificateApiUser(tx, ctx, tenantId, data.programId, apiUser);
    const row = await tx.certificate.create({
      data: {
        tenantId,
        programId: data.programId,
        environment: data.environment,
        caId: ca.id,
        serialHex: issued.serialHex,
        fingerprintSha256: issued.fingerprintSha256,
        publicKeySha256: checked.publicKeySha256,
        keyType: checked.keyType,
        subject: checked.subject,
        dnsNames: JSON.stringify(checked.dnsNames),
        notBefore: issued.notBefore,
        notAfter: issued.notAfter,
        certificatePem: issued.pem,
        apiUserId,
        createdById: ctx.userId,
      },
    });
    await recordAudit(tx, ctx, {
      action: "certificate.issued",
      targetType: "certificate",
      targetId: row.id,
      after: { ...auditView(row), keyType: row.keyType },
    });
    await emitEvent(tx, {
      tenantId,
      programId: row.programId,
      type: "certificate.issued",
      data: { certificate: { id: row.id, ...auditView(row) } },
      now,
    });
    return { ...toDto(row, { status: "active", supersededBy: null }, now), certificatePem: row.certificatePem };
  });
}

export async function listCertificates(
  ctx: Ctx,
  input: { environment: string; programId: string | null },
  now = new Date(),
): Promise<CertificateDto[]> {
  assertCan(ctx, "certificates:read");
  const tenantId = tenantOf(ctx);
  const { environment, programId } = listCertificatesSchema.parse(input);
  if (programId) await requireProgram(db, ctx, programId);
  const rows = await scopeRows(tenantId, environment, programId);
  const statuses = statusesOf(rows, now);
  return rows.map((r) => toDto(r, statuses.get(r.id)!, now));
}

/** One certificate with its PEM; another tenant's is not found. */
export async function getCertificate(
  ctx: Ctx,
  certificateId: string,
  now = new Date(),
): Promise<CertificateDto & { certificatePem: string; caCertificatePem: string }> {
  assertCan(ctx, "certificates:read");
  const tenantId = tenantOf(ctx);
  const row = await db.certificate.findFirst({
    where: { id: certificateId, tenantId },
    include: { ca: { select: { certificatePem: true } } },
  });
  if (!row) throw notFound("Certificate");
  const statuses = statusesOf(await scopeRows(tenantId, row.environment, row.programId), now);
  return {
    ...toDto(row, statuses.get(row.id)!, now),
    certificatePem: row.certificatePem,
    caCertificatePem: row.ca.certificatePem,
  };
}

async function revoke(
  ctx: Ctx,
  certificateId: string,
  reason: RevocationReason,
  action: string,
  now: Date,
  /** a further check on the row, read in the same transaction (`tx`, never `db`: see lib/db.ts SqliteTurn) */
  guard?: (tx: Tx, row: Row) => Promise<void>,
) {
  const tenantId = tenantOf(ctx);
  return db.$transaction(async (tx) => {
    const row = await tx.certificate.findFirst({ where: { id: certificateId, tenantId } });
    if (!row) throw notFound("Certificate");
    if (row.revokedAt)
      throw new AppError(
        "CONFLICT",
        `This certificate was already revoked on ${row.revokedAt.toISOString().slice(0, 10)}.`,
      );
    await guard?.(tx, row);
    const { count } = await tx.certificate.updateMany({
      where: { id: row.id, tenantId, revokedAt: null },
      data: { revokedAt: now, revocationReason: reason },
    });
    if (count !== 1) throw new AppError("CONFLICT", "This certificate was revoked meanwhile.");
    await recordAudit(tx, ctx, {
      action,
      targetType: "certificate",
      targetId: row.id,
      before: { ...auditView(row), revoked: false },
      after: { ...auditView(row), revoked: true, reason },
    });
    await emitEvent(tx, {
      tenantId,
      programId: row.programId,
      type: "certificate.revoked",
      data: { certificate: { id: row.id, ...auditView(row) }, reason, revokedAt: now.toISOString() },
      now,
    });
    return { id: row.id, serialHex: row.serialHex, revokedAt: now, reason };
  });
}

/** Revokes a certificate at once (it lands on the CA's CRL). */
export async function revokeCertificate(ctx: Ctx, input: RevokeCertificateInput, now = new Date()) {
  assertCan(ctx, "certificates:write");
  const data = parseInput(revokeCertificateSchema, input);
  await assertRecentAuth(ctx, now);
  return revoke(ctx, data.certificateId, data.reason, "certificate.revoked", now);
}

/** Ends a renewal overlap: revokes (reason superseded) an old certificate once a newer valid one of the same API user exists. */
export async function retireCertificate(ctx: Ctx, certificateId: string, now = new Date()) {
  assertCan(ctx, "certificates:write");
  // a revocation too (superseded): the same recent password as revokeCertificate
  await assertRecentAuth(ctx, now);
  return revoke(ctx, String(certificateId), "superseded", "certificate.retired", now, async (tx, row) => {
    const newer = await tx.certificate.findFirst({
      where: {
        tenantId: row.tenantId,
        environment: row.environment,
        programId: row.programId,
        apiUserId: row.apiUserId,
        ...validCertificateWhere(now),
        createdAt: { gt: row.createdAt },
      },
      select: { id: true },
    });
    if (!newer)
      throw new AppError(
        "CONFLICT",
        "There is no newer valid certificate for this API user: retiring this one would leave its credential set without a certificate. Revoke it instead if that is intended.",
      );
  });
}

export async function getCaCertificatePem(environment: Environment): Promise<string> {
  return (await getCa(environment)).certificatePem;
}

export { isValidAt };

/** The certificates issued for one API user, both environments, newest first. */
export async function listCertificatesOfApiUser(
  ctx: Ctx,
  apiUserId: string,
  now = new Date(),
): Promise<CertificateDto[]> {
  assertCan(ctx, "certificates:read");
  const tenantId = tenantOf(ctx);
  const user = await db.apiUser.findFirst({ where: { id: apiUserId, tenantId }, select: { programId: true } });
  if (!user) throw notFound("API user");
  const mine = await db.certificate.findMany({ where: { tenantId, apiUserId }, orderBy: { createdAt: "desc" } });
  const out: CertificateDto[] = [];
  for (const env of new Set(mine.map((c) => c.environment))) {
    const statuses = statusesOf(await scopeRows(tenantId, env, user.programId), now);
    for (const c of mine.filter((m) => m.environment === env)) out.push(toDto(c, statuses.get(c.id)!, now));
  }
  return out.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

export interface CertificateMatch {
  id: string;
  environment: Environment;
  programId: string | null;
  serialHex: string;
  notAfter: Date;
  revokedAt: Date | null;
}

/**
 * The Tenant's certificates whose serial starts with `serialPrefix`, newest first, at most `limit` (command palette).
 * The prefix is at least 4 hexadecimal digits, with or without colons, any case ("0a:1b" finds 0A1B...); anything else finds nothing.
 */
export async function findCertificatesBySerial(
  ctx: Ctx,
  serialPrefix: string,
  limit: number,
): Promise<CertificateMatch[]> {
  assertCan(ctx, "certificates:read");
  const tenantId = tenantOf(ctx);
  const prefix = serialPrefix.replace(/[\s:]/g, "").toUpperCase();
  if (!/^[0-9A-F]{4,64}$/.test(prefix)) return [];
  const rows = await db.certificate.findMany({
    where: { tenantId, serialHex: { startsWith: prefix } },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, environment: true, programId: true, serialHex: true, notAfter: true, revokedAt: true },
  });
  return rows.map((r) => ({ ...r, environment: r.environment as Environment }));
}

export interface ExpiringCertificate {
  id: string;
  environment: Environment;
  programId: string | null;
  serialHex: string;
  notAfter: Date;
  daysLeft: number;
}

/**
 * The Tenant's certificates expiring within `withDays` that nothing replaces yet: a certificate of the same
 * scope and environment that stays valid longer means the renewal is done. Soonest first, at most 20.
 */
export async function listExpiringCertificates(
  ctx: Ctx,
  withinDays = 30,
  now = new Date(),
): Promise<ExpiringCertificate[]> {
  assertCan(ctx, "certificates:read");
  const tenantId = tenantOf(ctx);
  const horizon = new Date(now.getTime() + withinDays * 86_400_000);
  const expiring = await db.certificate.findMany({
    where: { tenantId, revokedAt: null, notAfter: { gt: now, lte: horizon } },
    orderBy: { notAfter: "asc" },
    take: 20,
    select: { id: true, environment: true, programId: true, serialHex: true, notAfter: true },
  });
  const out: ExpiringCertificate[] = [];
  for (const c of expiring) {
    const renewed = await db.certificate.findFirst({
      where: {
        tenantId,
        environment: c.environment,
        programId: c.programId,
        revokedAt: null,
        notAfter: { gt: horizon },
      },
      select: { id: true },
    });
    if (!renewed) out.push({ ...c, environment: c.environment as Environment, daysLeft: daysLeft(c.notAfter, now) });
  }
  return out;
}
