import { describe, expect, it } from "vitest";
import {
  formatIban,
  formatSortCode,
  IBAN_LENGTHS,
  ISO_COUNTRIES,
  validateAbaRouting,
  validateBic,
  validateIban,
  validateSortCode,
  validateUkAccountNumber,
  validateUsAccountNumber,
} from "@/lib/bank/validate";

const accepted = (normalized: string) => ({ ok: true, normalized });
const refused = (message: string) => ({ ok: false, message });
const IBAN_CHECKSUM = refused("IBAN checksum does not match: check for a typo");
const ABA_CHECKSUM = refused("ABA routing number checksum does not match: check for a typo");

describe("IBAN", () => {
  // Published example IBANs (national banking associations / the SWIFT registry), in print format.
  const valid = [
    ["GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"],
    ["DE89 3704 0044 0532 0130 00", "DE89370400440532013000"],
    ["FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"],
    ["NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"],
    ["BE68 5390 0754 7034", "BE68539007547034"],
    ["CH93 0076 2011 6238 5295 7", "CH9300762011623852957"],
    ["IT60 X054 2811 1010 0000 0123 456", "IT60X0542811101000000123456"],
    ["ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332"],
    ["AT61 1904 3002 3457 3201", "AT611904300234573201"],
    ["NO93 8601 1117 947", "NO9386011117947"],
    ["MT84 MALT 0110 0001 2345 MTLC AST0 01S", "MT84MALT011000012345MTLCAST001S"],
  ] as const;

  it.each(valid)("accepts %s, normalised to its electronic form", (print, electronic) => {
    expect(validateIban(print)).toEqual(accepted(electronic));
    expect(validateIban(electronic)).toEqual(accepted(electronic));
    expect(formatIban(electronic)).toBe(print);
  });

  it("normalises case and any spacing", () => {
    expect(validateIban("gb82 west 1234 5698 7654 32")).toEqual(accepted("GB82WEST12345698765432"));
    expect(validateIban("  GB82WEST 12345698765432\t")).toEqual(accepted("GB82WEST12345698765432"));
    expect(validateIban("fr1420041010050500013m02606")).toEqual(accepted("FR1420041010050500013M02606"));
  });

  it("refuses a changed digit, swapped digits or changed check digits with the checksum message", () => {
    expect(validateIban("GB82 WEST 1234 5698 7654 33")).toEqual(IBAN_CHECKSUM); // last digit
    expect(validateIban("GB82 WEST 1234 5698 7654 23")).toEqual(IBAN_CHECKSUM); // transposed
    expect(validateIban("GB83 WEST 1234 5698 7654 32")).toEqual(IBAN_CHECKSUM); // check digit
    expect(validateIban("DE89 3704 0044 0532 0130 01")).toEqual(IBAN_CHECKSUM);
    expect(validateIban("DE89 3704 0044 0532 0131 00")).toEqual(IBAN_CHECKSUM);
    expect(validateIban("FR14 2004 1010 0505 0001 3M02 607")).toEqual(IBAN_CHECKSUM);
    expect(validateIban("FR14 2004 1010 0505 0001 3N02 606")).toEqual(IBAN_CHECKSUM); // letter changed
  });

  it("refuses check digits 00, 01 and 99 even when they pass MOD 97", () => {
    // GB97WEST12345698765453 is valid; replacing 97 by 00 keeps MOD 97 = 1, but 00 is never a computed check value.
    expect(validateIban("GB97WEST12345698765453")).toEqual(accepted("GB97WEST12345698765453"));
    const message = refused("The check digits after the country code are not valid (02 to 98): check for a typo");
    expect(validateIban("GB00WEST12345698765453")).toEqual(message);
    expect(validateIban("GB01WEST12345698765432")).toEqual(message);
    expect(validateIban("GB99WEST12345698765432")).toEqual(message);
    expect(validateIban("GBX2WEST12345698765432")).toEqual(message);
  });

  it("refuses a wrong length for the country, naming both lengths", () => {
    expect(validateIban("GB82 WEST 1234 5698 7654 3")).toEqual(
      refused("A GB IBAN has 22 characters; this one has 21."),
    );
    expect(validateIban("DE89 3704 0044 0532 0130 000")).toEqual(
      refused("A DE IBAN has 22 characters; this one has 23."),
    );
    // a valid Belgian IBAN's digits under a German country code: the length gives it away before the checksum
    expect(validateIban("DE68539007547034")).toEqual(refused("A DE IBAN has 22 characters; this one has 16."));
  });

  it("refuses unknown or unsupported countries, punctuation and empty input", () => {
    expect(validateIban("ZZ82WEST12345698765432")).toEqual(
      refused('"ZZ" is not a country code: an IBAN starts with one, e.g. DE or GB.'),
    );
    expect(validateIban("US82WEST12345698765432")).toEqual(
      refused(
        "IBANs from US are not accepted here (SEPA countries and a few others are). Ask Axys if this account is right.",
      ),
    );
    expect(validateIban("1282WEST12345698765432")).toEqual(
      refused("An IBAN starts with a two-letter country code, e.g. DE or GB."),
    );
    expect(validateIban("GB82-WEST-1234-5698-7654-32")).toEqual(
      refused("An IBAN has only letters and digits (spaces are ignored)."),
    );
    expect(validateIban("   ")).toEqual(refused("Enter an IBAN."));
  });

  it("has a length for every SEPA country and GB, all of them ISO 3166 codes", () => {
    const sepa =
      "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK SM VA".split(
        " ",
      );
    for (const c of sepa) expect(IBAN_LENGTHS[c], c).toBeGreaterThanOrEqual(15);
    for (const c of Object.keys(IBAN_LENGTHS)) expect(ISO_COUNTRIES.has(c), c).toBe(true);
    expect(ISO_COUNTRIES.size).toBe(250); // 249 assigned codes + XK
  });
});

