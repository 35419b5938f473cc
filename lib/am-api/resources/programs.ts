import { z } from "zod";
import { listQuery, op, pageOf, timestamp, type ListQuery } from "@/lib/am-api/operation";
import { CURRENCY_CODES } from "@/lib/core/currencies";
import { FEE_TEMPLATE_KEYS } from "@/lib/programs/fee-templates";
import { programNameSchema } from "@/lib/programs/schemas";
import { createProgram, getProgram, listPrograms, updateProgramConfig } from "@/lib/programs/service";

const programId = z.string().min(1).max(64).meta({ example: "prg_k2m4q7w9x3b5n8p1" });
const params = z.object({ program_id: programId });

export const programSchema = z
  .object({
    id: programId,
    name: z.string().meta({ example: "Acme Travel" }),
    baseCurrency: z.string().meta({ description: "ISO 4217", example: "EUR" }),
    transactionLimit: z.string().meta({ description: "Per-transaction ceiling in major units", example: "5000.00" }),
    transactionLimitMinor: z.string().meta({ description: "The same in minor units (integer)", example: "500000" }),
    threeDsEnabled: z.boolean(),
    feeTemplate: z.enum(FEE_TEMPLATE_KEYS).nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Program" });

const createBody = z
  .object({
    name: programNameSchema.meta({ example: "Acme Travel" }),
    baseCurrency: z.enum(CURRENCY_CODES as [string, ...string[]]).meta({ example: "EUR" }),
    transactionLimit: z.string().min(1).max(32).meta({ example: "5000.00" }),
    threeDsEnabled: z.boolean().default(true),
    feeTemplate: z.enum(FEE_TEMPLATE_KEYS).meta({ description: "The fee schedule's first version" }),
  })
  .strict()
  .meta({ id: "CreateProgram" });

const updateBody = z
  .object({
    transactionLimit: z.string().min(1).max(32).meta({ example: "7500.00" }),
    threeDsEnabled: z.boolean(),
  })
  .strict()
  .meta({ id: "UpdateProgram" });

const listQ = listQuery.extend({
  q: z.string().trim().max(100).optional().meta({ description: "Part of the name or id" }),
});

export const programOperations = [
  op<Record<string, never>, ListQuery & { q?: string }>({
    id: "listPrograms",
    permission: "programs:read",
    method: "GET",
    path: "/am/v1/programs",
    tag: "Programs",
    summary: "List Programs",
    description: "The Tenant's Programs, newest first.",
    query: listQ,
    response: programSchema,
    list: true,
    errors: [400],
    mutates: false,
    handle: async (ctx, { query }) => pageOf(await listPrograms(ctx, { q: query.q }), query),
  }),
  op<Record<string, never>, Record<string, never>, z.output<typeof createBody>>({
    id: "createProgram",
    permission: "programs:create",
    method: "POST",
    path: "/am/v1/programs",
    tag: "Programs",
    summary: "Create a Program",
    description: "Creates a Program with its first fee schedule version (from the fee template) in one step.",
    body: createBody,
    response: programSchema,
    status: 201,
    errors: [400, 403, 409],
    mutates: true,
    handle: (ctx, { body }) => createProgram(ctx, body),
  }),
  op<z.output<typeof params>>({
    id: "getProgram",
    permission: "programs:read",
    method: "GET",
    path: "/am/v1/programs/{program_id}",
    tag: "Programs",
    summary: "Get a Program",
    params,
    response: programSchema,
    errors: [404],
    mutates: false,
    handle: (ctx, { params }) => getProgram(ctx, params.program_id),
  }),
  op<z.output<typeof params>, Record<string, never>, z.output<typeof updateBody>>({
    id: "updateProgram",
    permission: "programs:configure",
    method: "PATCH",
    path: "/am/v1/programs/{program_id}",
    tag: "Programs",
    summary: "Change a Program's configuration",
    description: "The transaction-limit ceiling and 3-D Secure. Fees change through fee schedule versions.",
    params,
    body: updateBody,
    response: programSchema,
    errors: [400, 403, 404],
    mutates: true,
    handle: (ctx, { params, body }) => updateProgramConfig(ctx, { programId: params.program_id, ...body }),
  }),
];
