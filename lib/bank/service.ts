import "server-only";
import { assertRecentAuth } from "@/lib/account/reauth";
import { setBankCredentialsSchema, type BankScheme, type SetBankCredentialsInput } from "@/lib/bank/schemas";
import { maskAccountNumber, maskRoutingCode, openBankValue, sealedBankColumns } from "@/lib/bank/sealing";
import { formatIban, formatSortCode } from "@/lib/bank/validate";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation, notFound } from "@/lib/errors";
import { requireProgram } from "@/lib/programs/queries";
import { parseInput } from "@/lib/validation";

/**
 * A Program's inbound bank account as everyone with `bank:read` sees it: the account number and the
 * routing code show their last 4 characters only. BIC, holder and reference format are not secret.
 */
export interface BankCredentialsMaskedDto {
  programId: string;
  scheme: BankScheme;
  accountHolder: string;
  accountNumberMasked: string;
  routingCodeMasked: string | null;
  bic: string;
  paymentReferenceFormat: string;
  updatedByLabel: string;
  updatedAt: Date;
}

/** The clear values, returned only by `revealBankCredentials` (audited). Display forms for people, compact forms for copying. */
export interface BankCredentialsRevealedDto {
  programId: string;
  scheme: BankScheme;
  accountHolder: string;
  /** IBAN without spaces, or the local account number */
  accountNumber: string;
  /** IBAN in groups of four; the account number as is */
  accountNumberDisplay: string;
  routingCode: string | null;
  /** sort code as 12-34-56; ABA as is */
  routingCodeDisplay: string | null;
  bic: string;
  paymentReferenceFormat: string;
}

/** A stored row: the account number and routing code sealed, their masked forms beside them (lib/bank/sealing.ts). */
type Row = {
  id: string;
  programId: string;
  scheme: string;
  accountHolder: string;
  accountNumberSealed: string | null;
  accountNumberMasked: string | null;
  routingCodeSealed: string | null;
  routingCodeMasked: string | null;
  bic: string;
  paymentReferenceFormat: string;
  updatedBy: string;
  updatedAt: Date;
};

/** A row the data step has not sealed yet (written before the migration, server not restarted since): refuse, never read clear columns. */
function sealedAccountNumber(r: Row): { sealed: string; masked: string } {
  if (r.accountNumberSealed === null || r.accountNumberMasked === null) {
    throw new Error(
      `The bank credentials of program ${r.programId} are not sealed yet: run npm run db:migrate (or restart the server).`,
    );
  }
  return { sealed: r.accountNumberSealed, masked: r.accountNumberMasked };
}

/** The clear account number and routing code of a row, unsealed with the master key. */
function openRow(r: Row): { accountNumber: string; routingCode: string | null } {
  return {
    accountNumber: openBankValue(r.programId, "accountNumber", sealedAccountNumber(r).sealed),
    routingCode: r.routingCodeSealed === null ? null : openBankValue(r.programId, "routingCode", r.routingCodeSealed),
  };
}

/** Axys staff change these through the CLI: tenants see "Axys", not the operator's login. */
const updatedByLabel = (updatedBy: string) => (updatedBy.startsWith("cli:") ? "Axys" : updatedBy);

function toMasked(r: Row): BankCredentialsMaskedDto {
  const scheme = r.scheme as BankScheme;
  return {
    programId: r.programId,
    scheme,
    accountHolder: r.accountHolder,
    accountNumberMasked: sealedAccountNumber(r).masked,
    routingCodeMasked: r.routingCodeMasked,
    bic: r.bic,
    paymentReferenceFormat: r.paymentReferenceFormat,
    updatedByLabel: updatedByLabel(r.updatedBy),
    updatedAt: r.updatedAt,
  };
}

function toRevealed(r: Row): BankCredentialsRevealedDto {
  const scheme = r.scheme as BankScheme;
  const { accountNumber, routingCode } = openRow(r);
  return {
    programId: r.programId,
    scheme,
    accountHolder: r.accountHolder,
    accountNumber,
    accountNumberDisplay: scheme === "iban" ? formatIban(accountNumber) : accountNumber,
    routingCode,
    routingCodeDisplay: routingCode && scheme === "uk" ? formatSortCode(routingCode) : routingCode,
    bic: r.bic,
    paymentReferenceFormat: r.paymentReferenceFormat,
  };
}

/** The comparable (clear) values of a row, for the audit event's changed-field list; never stored or logged. */
type Values = {
  scheme: string;
  accountHolder: string;
  accountNumber: string;
  routingCode: string | null;
  bic: string;
  paymentReferenceFormat: string;
};

