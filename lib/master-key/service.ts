import { totpSealContext } from "@/lib/two-factor/seal";
import "server-only";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { bankSealContext } from "@/lib/bank/sealing";
import { caSealContext } from "@/lib/certificates/ca";
import { masterKeys, seal, sealedKeyId, unseal } from "@/lib/core/sealing";
import { db } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import { MAIL_HTML_CONTEXT, MAIL_TEXT_CONTEXT } from "@/lib/mail/outbox";
import { SECRET_CONTEXT } from "@/lib/webhooks/service";

type Row = Record<string, unknown> & { id: string };
/** The two calls a sealed column's table needs (every Prisma model delegate has them). */
interface Delegate {
  findMany(args: { where: object; select: object; orderBy: object; take: number }): Promise<Row[]>;
  updateMany(args: { where: object; data: object }): Promise<{ count: number }>;
}

/** Every column sealed with the master key, and the associated data each value is bound to. */
interface SealedColumn {
  model: "certificateAuthority" | "webhookEndpoint" | "bankCredentials" | "mailMessage" | "user";
  column: string;
  /** a column that may be null (nullable in the schema) */
  optional?: true;
  /** other columns the context needs */
  with?: string[];
  context(row: Row): string;
}

export const SEALED_COLUMNS: SealedColumn[] = [
  {
    model: "certificateAuthority",
    column: "sealedKey",
    with: ["environment"],
    context: (r) => caSealContext(r.environment as Environment),
  },
  { model: "webhookEndpoint", column: "secretSealed", context: () => SECRET_CONTEXT },
  { model: "webhookEndpoint", column: "previousSecretSealed", optional: true, context: () => SECRET_CONTEXT },
  {
    model: "bankCredentials",
    column: "accountNumberSealed",
    optional: true,
    with: ["programId"],
    context: (r) => bankSealContext(String(r.programId), "accountNumber"),
  },
  {
    model: "bankCredentials",
    column: "routingCodeSealed",
    optional: true,
    with: ["programId"],
    context: (r) => bankSealContext(String(r.programId), "routingCode"),
  },
  { model: "mailMessage", column: "textSealed", optional: true, context: () => MAIL_TEXT_CONTEXT },
  { model: "mailMessage", column: "htmlSealed", optional: true, context: () => MAIL_HTML_CONTEXT },
  {
    model: "user",
    column: "totpSecretSealed",
    optional: true,
    with: ["id"],
    context: (r) => totpSealContext(String(r.id)),
  },
];

function opens(value: string, context: string): boolean {
  try {
    unseal(value, context).fill(0);
    return true;
  } catch {
    return false;
  }
}

const delegate = (model: SealedColumn["model"]) => (db as unknown as Record<string, Delegate>)[model];
const BATCH = 200;

/** The sealed values of one column, a batch at a time in id order. */
async function* valuesOf(c: SealedColumn): AsyncGenerator<{ row: Row; value: string }> {
  let after: string | null = null;
  for (;;) {
    const rows: Row[] = await delegate(c.model).findMany({
      where: { ...(c.optional ? { [c.column]: { not: null } } : {}), ...(after ? { id: { gt: after } } : {}) },
      select: { id: true, [c.column]: true, ...Object.fromEntries((c.with ?? []).map((k) => [k, true])) },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    for (const row of rows) yield { row, value: String(row[c.column]) };
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1].id;
  }
}

export interface ColumnStatus {
  column: string;
  /** values by the id of the master key that opens them */
  byKey: Record<string, number>;
  /** values no configured key opens */
  unopenable: number;
}
export interface MasterKeyStatus {
  currentKey: string;
  previousKeys: string[];
  columns: ColumnStatus[];
  /** values not yet sealed with the current key (0: the previous keys can be removed) */
  pending: number;
  unopenable: number;
}

/** Which key seals each value (operator only): after a rotation, `pending` must be 0 before the old key goes. */
export async function masterKeyStatus(ctx: Ctx): Promise<MasterKeyStatus> {
  assertCan(ctx, "masterkey:rotate");
  const { current, previous } = masterKeys();
  const columns: ColumnStatus[] = [];
  for (const c of SEALED_COLUMNS) {
    const s: ColumnStatus = { column: `${c.model}.${c.column}`, byKey: {}, unopenable: 0 };
    for await (const { row, value } of valuesOf(c)) {
      const kid = opens(value, c.context(row)) ? sealedKeyId(value, c.context(row)) : null;
      if (kid) s.byKey[kid] = (s.byKey[kid] ?? 0) + 1;
      else s.unopenable += 1;
    }
    columns.push(s);
  }
  const all = columns.flatMap((c) => Object.entries(c.byKey));
  return {
    currentKey: current.id,
    previousKeys: previous.map((k) => k.id),
    columns,
    pending: all.filter(([k]) => k !== current.id).reduce((n, [, v]) => n + v, 0),
    unopenable: columns.reduce((n, c) => n + c.unopenable, 0),
  };
}

export interface ResealResult {
  currentKey: string;
  /** per column: values moved to the current key, values already on it, values changed meanwhile (left as written) */
  columns: { column: string; resealed: number; current: number; changedMeanwhile: number; unopenable: number }[];
  resealed: number;
  unopenable: number;
}

/**
 * Moves every sealed value to the current master key (operator only; `axys masterkey reseal`): each value is
 * opened with the key it names (a retired key from AXYS_CA_MASTER_KEY_PREVIOUS), sealed again with the current
 * one and written only if the row still holds the value read (compare-and-set: a value rewritten meanwhile by
 * the app, which seals with the current key already, is left alone). Safe to run while the app serves and to
 * run again. Values no configured key opens are counted, never touched. One audit event with the counts.
 */
export async function resealAll(ctx: Ctx): Promise<ResealResult> {
  assertCan(ctx, "masterkey:rotate");
  const { current } = masterKeys();
  const columns: ResealResult["columns"] = [];
  for (const c of SEALED_COLUMNS) {
    const s = { column: `${c.model}.${c.column}`, resealed: 0, current: 0, changedMeanwhile: 0, unopenable: 0 };
    for await (const { row, value } of valuesOf(c)) {
      const context = c.context(row);
      if (sealedKeyId(value, context) === current.id && value.startsWith("v2.")) {
        s.current += 1;
        continue;
      }
      let clear: Buffer;
      try {
        clear = unseal(value, context);
      } catch {
        s.unopenable += 1;
        continue;
      }
      const next = seal(clear, context);
      clear.fill(0);
      const { count } = await delegate(c.model).updateMany({
        where: { id: row.id, [c.column]: value },
        data: { [c.column]: next },
      });
      if (count) s.resealed += 1;
      else s.changedMeanwhile += 1;
    }
    columns.push(s);
  }
  const result = {
    currentKey: current.id,
    columns,
    resealed: columns.reduce((n, c) => n + c.resealed, 0),
    unopenable: columns.reduce((n, c) => n + c.unopenable, 0),
  };
  await db.$transaction((tx) =>
    recordAudit(tx, ctx, {
      tenantId: null,
      action: "master_key.resealed",
      targetType: "master_key",
      targetId: current.id,
      after: { resealed: result.resealed, unopenable: result.unopenable },
    }),
  );
  return result;
}
