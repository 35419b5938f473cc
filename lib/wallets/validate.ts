import { keccak_256 } from "@noble/hashes/sha3.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { base58, bech32, bech32m, createBase58check } from "@scure/base";
import type { Chain } from "@/lib/wallets/schemas";

/**
 * Address checks for the wallet whitelist: pure functions, no I/O. A whitelisted address is where
 * funds may be sent, so anything not provably well-formed for its chain is refused, and nothing is
 * ever "corrected" for the user (a mistyped address is refused, never replaced by a guess).
 */
export type AddressCheck = { ok: true; normalized: string } | { ok: false; message: string };

const fail = (message: string): AddressCheck => ({ ok: false, message });
const ok = (normalized: string): AddressCheck => ({ ok: true, normalized });

export function validateAddress(chain: Chain | string, address: string): AddressCheck {
  const a = (address ?? "").trim();
  if (!a) return fail("Enter an address.");
  if (/\s/.test(a)) return fail("An address contains no spaces: re-copy it.");
  switch (chain) {
    case "evm":
      return validateEvm(a);
    case "bitcoin":
      return validateBitcoin(a);
    case "solana":
      return validateSolana(a);
    default:
      return fail("Choose a chain: EVM, Bitcoin or Solana.");
  }
}

// --- EVM (Ethereum and compatible chains) ---------------------------------------------------------

const textBytes = (s: string) => new TextEncoder().encode(s);

/** EIP-55 mixed-case checksum form of 40 hex digits (any case), with its 0x prefix. */
export function toEip55(hex40: string): string {
  const lower = hex40.toLowerCase();
  const hash = keccak_256(textBytes(lower));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1] >> (i % 2 === 0 ? 4 : 0)) & 0x0f;
    out += nibble >= 8 ? lower[i].toUpperCase() : lower[i];
  }
  return out;
}

function validateEvm(a: string): AddressCheck {
  if (!a.startsWith("0x")) return fail("An EVM address starts with 0x followed by 40 hexadecimal characters.");
  const hex = a.slice(2);
  if (!/^[0-9a-fA-F]*$/.test(hex)) return fail("An EVM address has only hexadecimal characters (0-9, a-f) after 0x.");
  if (hex.length !== 40)
    return fail(`An EVM address has 40 hexadecimal characters after 0x; this one has ${hex.length}.`);
  const checksummed = toEip55(hex);
  // Single-case input carries no checksum: accepted and stored in its EIP-55 form.
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return ok(checksummed);
  // Mixed case is an EIP-55 checksum: it must match exactly. No suggestion: a mistyped address must be re-copied.
  if (a !== checksummed) return fail("EIP-55 checksum does not match: re-copy the address");
  return ok(checksummed);
}

// --- Bitcoin (mainnet) -----------------------------------------------------------------------------

const base58check = createBase58check(sha256);
const BASE58_ALPHABET = /^[1-9A-HJ-NP-Za-km-z]+$/;
const BECH32_CHARSET = /^[qpzry9x8gf2tvdw0s3jn54khce6mua7l]+$/;
const TESTNET = "This is a Bitcoin testnet address: only mainnet addresses are accepted.";

function validateBitcoin(a: string): AddressCheck {
  const lower = a.toLowerCase();
  if (lower.startsWith("tb1") || lower.startsWith("bcrt1")) return fail(TESTNET);
  if (lower.startsWith("bc1")) return validateSegwit(a);
  if (/^[mn2]/.test(a)) return fail(TESTNET);
  if (/^[13]/.test(a)) return validateBase58(a);
  if (a.startsWith("0x")) return fail("This looks like an EVM address, not a Bitcoin one: choose the EVM chain.");
  return fail("A Bitcoin address starts with 1, 3 or bc1.");
}

function validateBase58(a: string): AddressCheck {
  if (!BASE58_ALPHABET.test(a)) return fail("A Bitcoin address contains only base58 characters (no 0, O, I or l).");
  if (a.length < 26 || a.length > 35)
    return fail(`A legacy Bitcoin address has 26 to 35 characters; this one has ${a.length}.`);
  let bytes: Uint8Array;
  try {
    bytes = base58check.decode(a);
  } catch {
    return fail("Bitcoin address checksum does not match: re-copy the address.");
  }
  if (bytes.length !== 21) return fail("Not a Bitcoin address: wrong length for a P2PKH (1…) or P2SH (3…) address.");
  const version = bytes[0];
  if (version === 0x00 && a.startsWith("1")) return ok(a);
  if (version === 0x05 && a.startsWith("3")) return ok(a);
  return fail("Not a Bitcoin mainnet address: unknown version byte.");
}

function validateSegwit(a: string): AddressCheck {
  if (a !== a.toLowerCase() && a !== a.toUpperCase())
    return fail("A bech32 Bitcoin address must be all lowercase or all uppercase, not mixed case.");
  const lower = a.toLowerCase();
  if (lower.length < 14 || lower.length > 74)
    return fail(`A bc1 Bitcoin address has 14 to 74 characters; this one has ${lower.length}.`);
  const data = lower.slice(3);
  if (!BECH32_CHARSET.test(data))
    return fail("A bc1 Bitcoin address never contains 1, b, i or o after bc1: re-copy the address.");
  const v0 = bech32.decodeUnsafe(lower, 90);
  const v1 = v0 ? undefined : bech32m.decodeUnsafe(lower, 90);
  const decoded = v0 ?? v1;
  if (!decoded || decoded.prefix !== "bc" || decoded.words.length === 0)
    return fail("Bitcoin address checksum does not match: re-copy the address.");
  const variant = v0 ? "bech32" : "bech32m";
  const version = decoded.words[0];
  const program = bech32.fromWordsUnsafe(decoded.words.slice(1));
  if (!program) return fail("Not a valid bc1 Bitcoin address: malformed witness program.");
  if (version === 0) {
    if (variant !== "bech32")
      return fail("Not a valid bc1q Bitcoin address: witness version 0 uses a bech32 checksum, not bech32m.");
    if (program.length !== 20 && program.length !== 32)
      return fail("Not a valid bc1q Bitcoin address: the witness program must be 20 or 32 bytes.");
    return ok(lower);
  }
  if (variant !== "bech32m")
    return fail(
      "Not a valid Bitcoin address: witness version 1 and later use a bech32m checksum (BIP-350), not bech32.",
    );
  if (version === 1) {
    if (program.length !== 32)
      return fail("Not a valid taproot (bc1p) Bitcoin address: the witness program must be 32 bytes.");
    return ok(lower);
  }
  return fail(
    `Bitcoin witness version ${version} is not in use: only bc1q (segwit v0) and bc1p (taproot) addresses are accepted.`,
  );
}

// --- Solana --------------------------------------------------------------------------------------

function validateSolana(a: string): AddressCheck {
  if (a.startsWith("0x")) return fail("This looks like an EVM address, not a Solana one: choose the EVM chain.");
  if (!BASE58_ALPHABET.test(a)) return fail("A Solana address contains only base58 characters (no 0, O, I or l).");
  if (a.length < 32 || a.length > 44)
    return fail(`A Solana address has 32 to 44 characters; this one has ${a.length}.`);
  const bytes = base58.decode(a);
  if (bytes.length !== 32) return fail(`A Solana address is 32 bytes; this one decodes to ${bytes.length}.`);
  return ok(base58.encode(bytes));
}