describe("BIC", () => {
  it.each(["DEUTDEFF", "DEUTDEFF500", "NWBKGB2L", "BNPAFRPPXXX", "CHASUS33"])("accepts %s", (bic) => {
    expect(validateBic(bic)).toEqual(accepted(bic));
  });

  it("normalises case and spaces", () => {
    expect(validateBic(" deut de ff 500 ")).toEqual(accepted("DEUTDEFF500"));
  });

  it("refuses wrong lengths, digits in the bank code, unknown countries and punctuation", () => {
    expect(validateBic("DEUTDEFF50")).toEqual(refused("A BIC has 8 or 11 characters; this one has 10."));
    expect(validateBic("DEUTDEF")).toEqual(refused("A BIC has 8 or 11 characters; this one has 7."));
    expect(validateBic("DEU1DEFF")).toEqual(refused("A BIC starts with a four-letter bank code (letters only)."));
    expect(validateBic("DEUTZZFF")).toEqual(
      refused('Characters 5 and 6 of a BIC are its country code; "ZZ" is not one.'),
    );
    expect(validateBic("DEUT12FF")).toEqual(
      refused('Characters 5 and 6 of a BIC are its country code; "12" is not one.'),
    );
    expect(validateBic("DEUT-DEFF")).toEqual(refused("A BIC has only letters and digits."));
    expect(validateBic("")).toEqual(refused("Enter a BIC (SWIFT code)."));
  });
});

describe("UK sort code and account number", () => {
  it("accepts 6 digits, also with hyphens or spaces, stored as 6 digits", () => {
    expect(validateSortCode("123456")).toEqual(accepted("123456"));
    expect(validateSortCode("12-34-56")).toEqual(accepted("123456"));
    expect(validateSortCode("12 34 56")).toEqual(accepted("123456"));
    expect(formatSortCode("123456")).toBe("12-34-56");
  });

  it("refuses other shapes", () => {
    const message = refused("A sort code has 6 digits, e.g. 12-34-56.");
    for (const s of ["12345", "1234567", "12-3456", "12-34 56", "ab-cd-ef", "12.34.56"])
      expect(validateSortCode(s), s).toEqual(message);
    expect(validateSortCode("")).toEqual(refused("Enter a sort code."));
  });

  it("accepts 8-digit account numbers only", () => {
    expect(validateUkAccountNumber("31926819")).toEqual(accepted("31926819"));
    expect(validateUkAccountNumber("3192 6819")).toEqual(accepted("31926819"));
    expect(validateUkAccountNumber("3192681")).toEqual(refused("A UK account number has 8 digits; this one has 7."));
    expect(validateUkAccountNumber("319268190")).toEqual(refused("A UK account number has 8 digits; this one has 9."));
    expect(validateUkAccountNumber("3192681X")).toEqual(refused("A UK account number has only digits."));
  });
});

describe("US ABA routing and account number", () => {
  it.each(["011000015", "021000021", "121000358", "026009593", "322271627"])("accepts %s", (aba) => {
    expect(validateAbaRouting(aba)).toEqual(accepted(aba));
  });

  it("refuses a changed or swapped digit with the checksum message", () => {
    expect(validateAbaRouting("011000016")).toEqual(ABA_CHECKSUM);
    expect(validateAbaRouting("021000012")).toEqual(ABA_CHECKSUM);
    expect(validateAbaRouting("121000385")).toEqual(ABA_CHECKSUM);
  });

  it("refuses wrong lengths, non-digits and impossible prefixes", () => {
    expect(validateAbaRouting("02100002")).toEqual(refused("An ABA routing number has 9 digits; this one has 8."));
    expect(validateAbaRouting("0210000210")).toEqual(refused("An ABA routing number has 9 digits; this one has 10."));
    expect(validateAbaRouting("02100002A")).toEqual(refused("An ABA routing number has only digits."));
    // 000000000 and 500000005 satisfy 3-7-1 but no routing number starts with 00 or 50
    const prefix = refused("An ABA routing number starts with 01-12, 21-32, 61-72 or 80: check the first two digits.");
    expect(validateAbaRouting("000000000")).toEqual(prefix);
    expect(validateAbaRouting("500000005")).toEqual(prefix);
  });

  it("accepts account numbers of 4 to 17 digits", () => {
    expect(validateUsAccountNumber("1234")).toEqual(accepted("1234"));
    expect(validateUsAccountNumber("12345678901234567")).toEqual(accepted("12345678901234567"));
    expect(validateUsAccountNumber("123")).toEqual(refused("A US account number has 4 to 17 digits; this one has 3."));
    expect(validateUsAccountNumber("123456789012345678")).toEqual(
      refused("A US account number has 4 to 17 digits; this one has 18."),
    );
    expect(validateUsAccountNumber("12-34")).toEqual(refused("A US account number has only digits."));
  });
});
