import { z } from "zod";
import { listQuery, op, pageOf, timestamp, type ListQuery } from "@/lib/am-api/operation";
import { EVENT_TYPES } from "@/lib/webhooks/schemas";
import {
  addWebhookEndpoint,
  disableWebhookEndpoint,
  getWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  replayDelivery,
  rotateWebhookSecret,
} from "@/lib/webhooks/service";

const endpointParams = z.object({ endpoint_id: z.string().min(1).max(64) });
const deliveryParams = z.object({ delivery_id: z.string().min(1).max(64) });

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    programId: z.string().nullable().meta({ description: "null: every Program of the Tenant" }),
    url: z.string().meta({ example: "https://hooks.example.com/axys" }),
    events: z.array(z.string()),
    status: z.string().meta({ description: "unverified, active, failing or disabled" }),
    verifiedAt: timestamp.nullable(),
    verificationResponse: z.string().nullable(),
    previousSecretUntil: timestamp.nullable(),
    failingSince: timestamp.nullable(),
    disabledAt: timestamp.nullable(),
    disabledReason: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "WebhookEndpoint" });

const withSecret = z
  .object({
    endpoint: webhookEndpointSchema,
    secret: z.string().meta({ description: "The signing secret: shown in this answer only, never again" }),
  })
  .meta({ id: "WebhookEndpointWithSecret" });

const deliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    type: z.string(),
    status: z.string(),
    attemptCount: z.number().int(),
    nextAttemptAt: timestamp,
    lastStatus: z.number().int().nullable(),
    createdAt: timestamp,
    attempts: z.array(
      z.object({
        startedAt: timestamp,
        durationMs: z.number().int(),
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        responseBody: z.string().nullable().meta({ description: "The first KiB of the receiver's answer" }),
      }),
    ),
  })
  .meta({ id: "WebhookDelivery" });

const addBody = z
  .object({
    url: z.string().min(1).max(2000),
    programId: z.string().max(64).nullable().optional(),
    events: z.array(z.enum(EVENT_TYPES)).min(1),
  })
  .strict()
  .meta({ id: "AddWebhookEndpoint" });
const rotateBody = z
  .object({ overlapHours: z.number().int().min(0).max(168).default(24) })
  .strict()
  .meta({ id: "RotateWebhookSecret" });
const listQ = listQuery.extend({ program_id: z.string().max(64).optional() });

export const webhookOperations = [
  op<Record<string, never>, ListQuery & { program_id?: string }>({
    id: "listWebhookEndpoints",
    permission: "webhooks:read",
    method: "GET",
    path: "/am/v1/webhook-endpoints",
    tag: "Webhooks",
    summary: "List webhook endpoints",
    query: listQ,
    response: webhookEndpointSchema,
    list: true,
    errors: [400],
    mutates: false,
    handle: async (ctx, { query }) =>
      pageOf(await listWebhookEndpoints(ctx, query.program_id ? { programId: query.program_id } : {}), query),
  }),
  op<Record<string, never>, Record<string, never>, z.output<typeof addBody>>({
    id: "addWebhookEndpoint",
    permission: "webhooks:write",
    method: "POST",
    path: "/am/v1/webhook-endpoints",
    tag: "Webhooks",
    summary: "Register a webhook endpoint",
    description:
      "HTTPS only, public addresses only (the target is resolved and checked); a verification event is sent at once. The signing secret is in this answer only.",
    body: addBody,
    response: withSecret,
    status: 201,
    errors: [400, 403, 404, 409],
    mutates: true,
    showsSecret: true,
    handle: (ctx, { body }) => addWebhookEndpoint(ctx, body),
  }),
  op<z.output<typeof endpointParams>>({
    id: "getWebhookEndpoint",
    permission: "webhooks:read",
    method: "GET",
    path: "/am/v1/webhook-endpoints/{endpoint_id}",
    tag: "Webhooks",
    summary: "Get a webhook endpoint",
    params: endpointParams,
    response: webhookEndpointSchema,
    errors: [404],
    mutates: false,
    handle: (ctx, { params }) => getWebhookEndpoint(ctx, params.endpoint_id),
  }),
  op<z.output<typeof endpointParams>, Record<string, never>, z.output<typeof rotateBody>>({
    id: "rotateWebhookSecret",
    permission: "webhooks:write",
    method: "POST",
    path: "/am/v1/webhook-endpoints/{endpoint_id}/rotate-secret",
    tag: "Webhooks",
    summary: "Rotate the signing secret",
    description: "Deliveries are signed with both secrets during the overlap. The new secret is in this answer only.",
    params: endpointParams,
    body: rotateBody,
    response: withSecret,
    errors: [400, 403, 404],
    mutates: true,
    showsSecret: true,
    handle: (ctx, { params, body }) => rotateWebhookSecret(ctx, params.endpoint_id, body.overlapHours),
  }),
  op<z.output<typeof endpointParams>>({
    id: "disableWebhookEndpoint",
    permission: "webhooks:write",
    method: "POST",
    path: "/am/v1/webhook-endpoints/{endpoint_id}/disable",
    tag: "Webhooks",
    summary: "Disable an endpoint",
    params: endpointParams,
    response: webhookEndpointSchema,
    errors: [403, 404, 409],
    mutates: true,
    handle: (ctx, { params }) => disableWebhookEndpoint(ctx, params.endpoint_id),
  }),
  op<z.output<typeof endpointParams>, ListQuery>({
    id: "listWebhookDeliveries",
    permission: "webhooks:read",
    method: "GET",
    path: "/am/v1/webhook-endpoints/{endpoint_id}/deliveries",
    tag: "Webhooks",
    summary: "An endpoint's recent deliveries with their attempts",
    params: endpointParams,
    query: listQuery,
    response: deliverySchema,
    list: true,
    errors: [400, 404],
    mutates: false,
    handle: async (ctx, { params, query }) => pageOf(await listDeliveries(ctx, params.endpoint_id, 100), query),
  }),
  op<z.output<typeof deliveryParams>>({
    id: "replayWebhookDelivery",
    permission: "webhooks:write",
    method: "POST",
    path: "/am/v1/webhook-deliveries/{delivery_id}/replay",
    tag: "Webhooks",
    summary: "Send a delivery again",
    params: deliveryParams,
    response: z.object({ id: z.string(), replayed: z.literal(true) }).meta({ id: "Replayed" }),
    errors: [403, 404, 409],
    mutates: true,
    handle: async (ctx, { params }) => {
      await replayDelivery(ctx, params.delivery_id);
      return { id: params.delivery_id, replayed: true as const };
    },
  }),
];
