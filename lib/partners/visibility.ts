import "server-only";
import type { Ctx } from "@/lib/auth/context";
import { programBound } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";

export interface PartnerExposure {
  transactions: boolean;
  includeMerchant: boolean;
  balances: boolean;
  granularity: "individual" | "daily";
}

/** Nothing is exposed until the Tenant says so. */
export const NOTHING_EXPOSED: PartnerExposure = {
  transactions: false,
  includeMerchant: false,
  balances: false,
  granularity: "daily",
};

/**
 * What a Program's partner users may see, read fresh on every request so a change takes effect at once.
 * Internal: callers have already established that the Program belongs to `tenantId`.
 */
export async function getPartnerExposure(
  tenantId: string,
  programId: string,
  client: Tx | typeof db = db,
): Promise<PartnerExposure> {
  const row = await client.partnerVisibility.findFirst({ where: { tenantId, programId } });
  if (!row) return NOTHING_EXPOSED;
  return {
    transactions: row.exposeTransactions,
    includeMerchant: row.exposeTransactions && row.includeMerchant,
    balances: row.exposeBalances,
    granularity: row.granularity === "individual" ? "individual" : "daily",
  };
}

/** A cardholder reference as partners see it: the last four characters only. */
export function maskCardholderRef(ref: string): string {
  return `••••${ref.slice(-4)}`;
}

export interface MonitoringSurfaces {
  overview: boolean;
  transactions: boolean;
  balances: boolean;
  partner: PartnerExposure | null;
}

/** Which monitoring pages the caller may open: all for tenant users, the exposed ones for a partner. */
export async function surfacesFor(ctx: Ctx): Promise<MonitoringSurfaces> {
  if (!programBound(ctx)) return { overview: true, transactions: true, balances: true, partner: null };
  const e = ctx.tenantId && ctx.programId ? await getPartnerExposure(ctx.tenantId, ctx.programId) : null;
  return {
    overview: !!e?.transactions,
    transactions: !!e?.transactions && e.granularity === "individual",
    balances: !!e?.balances,
    partner: e,
  };
}
