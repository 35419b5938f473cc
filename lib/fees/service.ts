import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan, assertCanAny, productionOnlyNote } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import {
  Dec,
  FEE_TYPES,
  feeItemsSchema,
  feeScheduleSchema,
  parseDecimal,
  platformMinimumSchema,
  previewSchema,
  type FeeItem,
  type FeePreview,
  type FeeType,
} from "@/lib/fees/schemas";
import { computePreview, defaultFeeItems } from "@/lib/fees/compute";
import { diffSchedules, versionInForceAt } from "@/lib/fees/diff";
import { minimumViolations, programMinimum, type ProgramMinimum } from "@/lib/fees/minimums";
import { templateNote, templateSchedule } from "@/lib/fees/templates";
import type { FeeTemplate } from "@/lib/programs/fee-templates";
import { requireProgram } from "@/lib/programs/queries";
import { fieldErrorsOf, parseInput } from "@/lib/validation";

/**
 * Fee schedules per Program, versioned: a change never edits a row, it adds version n+1 with an
 * effective date (now or later). The schedule in force at a time t is the one with the latest
 * effectiveAt <= t (the higher version wins a tie). Version 1 may come from the fee template the
 * Program was created with (createTemplateFeeSchedule). Arithmetic: lib/fees/compute.ts.
 */

export interface FeeScheduleDto {
  id: string;
  programId: string;
  version: number;
  effectiveAt: Date;
  billingCycle: "monthly" | "weekly";
  billingDay: number;
  settlementAsset: string;
  items: FeeItem[];
  /** how the version came about when not typed in by hand (e.g. the template of version 1), else null */
  note: string | null;
  createdBy: string;
  createdAt: Date;
}
/** One fee type's minimum in one currency: `minFixed` is in `currency`, `minRateBps` applies in every currency. */
export interface PlatformMinimumDto {
  feeType: FeeType;
  currency: string;
  minFixed: string;
  minRateBps: string;
  reason: string;
  updatedBy: string;
  updatedAt: Date;
}
export interface FeeSchedulesView {
  program: { id: string; name: string; baseCurrency: string };
  current: FeeScheduleDto | null;
  upcoming: FeeScheduleDto[];
  /** every version, newest first */
  history: FeeScheduleDto[];
  /** the platform minimums that hold this Program, in its base currency (lib/fees/minimums.ts) */
  minimums: Partial<Record<FeeType, ProgramMinimum>>;
  /**
   * Staging only: the platform default items (every fee off) and why they cannot be changed there.
   * Fee schedules are production configuration, so staging shows no schedule, upcoming version or history.
   */
  platformDefaults: { items: FeeItem[]; reason: string } | null;
}

type Row = Awaited<ReturnType<typeof db.feeSchedule.findFirstOrThrow>>;
const toDto = (r: Row): FeeScheduleDto => ({
  id: r.id,
  programId: r.programId,
  version: r.version,
  effectiveAt: r.effectiveAt,
  billingCycle: r.billingCycle as "monthly" | "weekly",
  billingDay: r.billingDay,
  settlementAsset: r.settlementAsset,
  items: JSON.parse(r.items) as FeeItem[],
  note: r.note,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
});
type MinRow = Awaited<ReturnType<typeof db.platformFeeMinimum.findFirstOrThrow>>;
const toMinDto = (r: MinRow): PlatformMinimumDto => ({ ...r, feeType: r.feeType as FeeType });

/** Orders schedules by when they take effect, newest first (version breaks ties). */
const byEffective = (a: FeeScheduleDto, b: FeeScheduleDto) =>
  b.effectiveAt.getTime() - a.effectiveAt.getTime() || b.version - a.version;

