import { timingSafeEqual } from "node:crypto";
import { generate, generateSecret, generateURI } from "otplib";

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30 s steps. */
export const TOTP_PERIOD_S = 30;
/** Codes of the step before and after the current one are accepted too (clock drift, slow typing); no more. */
export const TOTP_WINDOW_STEPS = 1;
export const TOTP_ISSUER = "Axys";

/** A new secret: 20 random bytes, Base32 (what authenticator apps and the otpauth URI carry). */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

/** The otpauth:// URI the QR code carries. */
export const totpUri = (email: string, secret: string): string =>
  generateURI({ issuer: TOTP_ISSUER, label: email, secret, period: TOTP_PERIOD_S });

export const totpStepOf = (now: Date): number => Math.floor(now.getTime() / 1000 / TOTP_PERIOD_S);

/** The code of one time step (tests and the e2e compute codes with this). */
export const totpCodeAt = (secret: string, step: number): Promise<string> =>
  generate({ secret, epoch: step * TOTP_PERIOD_S, period: TOTP_PERIOD_S });

const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The time step whose code `code` is, within ±TOTP_WINDOW_STEPS of `now` and later than `afterStep` (the last
 * accepted step: a code of that step or an earlier one is a replay), or null. The newest matching step wins.
 * Pure: the caller records the step with a compare-and-set (lib/two-factor/verify.ts).
 */
export async function matchTotpStep(
  secret: string,
  code: string,
  now: Date,
  afterStep: number | null,
): Promise<number | null> {
  const c = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(c)) return null;
  const current = totpStepOf(now);
  for (let step = current + TOTP_WINDOW_STEPS; step >= current - TOTP_WINDOW_STEPS; step--) {
    if (afterStep !== null && step <= afterStep) break;
    if (sameCode(await totpCodeAt(secret, step), c)) return step;
  }
  return null;
}