/** What the audit log keeps of a row: masked numbers only, never the full account number or routing code. */
const auditView = (programId: string, v: Values) => ({
  programId,
  scheme: v.scheme,
  accountHolder: v.accountHolder,
  accountNumber: maskAccountNumber(v.accountNumber),
  routingCode: maskRoutingCode(v.scheme as BankScheme, v.routingCode),
  bic: v.bic,
  paymentReferenceFormat: v.paymentReferenceFormat,
});

const FIELDS = ["scheme", "accountHolder", "accountNumber", "routingCode", "bic", "paymentReferenceFormat"] as const;

/**
 * Sets (creates or replaces) a Program's inbound bank account. Axys staff only (the CLI); every
 * number is checked for its scheme (IBAN MOD 97, sort code, ABA 3-7-1 checksum, BIC format) and
 * stored normalised. The audit event carries masked numbers and the names of the changed fields.
 */
export async function setBankCredentials(ctx: Ctx, input: SetBankCredentialsInput): Promise<BankCredentialsMaskedDto> {
  assertCan(ctx, "bank:manage");
  const tenantId = tenantOf(ctx);
  const data = parseInput(setBankCredentialsSchema, input);
  const next: Values = {
    scheme: data.scheme,
    accountHolder: data.accountHolder,
    accountNumber: data.accountNumber,
    routingCode: data.routingCode,
    bic: data.bic,
    paymentReferenceFormat: data.paymentReferenceFormat,
  };
  // Only sealed values and masks are written: the clear account number and routing code never reach the database.
  const values = {
    scheme: data.scheme,
    accountHolder: data.accountHolder,
    bic: data.bic,
    paymentReferenceFormat: data.paymentReferenceFormat,
    updatedBy: ctx.actorLabel,
    ...sealedBankColumns(data.programId, data.scheme, data.accountNumber, data.routingCode),
  };
  try {
    const row = await db.$transaction(async (tx) => {
      await requireProgram(tx, ctx, data.programId);
      const before = await tx.bankCredentials.findFirst({ where: { programId: data.programId, tenantId } });
      const previous: Values | null = before ? { ...before, ...openRow(before) } : null;
      let saved: Row;
      if (before) {
        const { count } = await tx.bankCredentials.updateMany({ where: { id: before.id, tenantId }, data: values });
        if (count !== 1) throw notFound("Bank credentials");
        saved = await tx.bankCredentials.findFirstOrThrow({ where: { id: before.id, tenantId } });
      } else {
        saved = await tx.bankCredentials.create({ data: { tenantId, programId: data.programId, ...values } });
      }
      // Sealed values differ on every write (fresh IV): compare the clear values.
      const changed = FIELDS.filter((f) => !previous || previous[f] !== next[f]);
      await recordAudit(tx, ctx, {
        action: "bank_credentials.set",
        targetType: "bank_credentials",
        targetId: saved.id,
        before: previous ? auditView(data.programId, previous) : undefined,
        after: { ...auditView(data.programId, next), changed },
      });
      return saved;
    });
    return toMasked(row);
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError(
        "CONFLICT",
        "This Program's bank credentials were being set at the same time: run the command again.",
        "programId",
      );
    throw e;
  }
}

/** The Program's bank credentials, masked; null when Axys has not set them yet. Per Program, whatever the environment. */
export async function getBankCredentialsMasked(ctx: Ctx, programId: string): Promise<BankCredentialsMaskedDto | null> {
  assertCan(ctx, "bank:read");
  const tenantId = tenantOf(ctx);
  await requireProgram(db, ctx, programId);
  const row = await db.bankCredentials.findFirst({ where: { programId: String(programId), tenantId } });
  return row ? toMasked(row) : null;
}

/**
 * The clear values, for an administrator. The reveal is audited (`bank_credentials.revealed`, with
 * the environment the caller was in) in the same transaction as the read, before anything is returned.
 */
export async function revealBankCredentials(ctx: Ctx, programId: string): Promise<BankCredentialsRevealedDto> {
  assertCan(ctx, "bank:reveal");
  const tenantId = tenantOf(ctx);
  await assertRecentAuth(ctx);
  return db.$transaction(async (tx) => {
    await requireProgram(tx, ctx, programId);
    const row = await tx.bankCredentials.findFirst({ where: { programId: String(programId), tenantId } });
    if (!row) throw notFound("Bank credentials");
    await recordAudit(tx, ctx, {
      action: "bank_credentials.revealed",
      targetType: "bank_credentials",
      targetId: row.id,
      after: { programId: row.programId, environment: ctx.environment },
    });
    return toRevealed(row);
  });
}
