import { z } from "zod";

export const CHAINS = ["evm", "bitcoin", "solana"] as const;
export type Chain = (typeof CHAINS)[number];

/** `placeholder` shows the shape only: never a real address someone could mistake for a pre-filled one. */
export const CHAIN_INFO: Record<Chain, { label: string; hint: string; placeholder: string }> = {
  evm: {
    label: "EVM",
    hint: "0x followed by 40 hexadecimal characters. Mixed case must match its EIP-55 checksum.",
    placeholder: "0x…",
  },
  bitcoin: {
    label: "Bitcoin",
    hint: "Mainnet only: 1… or 3… (base58check), bc1q… (segwit) or bc1p… (taproot).",
    placeholder: "bc1q…, bc1p…, 1… or 3…",
  },
  solana: {
    label: "Solana",
    hint: "Base58, 32 to 44 characters (a 32-byte public key).",
    placeholder: "Base58 public key",
  },
};

/** Addresses per Program's whitelist. */
export const MAX_WALLETS_PER_PROGRAM = 200;

export const addWalletAddressSchema = z.object({
  programId: z.string({ error: "Choose a program." }).min(1, "Choose a program.").max(64),
  chain: z.enum(CHAINS, { error: "Choose a chain: EVM, Bitcoin or Solana." }),
  address: z
    .string({ error: "Enter an address." })
    .trim()
    .min(1, "Enter an address.")
    .max(120, "An address has at most 120 characters."),
  label: z
    .string({ error: "Enter a label." })
    .trim()
    .min(1, "Enter a label, e.g. 'Treasury cold wallet'.")
    .max(80, "The label may have at most 80 characters."),
});
export type AddWalletAddressInput = z.input<typeof addWalletAddressSchema>;

export const removeWalletAddressSchema = z.object({
  id: z.string({ error: "Missing id." }).min(1, "Missing id.").max(64),
});
