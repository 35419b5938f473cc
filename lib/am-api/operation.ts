import { z } from "zod";
import type { Ctx } from "@/lib/auth/context";
import type { Action } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Request bodies above this are refused (413) before they are read to the end, unless an operation says more. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A file part of a multipart/form-data body, as an operation's body schema receives it. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** The parsed parts of a request, typed by the operation's schemas. */
export interface OperationInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

/**
 * One endpoint of the Account Management API: where it is, what it takes and answers (zod schemas, which are
 * also the OpenAPI document: lib/am-api/openapi.ts), and the one domain-service call it makes. Authorization is
 * the service's (the caller's Ctx carries the API user's role); the operation only parses and answers.
 */
export interface Operation<P = unknown, Q = unknown, B = unknown> {
  /** OpenAPI operationId, e.g. listPrograms */
  id: string;
  method: Method;
  /** the path template, e.g. /am/v1/programs/{program_id} */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * The body's media type: JSON (the default), or multipart/form-data for a file upload (text parts become
   * strings, file parts UploadedFile; a part given twice is refused). Any other Content-Type answers 415.
   */
  bodyType?: "json" | "multipart";
  /** The largest body accepted, in bytes (default MAX_BODY_BYTES); above it 413 before the rest is read. */
  maxBodyBytes?: number;
  /**
   * The success body's media type: JSON (the default), or CSV streamed as it is produced (`handle` returns a
   * ReadableStream of the CSV's bytes; `response` documents it as a string).
   */
  produces?: "json" | "csv";
  /** the success body (for a list: one item; the envelope is added) */
  response: z.ZodType;
  list?: boolean;
  /** 200 unless said (201 for a creation) */
  status?: 200 | 201;
  /** the documented error statuses besides the gateway's own (401/403/404/429 of every call) */
  errors: number[];
  /**
   * The policy row (lib/auth/permissions.ts) the service checks, asked first by the router too, so a caller that
   * may not do this is told so (403, or 404 for a read) whatever its input; the service still checks it.
   */
  permission: Action;
  /** a change: audited by its service, needs an Idempotency-Key replay store */
  mutates: boolean;
  /** its success body holds a secret shown once (an API key): an Idempotency-Key replay does not repeat it */
  showsSecret?: boolean;
  handle(ctx: Ctx, input: OperationInput<P, Q, B>): Promise<unknown>;
}

export function op<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  o: Operation<P, Q, B>,
): Operation {
  return o as unknown as Operation;
}

/** An UploadedFile, documented as a binary string (the OpenAPI way to describe a multipart file part). */
export const uploadedFile = (message: string) =>
  z
    .custom<UploadedFile>((v) => typeof v === "object" && v !== null && Buffer.isBuffer((v as UploadedFile).bytes), {
      error: message,
    })
    .refine((f) => f.bytes.length > 0, { error: message });

/** `limit` and `starting_after` of every list (Stripe's cursor convention). */
export const listQuery = z.object({
  limit: z.coerce
    .number({ error: "limit must be a number from 1 to 100." })
    .int("limit must be a whole number from 1 to 100.")
    .min(1, "limit must be at least 1.")
    .max(100, "limit may be at most 100.")
    .default(20)
    .meta({ description: "How many objects to return, 1 to 100 (default 20)." }),
  starting_after: z
    .string()
    .max(64)
    .optional()
    .meta({ description: "A cursor: the id of the last object of the previous page (its next_cursor)." }),
});
export type ListQuery = z.output<typeof listQuery>;

export interface ListPage<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/**
 * One page of an ordered list, by Stripe's convention: the objects after `starting_after` (an id of the list; an
 * unknown one is a 400, not an empty page that would end a client's loop silently).
 */
export function pageOf<T extends { id: string }>(items: T[], q: ListQuery): ListPage<T> {
  let from = 0;
  if (q.starting_after !== undefined) {
    const at = items.findIndex((i) => i.id === q.starting_after);
    if (at < 0) {
      const message = "starting_after names no object of this list: pass the next_cursor of the previous page.";
      throw new AppError("VALIDATION", message, "starting_after", { starting_after: message });
    }
    from = at + 1;
  }
  const data = items.slice(from, from + q.limit);
  const has_more = from + q.limit < items.length;
  return { data, has_more, next_cursor: has_more ? data[data.length - 1].id : null };
}

/** The list envelope of an item schema, for the OpenAPI document and the contract tests. */
export const listEnvelope = (item: z.ZodType) =>
  z.object({
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullable().meta({ description: "Pass as starting_after for the next page." }),
  });

/** A timestamp as it travels: ISO 8601 in UTC. */
export const timestamp = z.iso.datetime().meta({ description: "ISO 8601, UTC", example: "2026-12-01T09:30:00.000Z" });
