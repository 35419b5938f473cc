import { z } from "zod";
import { HTTP_STATUS, isAppError, type ErrorCode } from "@/lib/errors";

/**
 * The API's error codes: one per AppError code (snake case, Stripe's style), plus the transport's own. The HTTP
 * status of a domain error is its entry in HTTP_STATUS (lib/errors.ts): one table for routes, actions and the API.
 */
const DOMAIN_CODES: Partial<Record<ErrorCode, string>> = {
  VALIDATION: "invalid_request",
  NOT_FOUND: "not_found",
  FORBIDDEN: "insufficient_permissions",
  CONFLICT: "conflict",
  UNAUTHENTICATED: "unauthenticated",
  RATE_LIMITED: "rate_limited",
  TOO_LARGE: "payload_too_large",
  API_USER_REQUIRED: "api_user_required",
};

export const apiCodeOf = (code: ErrorCode): string => DOMAIN_CODES[code] ?? code.toLowerCase();

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; fields?: Record<string, string>; request_id: string };
}

/** The error every AM response uses (documented once in the OpenAPI document as `Error`). */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Machine-readable, e.g. invalid_request, not_found." }),
      message: z.string().meta({ description: "What went wrong and what to do, for a person." }),
      field: z.string().optional().meta({ description: "The first input field at fault, when one is." }),
      fields: z.record(z.string(), z.string()).optional().meta({ description: "Every field at fault." }),
      request_id: z.string().meta({ description: "The X-Request-Id of this call, for support." }),
    }),
  })
  .meta({ id: "Error" });

/** An answer of the API: status, body and extra headers. */
export interface ApiReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * A body streamed as it is produced (a CSV export), sent instead of `body` with the Content-Type in `headers`.
   * Only success replies of GET operations stream, so nothing streamed is ever stored for an idempotent replay.
   */
  stream?: ReadableStream<Uint8Array>;
}

/** A transport-level refusal (routing, content type, size, idempotency): not a domain AppError. */
export class ApiFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The reply for anything thrown while answering; null for an unexpected error (the caller logs it, answers 500). */
export function errorReply(e: unknown, requestId: string): ApiReply | null {
  if (e instanceof ApiFault)
    return {
      status: e.status,
      headers: e.headers,
      body: { error: { code: e.code, message: e.message, request_id: requestId } } satisfies ApiErrorBody,
    };
  if (!isAppError(e)) return null;
  return {
    status: HTTP_STATUS[e.code],
    body: {
      error: {
        code: apiCodeOf(e.code),
        message: e.message,
        ...(e.field ? { field: e.field } : {}),
        ...(e.fields && Object.keys(e.fields).length ? { fields: e.fields } : {}),
        request_id: requestId,
      },
    } satisfies ApiErrorBody,
  };
}

export const internalErrorReply = (requestId: string): ApiReply => ({
  status: 500,
  body: {
    error: { code: "internal_error", message: "The request could not be processed. Try again.", request_id: requestId },
  } satisfies ApiErrorBody,
});

/** Seconds a caller is asked to wait when the database is unavailable (503). */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

/** The reply while the database is down or unreachable: 503 with Retry-After, in the API's error shape. */
export const unavailableReply = (requestId: string): ApiReply => ({
  status: 503,
  headers: { "retry-after": String(UNAVAILABLE_RETRY_AFTER_S) },
  body: {
    error: {
      code: "service_unavailable",
      message: `The service cannot reach its database for the moment: retry in ${UNAVAILABLE_RETRY_AFTER_S} s (a POST with the same Idempotency-Key).`,
      request_id: requestId,
    },
  } satisfies ApiErrorBody,
});
