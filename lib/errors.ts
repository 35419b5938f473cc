/** The CSR refusals, each specific (lib/certificates/csr.ts answers `CSR_<code>`). */
export const CSR_REFUSALS = [
  "NOT_PEM",
  "WRONG_PEM_TYPE",
  "MULTIPLE",
  "TOO_LARGE",
  "MALFORMED",
  "PRIVATE_KEY",
  "BAD_SIGNATURE",
  "KEY_UNSUPPORTED",
  "KEY_TOO_SMALL",
  "KEY_TOO_LARGE",
  "KEY_REUSED",
  "SUBJECT_O",
  "SUBJECT_OU",
  "NO_DNS_NAME",
  "INVALID_DNS_NAME",
] as const;
export type CsrRefusal = (typeof CSR_REFUSALS)[number];

export type ErrorCode =
  | "VALIDATION"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "CONFLICT"
  | "UNAUTHENTICATED"
  | "RATE_LIMITED"
  /** a request body over its size limit */
  | "TOO_LARGE"
  /** a certificate must name its API user (credential set): the scope has several */
  | "API_USER_REQUIRED"
  /** the action needs a password (or second factor) given in the last minutes: the browser asks and retries */
  | "REAUTH_REQUIRED"
  | `CSR_${CsrRefusal}`;

const csrStatus = Object.fromEntries(CSR_REFUSALS.map((c) => [`CSR_${c}`, 400])) as Record<`CSR_${CsrRefusal}`, 400>;

/**
 * The one mapping of error codes to HTTP statuses, for route handlers (lib/actions/with-ctx.ts) and the REST API.
 * A Record over every ErrorCode: a new code does not compile until it has its status here.
 * FORBIDDEN is 403 (the caller may see the object but not change it); what the caller may not see is NOT_FOUND.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  API_USER_REQUIRED: 400,
  ...csrStatus,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  REAUTH_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

/** The HTTP status of a result's code: its entry in HTTP_STATUS, 500 for INTERNAL (an unexpected error). */
export const httpStatusOf = (code: string): number =>
  Object.hasOwn(HTTP_STATUS, code) ? HTTP_STATUS[code as ErrorCode] : 500;

/** The only error whose message may reach a user. Anything else is logged and shown as a generic message. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Every field error, for forms: field name -> message. */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found.`);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Prisma's unique-constraint violation, raised by both adapters as P2002. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
