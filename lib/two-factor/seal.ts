import { seal, unseal } from "@/lib/core/sealing";

/**
 * The sealing context of a user's TOTP secret: bound to the user, so a sealed secret copied onto another user's
 * row does not open. The master-key registry (lib/master-key/service.ts) reseals this column with it.
 */
export const totpSealContext = (userId: string) => `user-totp:${userId}`;

export const sealTotpSecret = (userId: string, secret: string): string =>
  seal(Buffer.from(secret, "utf8"), totpSealContext(userId));

export const unsealTotpSecret = (userId: string, sealed: string): string =>
  unseal(sealed, totpSealContext(userId)).toString("utf8");
