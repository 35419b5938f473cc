export type ErrorCode =
  | "VALIDATION" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "UNAUTHENTICATED" | "RATE_LIMITED"
  /** a certificate must name its API user (credential set): the scope has several */
  | "API_USER_REQUIRED"
  /** CSR refusals, each specific (lib/certificates/csr.ts) */
  | `CSR_${string}`;

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
