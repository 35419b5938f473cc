/**
 * Checks for inbound bank credentials: pure functions, no I/O. Money is paid into these accounts, so
 * anything that is not provably well-formed is refused, and nothing is ever "corrected" (a mistyped
 * number is refused, never replaced by a guess). Each check returns the normalised form to store.
 */
export type BankCheck = { ok: true; normalized: string } | { ok: false; message: string };

const fail = (message: string): BankCheck => ({ ok: false, message });
const ok = (normalized: string): BankCheck => ({ ok: true, normalized });

/** ISO 3166-1 alpha-2 codes (officially assigned), plus XK (Kosovo), which SWIFT and the IBAN registry use. */
export const ISO_COUNTRIES: ReadonlySet<string> = new Set(
  `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK
`
    .trim()
    .split(/\s+/),
);

/**
 * IBAN length per country (SWIFT IBAN registry): every SEPA country (EU, EEA, CH, GB, MC, SM, VA, AD,
 * GI) plus other frequently seen IBAN countries. A country missing here is refused, not guessed.
 */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  // SEPA
  AD: 24,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  VA: 22,
  // Other IBAN countries
  AE: 23,
  AL: 28,
  AZ: 28,
  BA: 20,
  BH: 22,
  BR: 29,
  CR: 22,
  DO: 28,
  FO: 18,
  GE: 22,
  GL: 18,
  GT: 28,
  IL: 23,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  MD: 24,
  ME: 22,
  MK: 19,
  MU: 30,
  PK: 24,
  PS: 29,
  QA: 29,
  RS: 22,
  SA: 24,
  TN: 24,
  TR: 26,
  UA: 29,
  VG: 24,
  XK: 20,
};

/** Removes the spaces of the IBAN's print format ("GB82 WEST ...") and upper-cases. */
export const normalizeIban = (iban: string) => (iban ?? "").replace(/\s+/g, "").toUpperCase();

/** The IBAN in its print format: groups of four characters. */
export const formatIban = (iban: string) => normalizeIban(iban).replace(/(.{4})(?=.)/g, "$1 ");

/** ISO 7064 MOD 97-10 of the IBAN rearranged (first four characters moved to the end, letters A=10 .. Z=35), chunk-free: one digit at a time. */
function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const v = ch >= "A" && ch <= "Z" ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rem = (rem * (v >= 10 ? 100 : 10) + v) % 97;
  }
  return rem;
}

/** ISO 13616 IBAN: country code, length for that country, two check digits and the MOD 97 check. */
export function validateIban(input: string): BankCheck {
  const iban = normalizeIban(input);
  if (!iban) return fail("Enter an IBAN.");
  if (!/^[A-Z0-9]+$/.test(iban)) return fail("An IBAN has only letters and digits (spaces are ignored).");
  const country = iban.slice(0, 2);
  if (!/^[A-Z]{2}$/.test(country)) return fail("An IBAN starts with a two-letter country code, e.g. DE or GB.");
  if (!ISO_COUNTRIES.has(country))
    return fail(`"${country}" is not a country code: an IBAN starts with one, e.g. DE or GB.`);
  const length = IBAN_LENGTHS[country];
  if (!length)
    return fail(
      `IBANs from ${country} are not accepted here (SEPA countries and a few others are). Ask Axys if this account is right.`,
    );
  if (iban.length !== length) return fail(`A ${country} IBAN has ${length} characters; this one has ${iban.length}.`);
  const check = iban.slice(2, 4);
  // 00, 01 and 99 never result from the check-digit computation (98 - n mod 97 lies in 02..98), though 00/01/99 can pass MOD 97.
  if (!/^\d\d$/.test(check) || check === "00" || check === "01" || check === "99") {
    return fail("The check digits after the country code are not valid (02 to 98): check for a typo");
  }
  if (mod97(iban) !== 1) return fail("IBAN checksum does not match: check for a typo");
  return ok(iban);
}

/** BIC (ISO 9362): 4 letters bank, 2 letters country (ISO 3166), 2 letters/digits location, optional 3 letters/digits branch. */
export function validateBic(input: string): BankCheck {
  const bic = (input ?? "").replace(/\s+/g, "").toUpperCase();
  if (!bic) return fail("Enter a BIC (SWIFT code).");
  if (!/^[A-Z0-9]+$/.test(bic)) return fail("A BIC has only letters and digits.");
  if (bic.length !== 8 && bic.length !== 11) return fail(`A BIC has 8 or 11 characters; this one has ${bic.length}.`);
  if (!/^[A-Z]{4}/.test(bic)) return fail("A BIC starts with a four-letter bank code (letters only).");
  const country = bic.slice(4, 6);
  if (!/^[A-Z]{2}$/.test(country) || !ISO_COUNTRIES.has(country))
    return fail(`Characters 5 and 6 of a BIC are its country code; "${country}" is not one.`);
  return ok(bic);
}

/** UK sort code: 6 digits, also written 12-34-56 or 12 34 56. Stored as 6 digits. */
export function validateSortCode(input: string): BankCheck {
  const s = (input ?? "").trim();
  if (!s) return fail("Enter a sort code.");
  if (!/^\d{2}([- ]?)\d{2}\1\d{2}$/.test(s)) return fail("A sort code has 6 digits, e.g. 12-34-56.");
  return ok(s.replace(/\D/g, ""));
}

/** Sort code in its usual print format, 12-34-56. */
export const formatSortCode = (s: string) => s.replace(/^(\d\d)(\d\d)(\d\d)$/, "$1-$2-$3");

/** First two digits of a valid ABA routing number: 01-12 (Federal Reserve districts), 21-32 (thrifts), 61-72 (electronic), 80 (traveller's cheques). */
const ABA_PREFIX = /^(0[1-9]|1[0-2]|2[1-9]|3[0-2]|6[1-9]|7[0-2]|80)/;

/** US ABA routing transit number: 9 digits, weights 3-7-1 repeated, sum a multiple of 10. */
export function validateAbaRouting(input: string): BankCheck {
  const s = (input ?? "").trim();
  if (!s) return fail("Enter an ABA routing number.");
  if (!/^\d+$/.test(s)) return fail("An ABA routing number has only digits.");
  if (s.length !== 9) return fail(`An ABA routing number has 9 digits; this one has ${s.length}.`);
  if (!ABA_PREFIX.test(s))
    return fail("An ABA routing number starts with 01-12, 21-32, 61-72 or 80: check the first two digits.");
  const weights = [3, 7, 1];
  const sum = [...s].reduce((acc, d, i) => acc + Number(d) * weights[i % 3], 0);
  if (sum % 10 !== 0) return fail("ABA routing number checksum does not match: check for a typo");
  return ok(s);
}

/** UK account number: 8 digits (spaces ignored). */
export function validateUkAccountNumber(input: string): BankCheck {
  const s = (input ?? "").replace(/\s+/g, "");
  if (!s) return fail("Enter an account number.");
  if (!/^\d+$/.test(s)) return fail("A UK account number has only digits.");
  if (s.length !== 8) return fail(`A UK account number has 8 digits; this one has ${s.length}.`);
  return ok(s);
}

/** US account number: 4 to 17 digits (spaces ignored). */
export function validateUsAccountNumber(input: string): BankCheck {
  const s = (input ?? "").replace(/\s+/g, "");
  if (!s) return fail("Enter an account number.");
  if (!/^\d+$/.test(s)) return fail("A US account number has only digits.");
  if (s.length < 4 || s.length > 17) return fail(`A US account number has 4 to 17 digits; this one has ${s.length}.`);
  return ok(s);
}