export async function getFeeSchedules(ctx: Ctx, programId: string, now = new Date()): Promise<FeeSchedulesView> {
  assertCan(ctx, "fees:read");
  const tenantId = tenantOf(ctx);
  const program = await requireProgram(db, ctx, programId);
  const rows = await db.platformFeeMinimum.findMany();
  const minimums = Object.fromEntries(
    FEE_TYPES.flatMap((t) => {
      const m = programMinimum(rows, t, program.baseCurrency);
      return m ? [[t, m]] : [];
    }),
  );
  const stagingReason = productionOnlyNote(ctx, "fees:write");
  if (stagingReason) {
    return {
      program,
      current: null,
      upcoming: [],
      history: [],
      minimums,
      platformDefaults: { items: defaultFeeItems(), reason: stagingReason },
    };
  }
  const schedules = await db.feeSchedule.findMany({
    where: { tenantId, programId: program.id },
    orderBy: { version: "desc" },
  });
  const history = schedules.map(toDto);
  const inForce = history.filter((s) => s.effectiveAt <= now).sort(byEffective);
  const upcoming = history.filter((s) => s.effectiveAt > now).sort((a, b) => -byEffective(a, b));
  return { program, current: inForce[0] ?? null, upcoming, history, minimums, platformDefaults: null };
}

/** The raw rows' well-formed values only (for minimum checks while other values are invalid). */
function looseItems(raw: unknown): FeeItem[] {
  if (!Array.isArray(raw)) return [];
  const dec = (v: unknown) => {
    const p = parseDecimal(typeof v === "string" ? v : "", { maxDecimals: 20, what: "value" });
    return p.ok ? (v as string).trim() : undefined; // as typed, for the message
  };
  return raw.map((r: Record<string, unknown>) => {
    const feeType = FEE_TYPES.find((t) => t === r?.feeType);
    const enabled = r?.enabled === true || r?.enabled === "on" || r?.enabled === "true";
    const fixedAmount = dec(r?.fixedAmount);
    const rateBps = dec(r?.rateBps);
    // a value that did not parse is reported by the schema; leave its minimum check for later
    const blank = (v: unknown) => v === undefined || v === null || v === "";
    const checkable =
      (blank(r?.fixedAmount) || fixedAmount !== undefined) && (blank(r?.rateBps) || rateBps !== undefined);
    return {
      feeType: feeType as FeeType,
      enabled: Boolean(feeType) && enabled && checkable,
      fixedAmount,
      rateBps,
      trigger: "per_event",
      tenantSharePct: "0",
      programSharePct: "0",
    };
  });
}

/**
 * Version 1 of a new Program's schedule from the fee template chosen at creation, written with its audit
 * event in the caller's transaction (the Program's creation), effective at once. Values below a platform
 * minimum are raised to it, and the version's note and the audit event say so. "custom": no schedule.
 */
export async function createTemplateFeeSchedule(
  tx: Tx,
  ctx: Ctx,
  program: { id: string; tenantId: string; baseCurrency: string },
  template: FeeTemplate,
  now = new Date(),
): Promise<FeeScheduleDto | null> {
  const minimums = await tx.platformFeeMinimum.findMany();
  const s = templateSchedule(template, program.baseCurrency, minimums);
  if (!s) return null;
  // the template passes the rules a typed-in schedule does (a template edit that breaks them fails loudly here, in tests)
  const parsed = feeScheduleSchema(program.baseCurrency).safeParse({
    programId: program.id,
    ...s,
    billingDay: String(s.billingDay),
  });
  const violations = parsed.success ? minimumViolations(parsed.data.items, minimums, program.baseCurrency) : {};
  if (!parsed.success || Object.keys(violations).length)
    throw new Error(`fee template ${template} is invalid for ${program.baseCurrency}`);
  const note = templateNote(template, s);
  const row = await tx.feeSchedule.create({
    data: {
      tenantId: program.tenantId,
      programId: program.id,
      version: 1,
      effectiveAt: now,
      billingCycle: s.billingCycle,
      billingDay: s.billingDay,
      settlementAsset: s.settlementAsset,
      items: JSON.stringify(s.items),
      note,
      createdBy: ctx.actorLabel,
    },
  });
  await recordAudit(tx, ctx, {
    tenantId: program.tenantId,
    action: "fee_schedule.saved",
    targetType: "fee_schedule",
    targetId: row.id,
    before: null,
    after: {
      version: 1,
      template,
      adjustments: s.adjustments,
      effectiveAt: now.toISOString(),
      billingCycle: s.billingCycle,
      billingDay: s.billingDay,
      settlementAsset: s.settlementAsset,
      items: s.items,
    },
  });
  return toDto(row);
}

