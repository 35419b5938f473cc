import { z } from "zod";
import { formList } from "@/lib/actions/form-fields";
import { OPTIONAL_MAIL_KINDS } from "@/lib/account/preferences";
import { passwordSchema } from "@/lib/users/schemas";

/** The password rules as the forms state them (checked by lib/account/password-rules.ts). */
export const PASSWORD_RULES_TEXT =
  "At least 12 characters, and not a common or breached password (nor one with digits or symbols added, or repeated), nor your email address.";

const token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid.");
const email = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(320));

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(200),
    newPassword: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z
  .object({ token, password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

export const confirmEmailSchema = z.object({ token });

/** Re-authentication: the password, or (for a user with an authenticator app) a code from it. */
export const reauthenticateSchema = z.union([
  z.object({ password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200) }),
  z.object({
    code: z
      .string({ error: "Enter the 6-digit code from your authenticator app." })
      .trim()
      .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."),
  }),
]);

export const nameSchema = z.object({
  name: z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(100, "At most 100 characters."),
});

export const emailChangeSchema = z.object({ newEmail: email });

/** The preferences form sends the optional kinds the user wants (checked boxes); the rest are muted. */
export const mailPreferencesSchema = z
  .object({ wanted: formList(z.array(z.enum(OPTIONAL_MAIL_KINDS))) })
  .transform((v) => ({ muted: OPTIONAL_MAIL_KINDS.filter((k) => !v.wanted.includes(k)) }));
