import { z } from "zod";
import { errorBodySchema } from "@/lib/am-api/errors";
import { listEnvelope, type Operation } from "@/lib/am-api/operation";
import { OPERATIONS } from "@/lib/am-api/operations";

type Json = Record<string, unknown>;

/** Errors every call may answer, whatever the operation: the gateway's checks, rate limits and faults. */
const COMMON_ERRORS: Record<number, string> = {
  401: "Missing or invalid X-API-Key, or a key of another API user than the client certificate.",
  403: "The caller's IP is not on the production allowlist or fails FCrDNS; or the API user may only read.",
  404: "Not found, or not visible to these credentials (program-level credentials: every /am/ path).",
  429: "Too many requests for this API user this minute: wait Retry-After seconds (RateLimit-* headers tell the budget).",
  500: "Unexpected error; the request_id helps support.",
  503: "The database is unavailable for the moment: retry after Retry-After seconds (a POST with the same Idempotency-Key).",
};
const STATUS_TEXT: Record<number, string> = {
  400: "Invalid request: the error names the field.",
  403: "The API user may not do this (tenant_visibility credentials read only).",
  404: "Not found.",
  405: "Method not allowed.",
  409: "Conflict with the current state (e.g. a name already taken).",
  413: "Request body too large.",
  415: "Unsupported content type.",
};

/**
 * Converts a schema to JSON Schema (2020-12, as OpenAPI 3.1 uses), moving every schema with an `id` (zod's
 * `.meta({ id })`) into components.schemas and pointing at it from there.
 */
function schemaOf(s: z.ZodType, io: "input" | "output", components: Json): Json {
  const out = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  const text = JSON.stringify(out).replaceAll('"#/$defs/', '"#/components/schemas/');
  const { $schema: _schema, $defs, ...rest } = JSON.parse(text) as Json & { $defs?: Json };
  void _schema;
  for (const [id, def] of Object.entries($defs ?? {})) components[id] ??= def;
  return rest;
}

function parametersOf(op: Operation, where: "path" | "query", components: Json): Json[] {
  const s = where === "path" ? op.params : op.query;
  if (!(s instanceof z.ZodObject)) return [];
  return Object.entries(s.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const schema = schemaOf(field, "input", components);
    const { description, ...rest } = schema as Json & { description?: string };
    return {
      name,
      in: where,
      required: where === "path" || !field.safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const requestIdHeader = { "X-Request-Id": { description: "This call's id", schema: { type: "string" } } };
const errorResponse = (description: string) => ({
  description,
  headers: requestIdHeader,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** The OpenAPI 3.1 document of every operation in OPERATIONS, generated from their zod schemas. */
export function openApiDocument(): Json {
  const components: Json = {};
  schemaOf(errorBodySchema, "output", components);
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const success = op.list ? listEnvelope(op.response) : op.response;
    const status = op.status ?? 200;
    const responses: Json = {
      [status]: {
        description: op.list ? "One page of the list." : op.produces === "csv" ? "The CSV, streamed." : "The object.",
        headers: requestIdHeader,
        content:
          op.produces === "csv"
            ? { "text/csv": { schema: schemaOf(success, "output", components) } }
            : { "application/json": { schema: schemaOf(success, "output", components) } },
      },
    };
    // a body may also be refused whole: not JSON (400), too large (413), another content type (415)
    const bodyErrors = op.body ? [400, 413, 415] : [];
    for (const code of [...new Set([...op.errors, ...bodyErrors, ...Object.keys(COMMON_ERRORS).map(Number)])].sort())
      responses[code] = errorResponse(STATUS_TEXT[code] ?? COMMON_ERRORS[code]);
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      operationId: op.id,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      parameters: [...parametersOf(op, "path", components), ...parametersOf(op, "query", components)],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content:
                op.bodyType === "multipart"
                  ? { "multipart/form-data": { schema: schemaOf(op.body, "input", components) } }
                  : { "application/json": { schema: schemaOf(op.body, "input", components) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Axys Account Management API",
      version: "1.0.0",
      description:
        "Tenant operations for a Tenant's own systems. Production only: mutual TLS with a production certificate of a tenant-level API user, the caller's IP on the Tenant's production allowlist (FCrDNS), and an X-API-Key of the same API user. See docs/api.md.",
    },
    servers: [{ url: "https://gateway.axys.example", description: "The production gateway" }],
    security: [{ mutualTLS: [], apiKey: [] }],
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        mutualTLS: { type: "mutualTLS", description: "A production client certificate of a tenant-level API user." },
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
      },
    },
  };
}