/** Saves a new version of the Program's fee schedule (production only); one that changes nothing is refused. */
export async function saveFeeSchedule(
  ctx: Ctx,
  input: Record<string, unknown>,
  now = new Date(),
): Promise<FeeScheduleDto> {
  assertCan(ctx, "fees:write");
  const tenantId = tenantOf(ctx);
  const program = await requireProgram(db, ctx, input?.programId);
  const minimums = await db.platformFeeMinimum.findMany();
  const parsed = feeScheduleSchema(program.baseCurrency).safeParse(input);
  if (!parsed.success) {
    // Report minimum violations of the rows that did parse together with the format errors, so the form shows everything at once.
    const fields = {
      ...minimumViolations(looseItems(input?.items), minimums, program.baseCurrency),
      ...fieldErrorsOf(parsed.error),
    };
    const [field, message] = Object.entries(fieldErrorsOf(parsed.error))[0];
    throw new AppError("VALIDATION", message, field === "_form" ? undefined : field, fields);
  }
  const data = parsed.data;
  const effectiveAt = data.effectiveAt ?? now;
  if (effectiveAt.getTime() < now.getTime() - 60_000) {
    throw new AppError(
      "VALIDATION",
      "The effective date is in the past: a schedule takes effect now or later (history is never rewritten).",
      "effectiveAt",
    );
  }
  const items = FEE_TYPES.map((t) => data.items.find((i) => i.feeType === t)!);
  const violations = minimumViolations(items, minimums, program.baseCurrency);
  const first = Object.entries(violations)[0];
  if (first) throw new AppError("VALIDATION", first[1], first[0], violations);

  try {
    return await db.$transaction(async (tx) => {
      const versions = (
        await tx.feeSchedule.findMany({ where: { tenantId, programId: program.id }, orderBy: { version: "desc" } })
      ).map(toDto);
      const prev = versions[0];
      const base = versionInForceAt(versions, effectiveAt);
      if (base && diffSchedules(base, { ...data, items }).length === 0) {
        const at =
          effectiveAt.getTime() <= now.getTime()
            ? "now"
            : `on ${effectiveAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
        throw new AppError(
          "VALIDATION",
          `Nothing to save: these values are version ${base.version}'s, the schedule in force ${at}. Change a value first.`,
        );
      }
      const row = await tx.feeSchedule.create({
        data: {
          tenantId,
          programId: program.id,
          version: (prev?.version ?? 0) + 1,
          effectiveAt,
          billingCycle: data.billingCycle,
          billingDay: data.billingDay,
          settlementAsset: data.settlementAsset,
          items: JSON.stringify(items),
          createdBy: ctx.actorLabel,
        },
      });
      await recordAudit(tx, ctx, {
        action: "fee_schedule.saved",
        targetType: "fee_schedule",
        targetId: row.id,
        before: prev ? { version: prev.version, items: prev.items } : null,
        after: {
          version: row.version,
          effectiveAt: effectiveAt.toISOString(),
          billingCycle: row.billingCycle,
          billingDay: row.billingDay,
          settlementAsset: row.settlementAsset,
          items,
        },
      });
      return toDto(row);
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError("CONFLICT", "Someone saved this fee schedule at the same time; reload and try again.");
    throw e;
  }
}

/**
 * Fees an example transaction would incur under the schedule in force, or under `items` when given (unsaved
 * values, parsed by the form's own rules, as the Fees page's live preview computes them): every enabled
 * per-event fee (or the named fee types, whatever their trigger), with the split and the totals. Amounts are in
 * the Program's base currency. Writes nothing.
 */
export async function previewFees(
  ctx: Ctx,
  programId: string,
  input: { amount: unknown; currency?: unknown; feeTypes?: unknown; items?: unknown },
  now = new Date(),
): Promise<FeePreview> {
  const view = await getFeeSchedules(ctx, programId, now);
  const currency = view.program.baseCurrency;
  const { items: rawItems, ...rest } = input;
  const data = parseInput(previewSchema(currency), rest);
  if (data.currency && data.currency.toUpperCase() !== currency) {
    throw new AppError(
      "VALIDATION",
      `Fixed fees are in the Program's base currency, ${currency}: preview an amount in ${currency}.`,
      "currency",
    );
  }
  if (view.platformDefaults)
    throw new AppError(
      "CONFLICT",
      "Staging uses the platform defaults, with every fee off: there is nothing to preview. Switch to production to preview the Program's fees.",
    );
  if (rawItems !== undefined) {
    const { items } = parseInput(z.object({ items: feeItemsSchema(currency) }), { items: rawItems });
    return {
      amount: data.amount,
      currency,
      scheduleVersion: null,
      ...computePreview(items, data.amount, currency, data.feeTypes),
    };
  }
  if (!view.current) throw new AppError("CONFLICT", "No fee schedule is in force yet: save one first.");
  return {
    amount: data.amount,
    currency,
    scheduleVersion: view.current.version,
    ...computePreview(view.current.items, data.amount, currency, data.feeTypes),
  };
}

/** Platform minimums (what tenants cannot undercut). Readable by anyone who reads or sets fees. */
export async function listPlatformMinimums(ctx: Ctx): Promise<PlatformMinimumDto[]> {
  assertCanAny(ctx, ["fees:minimums", "fees:read"]);
  const rows = await db.platformFeeMinimum.findMany({ orderBy: { currency: "asc" } });
  return FEE_TYPES.flatMap((t) => rows.filter((r) => r.feeType === t).map(toMinDto));
}

/**
 * Staff set a fee type's minimum in one currency (applies to every Tenant; audited without a tenant).
 * The rate minimum is currency-independent: a given rate is written to every row of the fee type, an
 * omitted one keeps the fee type's current rate (0 for its first row).
 */
export async function setPlatformMinimum(
  ctx: Ctx,
  input: { feeType: unknown; currency: unknown; minFixed: unknown; minRateBps?: unknown; reason: unknown },
): Promise<PlatformMinimumDto> {
  assertCan(ctx, "fees:minimums");
  const data = parseInput(platformMinimumSchema, input);
  const { feeType, currency } = data;
  try {
    return await db.$transaction(async (tx) => {
      const rows = await tx.platformFeeMinimum.findMany({ where: { feeType } });
      const before = rows.find((r) => r.currency === currency);
      const currentRate = rows
        .reduce((max, r) => (new Dec(r.minRateBps).gt(max) ? new Dec(r.minRateBps) : max), new Dec(0))
        .toFixed();
      const minRateBps = data.minRateBps ?? currentRate;
      const row = await tx.platformFeeMinimum.upsert({
        where: { feeType_currency: { feeType, currency } },
        create: {
          feeType,
          currency,
          minFixed: data.minFixed,
          minRateBps,
          reason: data.reason,
          updatedBy: ctx.actorLabel,
        },
        update: { minFixed: data.minFixed, minRateBps, reason: data.reason, updatedBy: ctx.actorLabel },
      });
      // one rate per fee type: bring the fee type's other currencies to it (rows added concurrently included)
      const others = rows.filter((r) => r.currency !== currency && r.minRateBps !== minRateBps);
      await tx.platformFeeMinimum.updateMany({
        where: { feeType, currency: { not: currency }, minRateBps: { not: minRateBps } },
        data: { minRateBps, updatedBy: ctx.actorLabel },
      });
      await recordAudit(tx, ctx, {
        tenantId: null,
        action: "fee_minimum.set",
        targetType: "platform_fee_minimum",
        targetId: feeType,
        before: before
          ? { currency, minFixed: before.minFixed, minRateBps: before.minRateBps, reason: before.reason }
          : null,
        after: {
          currency,
          minFixed: row.minFixed,
          minRateBps: row.minRateBps,
          reason: row.reason,
          ...(others.length
            ? { rateAlsoSetFor: others.map((r) => ({ currency: r.currency, minRateBpsBefore: r.minRateBps })) }
            : {}),
        },
      });
      return toMinDto(row);
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError("CONFLICT", "Someone set this minimum at the same time; list the minimums and try again.");
    throw e;
  }
}
