import { z } from "zod";
import { listQuery, op, pageOf, timestamp, type ListQuery } from "@/lib/am-api/operation";
import { API_USER_PATTERNS } from "@/lib/api-users/schemas";
import { createApiUser, disableApiUser, getApiUser, listApiUsers } from "@/lib/api-users/service";

const params = z.object({ api_user_id: z.string().min(1).max(64) });

export const apiUserSchema = z
  .object({
    id: z.string(),
    name: z.string().meta({ example: "Onboarding automation" }),
    pattern: z.enum(API_USER_PATTERNS),
    level: z.enum(["tenant", "program"]),
    programId: z.string().nullable(),
    programName: z.string().nullable(),
    disabledAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "ApiUser" });

const createBody = z
  .object({
    name: z.string().min(2).max(80).meta({ example: "Payments backend" }),
    pattern: z.enum(API_USER_PATTERNS),
    programId: z.string().max(64).nullable().optional().meta({ description: "Program-level patterns only" }),
  })
  .strict()
  .meta({ id: "CreateApiUser" });

const listQ = listQuery.extend({ program_id: z.string().max(64).optional() });

export const apiUserOperations = [
  op<Record<string, never>, ListQuery & { program_id?: string }>({
    id: "listApiUsers",
    permission: "apiusers:read",
    method: "GET",
    path: "/am/v1/api-users",
    tag: "API users",
    summary: "List API users (credential sets)",
    query: listQ,
    response: apiUserSchema,
    list: true,
    errors: [400, 404],
    mutates: false,
    handle: async (ctx, { query }) =>
      pageOf(await listApiUsers(ctx, query.program_id ? { programId: query.program_id } : {}), query),
  }),
  op<Record<string, never>, Record<string, never>, z.output<typeof createBody>>({
    id: "createApiUser",
    permission: "apiusers:write",
    method: "POST",
    path: "/am/v1/api-users",
    tag: "API users",
    summary: "Create an API user",
    body: createBody,
    response: apiUserSchema,
    status: 201,
    errors: [400, 403, 404, 409],
    mutates: true,
    handle: (ctx, { body }) => createApiUser(ctx, body),
  }),
  op<z.output<typeof params>>({
    id: "getApiUser",
    permission: "apiusers:read",
    method: "GET",
    path: "/am/v1/api-users/{api_user_id}",
    tag: "API users",
    summary: "Get an API user",
    params,
    response: apiUserSchema,
    errors: [404],
    mutates: false,
    handle: (ctx, { params }) => getApiUser(ctx, params.api_user_id),
  }),
  op<z.output<typeof params>>({
    id: "disableApiUser",
    permission: "apiusers:write",
    method: "POST",
    path: "/am/v1/api-users/{api_user_id}/disable",
    tag: "API users",
    summary: "Disable an API user",
    description: "Its keys stop verifying at once; revoke its certificates separately.",
    params,
    response: apiUserSchema,
    errors: [403, 404, 409],
    mutates: true,
    handle: (ctx, { params }) => disableApiUser(ctx, params.api_user_id),
  }),
];
