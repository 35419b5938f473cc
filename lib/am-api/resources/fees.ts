import { z } from "zod";
import { listQuery, op, pageOf, timestamp, type ListQuery } from "@/lib/am-api/operation";
import { BILLING_CYCLES, FEE_TRIGGERS, FEE_TYPES } from "@/lib/fees/schemas";
import { getFeeSchedules, previewFees, saveFeeSchedule } from "@/lib/fees/service";

const programParams = z.object({ program_id: z.string().min(1).max(64) });
const decimal = (example: string, description?: string) =>
  z
    .string()
    .max(40)
    .meta({ example, ...(description ? { description } : {}) });

/** One fee type's row as it travels: decimals are strings (never floats), in the Program's base currency. */
const feeItemSchema = z
  .object({
    feeType: z.enum(FEE_TYPES),
    enabled: z.boolean(),
    fixedAmount: decimal("0.50", "In the Program's base currency").optional(),
    rateBps: decimal("150", "Basis points: 1 bps = 0.01 %").optional(),
    capAmount: decimal("5.00", "Caps the percentage part").optional(),
    trigger: z.enum(FEE_TRIGGERS),
    tenantSharePct: decimal("50"),
    programSharePct: decimal("50"),
  })
  .strict()
  .meta({ id: "FeeItem" });

const scheduleSchema = z
  .object({
    id: z.string(),
    programId: z.string(),
    version: z.number().int().meta({ example: 2 }),
    effectiveAt: timestamp,
    billingCycle: z.enum(BILLING_CYCLES),
    billingDay: z.number().int().meta({ description: "1-28 (monthly) or 1-7, Monday first (weekly)" }),
    settlementAsset: z.string().meta({ example: "EUR" }),
    items: z.array(feeItemSchema),
    note: z.string().nullable().meta({ description: "How the version came about when not typed in (a template)" }),
    createdBy: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: "FeeSchedule" });

const minimumSchema = z.object({
  feeType: z.enum(FEE_TYPES),
  currency: z.string(),
  minFixed: z.string().nullable().meta({ description: "null: set only in other currencies (see setElsewhere)" }),
  minRateBps: z.string(),
  reason: z.string(),
  setElsewhere: z.array(z.string()),
});

const currentSchema = z
  .object({
    program: z.object({ id: z.string(), name: z.string(), baseCurrency: z.string() }),
    current: scheduleSchema.nullable().meta({ description: "The version in force now; null before the first" }),
    upcoming: z.array(scheduleSchema).meta({ description: "Saved versions taking effect later, soonest first" }),
    minimums: z
      .record(z.string(), minimumSchema)
      .meta({ description: "The platform minimums that hold this Program, by fee type" }),
  })
  .meta({ id: "FeeScheduleCurrent" });

const createBody = z
  .object({
    effectiveAt: z
      .string()
      .max(40)
      .optional()
      .meta({ description: "YYYY-MM-DD, YYYY-MM-DDTHH:MM (UTC) or ISO 8601; omitted: now", example: "2026-12-01" }),
    billingCycle: z.enum(BILLING_CYCLES),
    billingDay: z.number().int(),
    settlementAsset: z.string().max(10).meta({ example: "EUR" }),
    items: z.array(feeItemSchema).max(FEE_TYPES.length).meta({ description: "Each of the eight fee types once" }),
  })
  .strict()
  .meta({ id: "CreateFeeScheduleVersion" });

const previewBody = z
  .object({
    amount: decimal("100.00", "An example transaction amount in the Program's base currency"),
    currency: z.string().max(3).optional().meta({ description: "If given, the Program's base currency" }),
    feeTypes: z
      .array(z.enum(FEE_TYPES))
      .max(FEE_TYPES.length)
      .optional()
      .meta({ description: "These fee types whatever their trigger; default every enabled per-event fee" }),
    items: z
      .array(feeItemSchema)
      .max(FEE_TYPES.length)
      .optional()
      .meta({ description: "Unsaved rows to preview (checked as a new version is); omitted: the version in force" }),
  })
  .strict()
  .meta({ id: "PreviewFees" });

const money = z.string().meta({ example: "1.50" });
const previewSchema = z
  .object({
    amount: money,
    currency: z.string(),
    scheduleVersion: z.number().int().nullable().meta({ description: "The version previewed; null: unsaved items" }),
    lines: z.array(
      z.object({
        feeType: z.enum(FEE_TYPES),
        label: z.string(),
        trigger: z.enum(FEE_TRIGGERS),
        fixedPart: money,
        percentagePart: money,
        capped: z.boolean(),
        total: money,
        tenantShare: money,
        programShare: money,
      }),
    ),
    totals: z.object({ total: money, tenantShare: money, programShare: money }),
  })
  .meta({ id: "FeePreview" });

type Params = z.output<typeof programParams>;

export const feeOperations = [
  op<Params>({
    id: "getFeeSchedule",
    permission: "fees:read",
    method: "GET",
    path: "/am/v1/programs/{program_id}/fee-schedule",
    tag: "Fees",
    summary: "The fee schedule in force, upcoming versions and the platform minimums",
    params: programParams,
    response: currentSchema,
    errors: [404],
    mutates: false,
    handle: async (ctx, { params }) => {
      const { program, current, upcoming, minimums } = await getFeeSchedules(ctx, params.program_id);
      return { program, current, upcoming, minimums };
    },
  }),
  op<Params, ListQuery>({
    id: "listFeeScheduleVersions",
    permission: "fees:read",
    method: "GET",
    path: "/am/v1/programs/{program_id}/fee-schedule/versions",
    tag: "Fees",
    summary: "Every version of the fee schedule, newest first",
    params: programParams,
    query: listQuery,
    response: scheduleSchema,
    list: true,
    errors: [400, 404],
    mutates: false,
    handle: async (ctx, { params, query }) => pageOf((await getFeeSchedules(ctx, params.program_id)).history, query),
  }),
  op<Params, Record<string, never>, z.output<typeof createBody>>({
    id: "createFeeScheduleVersion",
    permission: "fees:write",
    method: "POST",
    path: "/am/v1/programs/{program_id}/fee-schedule/versions",
    tag: "Fees",
    summary: "Save a new version of the fee schedule",
    description:
      "A change never edits a version: it adds the next one, effective now or later. Values are checked against the Program's currency and the platform minimums; a version that changes nothing is refused.",
    params: programParams,
    body: createBody,
    response: scheduleSchema,
    status: 201,
    errors: [400, 403, 404, 409],
    mutates: true,
    handle: (ctx, { params, body }) => saveFeeSchedule(ctx, { ...body, programId: params.program_id }),
  }),
  op<Params, Record<string, never>, z.output<typeof previewBody>>({
    id: "previewFees",
    permission: "fees:read",
    method: "POST",
    path: "/am/v1/programs/{program_id}/fee-schedule/preview",
    tag: "Fees",
    summary: "Preview the fees of an example amount (saves nothing)",
    description:
      "Under the version in force, or under unsaved `items` (as the portal's live preview does before a save).",
    params: programParams,
    body: previewBody,
    response: previewSchema,
    errors: [400, 404, 409],
    mutates: false,
    handle: (ctx, { params, body }) => previewFees(ctx, params.program_id, body),
  }),
];
