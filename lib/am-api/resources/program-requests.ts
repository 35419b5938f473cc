import { z } from "zod";
import { listQuery, op, pageOf, timestamp, type ListQuery, type Operation } from "@/lib/am-api/operation";
import {
  DEFAULT_DEPOSIT_TYPES,
  depositTypePayloadSchema,
  REQUEST_STATUSES,
  REQUESTABLE_DEPOSIT_TYPES,
  smsSenderPayloadSchema,
  type RequestKind,
} from "@/lib/requests/schemas";
import { listProgramRequests, submitRequest, withdrawRequest } from "@/lib/requests/service";

const programParams = z.object({ program_id: z.string().min(1).max(64) });
const requestParams = programParams.extend({ request_id: z.string().min(1).max(64) });

/*
 * The bodies are the portal forms' own payload schemas (the same checks and messages; the service checks them
 * again), closed to unknown fields. A field the schema preprocesses is documented by its meta.
 */
const smsBody = smsSenderPayloadSchema
  .extend({
    countries: smsSenderPayloadSchema.shape.countries.meta({
      type: "array",
      items: { type: "string", pattern: "^[A-Za-z]{2}$" },
      description: "ISO 3166 two-letter codes, 1 to 50",
      example: ["GB", "DE"],
    }),
  })
  .strict()
  .meta({
    id: "ApplySmsSenderId",
    example: { senderId: "AcmeCards", countries: ["GB", "DE"], useDescription: "Card activation and 3-D Secure codes" },
  });
const depositBody = depositTypePayloadSchema
  .safeExtend({
    replaces: depositTypePayloadSchema.shape.replaces.meta({
      type: "string",
      enum: [...DEFAULT_DEPOSIT_TYPES],
      description: "With mode substitute: the default type it replaces",
    }),
  })
  .strict()
  .meta({
    id: "RequestDepositAddressType",
    example: { addressType: "TRON", mode: "additional", justification: "Our users top up in USDT on Tron" },
  });

const smsPayload = z.object({ senderId: z.string(), countries: z.array(z.string()), useDescription: z.string() });
const depositPayload = z.object({
  addressType: z.enum(REQUESTABLE_DEPOSIT_TYPES),
  mode: z.enum(["additional", "substitute"]),
  replaces: z.enum(DEFAULT_DEPOSIT_TYPES).optional(),
  justification: z.string(),
});

const requestSchema = (id: string, payload: z.ZodType) =>
  z
    .object({
      id: z.string(),
      programId: z.string(),
      kind: z.string(),
      status: z.enum(REQUEST_STATUSES).meta({
        description:
          "submitted, in_review (by Axys staff), changes_requested, approved, rejected or withdrawn; only submitted and changes_requested can be withdrawn",
      }),
      payload,
      submittedBy: z.string(),
      submittedAt: timestamp,
      reviewedBy: z.string().nullable(),
      reviewedAt: timestamp.nullable(),
      decisionNote: z.string().nullable().meta({ description: "Why staff rejected it or what to change" }),
      updatedAt: timestamp,
    })
    .meta({ id });

/** Apply, list and withdraw for one kind of request, under /am/v1/programs/{program_id}/<segment>. */
function requestOperations(o: {
  kind: RequestKind;
  segment: string;
  tag: string;
  noun: string;
  schemaId: string;
  body: z.ZodType;
  payload: z.ZodType;
}): Operation[] {
  const path = `/am/v1/programs/{program_id}/${o.segment}`;
  const response = requestSchema(o.schemaId, o.payload);
  const name = o.schemaId;
  return [
    op<z.output<typeof programParams>, ListQuery>({
      id: `list${name}s`,
      permission: "requests:read",
      method: "GET",
      path,
      tag: o.tag,
      summary: `The Program's ${o.noun}s, newest first`,
      params: programParams,
      query: listQuery,
      response,
      list: true,
      errors: [400, 404],
      mutates: false,
      handle: async (ctx, { params, query }) =>
        pageOf(await listProgramRequests(ctx, params.program_id, o.kind), query),
    }),
    op<z.output<typeof programParams>, Record<string, never>, unknown>({
      id: o.kind === "sms_sender_id" ? "applySmsSenderId" : "requestDepositAddressType",
      permission: "requests:write",
      method: "POST",
      path,
      tag: o.tag,
      summary: `Submit a ${o.noun} for Axys review`,
      params: programParams,
      body: o.body,
      response,
      status: 201,
      errors: [400, 403, 404, 409],
      mutates: true,
      handle: (ctx, { params, body }) =>
        submitRequest(ctx, { programId: params.program_id, kind: o.kind, payload: body }),
    }),
    op<z.output<typeof requestParams>>({
      id: `withdraw${name}`,
      permission: "requests:write",
      method: "POST",
      path: `${path}/{request_id}/withdraw`,
      tag: o.tag,
      summary: `Withdraw a ${o.noun} (submitted or sent back for changes; not while in review)`,
      params: requestParams,
      response,
      errors: [403, 404, 409],
      mutates: true,
      handle: (ctx, { params }) =>
        withdrawRequest(ctx, { id: params.request_id, programId: params.program_id, kind: o.kind }),
    }),
  ];
}

export const programRequestOperations = [
  ...requestOperations({
    kind: "sms_sender_id",
    segment: "sms-sender-id-requests",
    tag: "SMS sender ID",
    noun: "SMS sender ID application",
    schemaId: "SmsSenderIdRequest",
    body: smsBody,
    payload: smsPayload,
  }),
  ...requestOperations({
    kind: "deposit_address_type",
    segment: "deposit-address-requests",
    tag: "Deposit address types",
    noun: "deposit address type request",
    schemaId: "DepositAddressRequest",
    body: depositBody,
    payload: depositPayload,
  }),
];
