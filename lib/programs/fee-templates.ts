/**
 * Named starting fee structures for a new Program. Choosing one saves version 1 of the Program's fee
 * schedule with its values (lib/fees/templates.ts); "custom" starts with no schedule, every fee off.
 */
export const FEE_TEMPLATES = {
  standard_debit: {
    label: "Standard debit",
    description: "Issuance and replacement fees, monthly maintenance, FX 1.5%, ATM fixed fee.",
  },
  prepaid_lite: { label: "Prepaid lite", description: "No monthly fee; top-up 1%, FX 2%, ATM fixed fee." },
  crypto_funded: {
    label: "Crypto-funded",
    description: "Crypto conversion 0.8%, no monthly fee, FX 1.5%, settlement in USDC.",
  },
  custom: {
    label: "Custom / no fees yet",
    description: "Every fee off: set each fee on the Program's Fees page (production).",
  },
} as const;

export type FeeTemplate = keyof typeof FEE_TEMPLATES;
export const FEE_TEMPLATE_KEYS = Object.keys(FEE_TEMPLATES) as [FeeTemplate, ...FeeTemplate[]];
/** What staging programs show read-only: configuration exists only in production. */
export const PLATFORM_DEFAULTS = { threeDsEnabled: true, feeTemplate: "standard_debit" as FeeTemplate };
