import "server-only";
import { containsInsensitive, db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  CURSOR_PATTERN,
  DAY_MS,
  type TransactionFilter,
  type TransactionSort,
  type TransactionStatus,
  type TransactionType,
} from "@/lib/monitoring/schemas";
import { scopeWhere, type MonitoringScope } from "@/lib/monitoring/scope";
import { maskCardholderRef } from "@/lib/partners/visibility";
import { CURRENCIES } from "@/lib/core/currencies";
import { formatMinor } from "@/lib/core/money";

// The transaction list's query: filters to a `where`, the keyset cursor, and rows to what a reader may see.
// Shared by the list, the count, the detail page and the CSV export (lib/monitoring/transactions.ts), so they agree.

export interface TransactionDto {
  id: string;
  programId: string;
  programName: string;
  type: TransactionType;
  status: TransactionStatus;
  /** decimal string in the currency's major unit */
  amount: string;
  currency: string;
  cardLast4: string;
  cardholderRef: string;
  /** null when hidden from a partner, or unknown */
  merchantName: string | null;
  merchantCategory: string | null;
  merchantCountry: string | null;
  reference: string;
  createdAt: Date;
}

export interface TransactionPage {
  transactions: TransactionDto[];
  nextCursor: string | null;
  merchantShown: boolean;
}

/** The sort key column of each sort and its direction; every sort ends with the id, so the order is total. */
export const SORTS: Record<TransactionSort, { key: "createdAt" | "amountNominal"; dir: "asc" | "desc" }> = {
  date_desc: { key: "createdAt", dir: "desc" },
  date_asc: { key: "createdAt", dir: "asc" },
  amount_desc: { key: "amountNominal", dir: "desc" },
  amount_asc: { key: "amountNominal", dir: "asc" },
};

type Position = { createdAt: Date; amountNominal: bigint; id: string };
/** Keyset cursor: the sort, the last row's sort key and its id. Opaque to users, validated on the way in. */
function encodeCursor(sort: TransactionSort, t: Position): string {
  return `${sort}~${SORTS[sort].key === "createdAt" ? t.createdAt.getTime() : t.amountNominal}~${t.id}`;
}
function decodeCursor(c: string, sort: TransactionSort): { key: Date | bigint; id: string } {
  const m = CURSOR_PATTERN.exec(c);
  if (!m || m[1] !== sort)
    throw new AppError("VALIDATION", "This page link is not valid any more: start from the first page.", "cursor");
  return { key: SORTS[sort].key === "createdAt" ? new Date(Number(m[2])) : BigInt(m[2]), id: m[3] };
}

/** Minor-unit bounds of a major-unit amount for one exponent: a minimum rounds up, a maximum down. */
function boundMinor(major: string, units: number, dir: "min" | "max"): bigint {
  const [whole, frac = ""] = major.split(".");
  const kept = BigInt(whole + frac.slice(0, units).padEnd(units, "0"));
  const dropped = /[1-9]/.test(frac.slice(units));
  return dir === "min" && dropped ? kept + 1n : kept;
}

/** The amount range as one condition per minor-unit exponent, each over the currencies that have it. */
function amountWhere(min?: string, max?: string) {
  if (!min && !max) return {};
  const byUnits = new Map<number, string[]>();
  for (const [code, c] of Object.entries(CURRENCIES))
    byUnits.set(c.minorUnits, [...(byUnits.get(c.minorUnits) ?? []), code]);
  return {
    OR: [...byUnits].map(([units, codes]) => ({
      currency: { in: codes },
      amountMinor: {
        ...(min ? { gte: boundMinor(min, units, "min") } : {}),
        ...(max ? { lte: boundMinor(max, units, "max") } : {}),
      },
    })),
  };
}

export function transactionWhere(s: MonitoringScope, f: TransactionFilter) {
  const and: object[] = [];
  if (f.q) {
    const q = f.q;
    and.push({
      OR: [
        { id: q },
        { reference: containsInsensitive(q) },
        ...(s.partner && !s.partner.includeMerchant ? [] : [{ merchantName: containsInsensitive(q) }]),
        ...(s.partner ? [] : [{ cardholderRef: q }]),
      ],
    });
  }
  if (f.min || f.max) and.push(amountWhere(f.min, f.max));
  if (f.cursor) {
    const c = decodeCursor(f.cursor, f.sort);
    const { key, dir } = SORTS[f.sort];
    // (key, id) after (c.key, c.id) in the sort's direction, written so the index seeks to the position: the plain
    // "a < x OR (a = x AND b < y)" made SQLite scan from the first row on every page (cost grew with depth)
    const [within, beyond] = dir === "desc" ? (["lte", "lt"] as const) : (["gte", "gt"] as const);
    and.push({ [key]: { [within]: c.key } }, { OR: [{ [key]: { [beyond]: c.key } }, { id: { [beyond]: c.id } }] });
  }
  return {
    ...scopeWhere(s),
    ...(f.from || f.to
      ? {
          createdAt: {
            ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}),
            ...(f.to ? { lt: new Date(Date.parse(`${f.to}T00:00:00Z`) + DAY_MS) } : {}),
          },
        }
      : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(and.length ? { AND: and } : {}),
  };
}

/** The columns a page shows (not the bookkeeping ones): less for the driver and Prisma to map. */
export const ROW_SELECT = {
  id: true,
  programId: true,
  type: true,
  status: true,
  amountMinor: true,
  currency: true,
  cardLast4: true,
  cardholderRef: true,
  merchantName: true,
  merchantCategory: true,
  merchantCountry: true,
  reference: true,
  createdAt: true,
  amountNominal: true,
} as const;
type Row = { [K in keyof typeof ROW_SELECT]: Awaited<ReturnType<typeof db.transaction.findFirstOrThrow>>[K] };

export function toDto(s: MonitoringScope, r: Row): TransactionDto {
  const hideMerchant = !!s.partner && !s.partner.includeMerchant;
  return {
    id: r.id,
    programId: r.programId,
    programName: s.programNames.get(r.programId) ?? r.programId,
    type: r.type as TransactionType,
    status: r.status as TransactionStatus,
    amount: formatMinor(r.amountMinor, r.currency),
    currency: r.currency,
    cardLast4: r.cardLast4,
    cardholderRef: s.partner ? maskCardholderRef(r.cardholderRef) : r.cardholderRef,
    merchantName: hideMerchant ? null : r.merchantName,
    merchantCategory: hideMerchant ? null : r.merchantCategory,
    merchantCountry: hideMerchant ? null : r.merchantCountry,
    reference: r.reference,
    createdAt: r.createdAt,
  };
}

export async function pageOf(s: MonitoringScope, f: TransactionFilter, limit: number): Promise<TransactionPage> {
  const { key, dir } = SORTS[f.sort];
  const rows = await db.transaction.findMany({
    where: transactionWhere(s, f),
    orderBy: [{ [key]: dir }, { id: dir }],
    take: limit + 1,
    select: ROW_SELECT,
  });
  const shown = rows.slice(0, limit);
  return {
    transactions: shown.map((r) => toDto(s, r)),
    nextCursor: rows.length > limit ? encodeCursor(f.sort, shown[shown.length - 1]) : null,
    merchantShown: !s.partner || s.partner.includeMerchant,
  };
}
