import { z } from "zod";

export const totpCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.")),
});

export const recoveryCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .min(10, "Enter one of your recovery codes (like abcde-fghjk).")
    .max(40, "Enter one of your recovery codes (like abcde-fghjk)."),
});

export const codeSignInSchema = z.discriminatedUnion("method", [
  totpCodeSchema.extend({ method: z.literal("totp"), callbackUrl: z.string().max(2000).optional() }),
  recoveryCodeSchema.extend({ method: z.literal("recovery_code"), callbackUrl: z.string().max(2000).optional() }),
]);

export const passkeyNameSchema = z
  .string()
  .trim()
  .min(1, "Name the key, e.g. “YubiKey 5” or “Work laptop”.")
  .max(60, "At most 60 characters.");

/** A WebAuthn JSON response as @simplewebauthn/browser returns it; the library checks its content. */
export const webauthnResponseSchema = z
  .object({ id: z.string().min(1).max(1400), rawId: z.string().max(1400), type: z.literal("public-key") })
  .passthrough();

export const addPasskeySchema = z.object({ name: passkeyNameSchema, response: webauthnResponseSchema });
export const passkeySignInSchema = z.object({
  response: webauthnResponseSchema,
  callbackUrl: z.string().max(2000).optional(),
});
