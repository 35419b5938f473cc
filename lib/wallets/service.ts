import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation, notFound } from "@/lib/errors";
import { requireProgram } from "@/lib/programs/queries";
import { parseInput } from "@/lib/validation";
import {
  addWalletAddressSchema,
  CHAIN_INFO,
  MAX_WALLETS_PER_PROGRAM,
  removeWalletAddressSchema,
  type AddWalletAddressInput,
  type Chain,
} from "@/lib/wallets/schemas";
import { validateAddress } from "@/lib/wallets/validate";

export interface WalletAddressDto {
  id: string;
  programId: string;
  chain: Chain;
  address: string;
  label: string;
  createdByLabel: string;
  createdAt: Date;
}

type Row = {
  id: string;
  programId: string;
  chain: string;
  address: string;
  label: string;
  createdById: string | null;
  createdAt: Date;
};

const OPERATOR_LABEL = "Axys operator";

/** Who added each row: the user's email (users of the same tenant only), or the Axys operator for CLI changes. */
async function labelsOf(tenantId: string, rows: Row[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => !!id))];
  if (ids.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: ids }, tenantId }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}

function toDto(r: Row, labels: Map<string, string>): WalletAddressDto {
  return {
    id: r.id,
    programId: r.programId,
    chain: r.chain as Chain,
    address: r.address,
    label: r.label,
    createdByLabel: r.createdById ? (labels.get(r.createdById) ?? "a former user") : OPERATOR_LABEL,
    createdAt: r.createdAt,
  };
}

const auditView = (r: Row) => ({ programId: r.programId, chain: r.chain, address: r.address, label: r.label });

/** The Program's wallet address whitelist, newest first. Per Program, whatever the environment. */
export async function listWalletAddresses(ctx: Ctx, programId: string): Promise<WalletAddressDto[]> {
  assertCan(ctx, "wallets:read");
  const tenantId = tenantOf(ctx);
  await requireProgram(db, ctx, programId);
  const rows = await db.walletAddress.findMany({
    where: { tenantId, programId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const labels = await labelsOf(tenantId, rows);
  return rows.map((r) => toDto(r, labels));
}

/**
 * Adds an address to a Program's whitelist after checking it for its chain (checksums, lengths,
 * mainnet only); stores its normalised form (EIP-55 for EVM, lowercase bech32). Duplicates and more
 * than MAX_WALLETS_PER_PROGRAM addresses are refused.
 */
export async function addWalletAddress(ctx: Ctx, input: AddWalletAddressInput): Promise<WalletAddressDto> {
  assertCan(ctx, "wallets:write");
  const tenantId = tenantOf(ctx);
  const data = parseInput(addWalletAddressSchema, input);
  await requireProgram(db, ctx, data.programId);
  const checked = validateAddress(data.chain, data.address);
  if (!checked.ok) throw new AppError("VALIDATION", checked.message, "address", { address: checked.message });
  const address = checked.normalized;
  const duplicate = (label: string | null) => {
    const message = `This ${CHAIN_INFO[data.chain].label} address is already on this Program's whitelist${label ? ` ("${label}")` : ""}.`;
    return new AppError("CONFLICT", message, "address", { address: message });
  };
  try {
    const row = await db.$transaction(async (tx) => {
      const scope = { tenantId, programId: data.programId };
      const existing = await tx.walletAddress.findFirst({
        where: { ...scope, chain: data.chain, address },
        select: { label: true },
      });
      if (existing) throw duplicate(existing.label);
      if ((await tx.walletAddress.count({ where: scope })) >= MAX_WALLETS_PER_PROGRAM) {
        const message = `This Program's whitelist already has ${MAX_WALLETS_PER_PROGRAM} addresses, the limit. Remove ones no longer used first.`;
        throw new AppError("CONFLICT", message, "address", { address: message });
      }
      const created = await tx.walletAddress.create({
        data: { ...scope, chain: data.chain, address, label: data.label, createdById: ctx.userId },
      });
      await recordAudit(tx, ctx, {
        action: "wallet.added",
        targetType: "wallet_address",
        targetId: created.id,
        after: auditView(created),
      });
      return created;
    });
    return toDto(row, await labelsOf(tenantId, [row]));
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(null);
    throw e;
  }
}

export async function removeWalletAddress(ctx: Ctx, input: { id: string }): Promise<{ id: string; programId: string }> {
  assertCan(ctx, "wallets:write");
  const tenantId = tenantOf(ctx);
  const { id } = parseInput(removeWalletAddressSchema, input);
  return db.$transaction(async (tx) => {
    const row = await tx.walletAddress.findFirst({ where: { id, tenantId } });
    if (!row) throw notFound("Wallet address");
    const { count } = await tx.walletAddress.deleteMany({ where: { id: row.id, tenantId } });
    if (count !== 1) throw notFound("Wallet address");
    await recordAudit(tx, ctx, {
      action: "wallet.removed",
      targetType: "wallet_address",
      targetId: row.id,
      before: auditView(row),
    });
    return { id: row.id, programId: row.programId };
  });
}
