import type {
  AuthenticationExtensionsClientOutputs,
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
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

// The WebAuthn JSON responses as @simplewebauthn/browser returns them, typed as @simplewebauthn/server reads them
// (the `satisfies` lines hold the two together). The shapes and sizes are checked here; the library verifies the
// content (signatures, challenge, origin).
const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*={0,2}$/, "Not a base64url value.");
const credentialFields = {
  id: base64url(1400).min(1),
  rawId: base64url(1400),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.custom<AuthenticationExtensionsClientOutputs>(
    (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    "Not a WebAuthn extension result.",
  ),
};

export const registrationResponseSchema = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url(8192),
    attestationObject: base64url(65536),
    authenticatorData: base64url(65536).optional(),
    transports: z.array(z.string().max(32)).max(16).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(8192).optional(),
  }),
}) satisfies z.ZodType<RegistrationResponseJSON, RegistrationResponseJSON>;

export const authenticationResponseSchema = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url(8192),
    authenticatorData: base64url(65536),
    signature: base64url(8192),
    userHandle: base64url(1400).optional(),
  }),
}) satisfies z.ZodType<AuthenticationResponseJSON, AuthenticationResponseJSON>;

export const addPasskeySchema = z.object({ name: passkeyNameSchema, response: registrationResponseSchema });
export const passkeySignInSchema = z.object({
  response: authenticationResponseSchema,
  callbackUrl: z.string().max(2000).optional(),
});
