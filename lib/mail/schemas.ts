import { z } from "zod";

export const MAIL_KINDS = [
  "invitation",
  "password_reset",
  "new_sign_in",
  "two_factor",
  "certificate_expiry",
  "email_change",
] as const;
export const MAIL_STATUSES = ["pending", "sent", "failed"] as const;

/** Filters of the outbox list (`axys mail list`, /dev/mail). */
export const listOutboxSchema = z.object({
  to: z
    .string()
    .trim()
    .max(320, "The address is too long.")
    .transform((v) => v.toLowerCase() || undefined)
    .optional(),
  status: z.enum(MAIL_STATUSES, { message: `The status must be one of: ${MAIL_STATUSES.join(", ")}.` }).optional(),
  kind: z.enum(MAIL_KINDS, { message: `The kind must be one of: ${MAIL_KINDS.join(", ")}.` }).optional(),
  limit: z
    .number({ message: "The limit must be a whole number." })
    .int("The limit must be a whole number.")
    .min(1, "The limit must be from 1 to 500.")
    .max(500, "The limit must be from 1 to 500.")
    .default(50),
});
export type ListOutboxInput = z.input<typeof listOutboxSchema>;
