import { z } from "zod";
import { listQuery, op, pageOf, timestamp, type ListQuery } from "@/lib/am-api/operation";
import { addAllowlistEntry, listAllowlist, recheckAllowlistEntry, removeAllowlistEntry } from "@/lib/allowlist/service";

const params = z.object({ entry_id: z.string().min(1).max(64) });

export const allowlistEntrySchema = z
  .object({
    id: z.string(),
    environment: z.enum(["production"]),
    programId: z.string().nullable().meta({ description: "null: the tenant-level scope" }),
    cidr: z.string().meta({ example: "198.51.100.7/32" }),
    single: z.boolean(),
    description: z.string(),
    createdByLabel: z.string(),
    createdAt: timestamp,
    dns: z.object({
      status: z.string().meta({ description: "FCrDNS result: pass, fail, pending or not_applicable" }),
      ptrNames: z.array(z.string()),
      forward: z.record(z.string(), z.array(z.string())),
      matchedDomain: z.string().nullable(),
      reason: z.string().nullable(),
      checkedAt: timestamp.nullable(),
    }),
  })
  .meta({ id: "AllowlistEntry" });

const addBody = z
  .object({
    cidr: z.string().min(1).max(64).meta({ example: "198.51.100.7" }),
    description: z.string().min(2).max(200).meta({ example: "Payments API, eu-west-1 NAT" }),
    programId: z.string().max(64).nullable().optional().meta({ description: "Omit or null for the tenant scope" }),
  })
  .strict()
  .meta({ id: "AddAllowlistEntry" });

const listQ = listQuery.extend({
  program_id: z.string().max(64).optional().meta({ description: "A Program's scope; omit for the tenant scope" }),
});

/** The API is production-only: the entries it reads and writes are the production allowlist. */
export const allowlistOperations = [
  op<Record<string, never>, ListQuery & { program_id?: string }>({
    id: "listAllowlistEntries",
    permission: "allowlist:read",
    method: "GET",
    path: "/am/v1/allowlist",
    tag: "IP allowlist",
    summary: "List a scope's production allowlist",
    query: listQ,
    response: allowlistEntrySchema,
    list: true,
    errors: [400, 404],
    mutates: false,
    handle: async (ctx, { query }) =>
      pageOf(await listAllowlist(ctx, { environment: "production", programId: query.program_id ?? null }), query),
  }),
  op<Record<string, never>, Record<string, never>, z.output<typeof addBody>>({
    id: "addAllowlistEntry",
    permission: "allowlist:write",
    method: "POST",
    path: "/am/v1/allowlist",
    tag: "IP allowlist",
    summary: "Allowlist an address or range",
    description: "Single addresses get their FCrDNS check at once; private and special-purpose space is refused.",
    body: addBody,
    response: allowlistEntrySchema,
    status: 201,
    errors: [400, 403, 404, 409],
    mutates: true,
    handle: (ctx, { body }) =>
      addAllowlistEntry(ctx, { environment: "production", programId: body.programId ?? null, ...body }),
  }),
  op<z.output<typeof params>>({
    id: "recheckAllowlistEntry",
    permission: "allowlist:write",
    method: "POST",
    path: "/am/v1/allowlist/{entry_id}/recheck",
    tag: "IP allowlist",
    summary: "Run the FCrDNS check again",
    params,
    response: allowlistEntrySchema,
    errors: [403, 404],
    mutates: true,
    handle: (ctx, { params }) => recheckAllowlistEntry(ctx, { id: params.entry_id }),
  }),
  op<z.output<typeof params>>({
    id: "removeAllowlistEntry",
    permission: "allowlist:write",
    method: "DELETE",
    path: "/am/v1/allowlist/{entry_id}",
    tag: "IP allowlist",
    summary: "Remove an entry",
    params,
    response: z.object({ id: z.string(), deleted: z.literal(true) }).meta({ id: "Deleted" }),
    errors: [403, 404],
    mutates: true,
    handle: async (ctx, { params }) => ({
      ...(await removeAllowlistEntry(ctx, { id: params.entry_id })),
      deleted: true,
    }),
  }),
];
