import { describe, expect, it } from "vitest";
import { toEip55, validateAddress } from "@/lib/wallets/validate";

const accepted = (normalized: string) => ({ ok: true, normalized });
const refused = (message: string) => ({ ok: false, message });

const EIP55_MISMATCH = refused("EIP-55 checksum does not match: re-copy the address");
const BTC_CHECKSUM = refused("Bitcoin address checksum does not match: re-copy the address.");
const TESTNET = refused("This is a Bitcoin testnet address: only mainnet addresses are accepted.");

describe("EVM addresses", () => {
  // The EIP-55 specification's test vectors: each is its own checksum form.
  const vectors = [
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
  ];

  it.each(vectors)("accepts the EIP-55 vector %s unchanged", (a) => {
    expect(validateAddress("evm", a)).toEqual(accepted(a));
    expect(toEip55(a.slice(2))).toBe(a);
  });

  it("normalises all-lowercase and all-uppercase hex to the checksum form", () => {
    const checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    expect(validateAddress("evm", checksummed.toLowerCase())).toEqual(accepted(checksummed));
    expect(validateAddress("evm", "0x" + checksummed.slice(2).toUpperCase())).toEqual(accepted(checksummed));
    expect(validateAddress("evm", "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359")).toEqual(
      accepted("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"),
    );
    expect(validateAddress("evm", `  ${checksummed}\n`)).toEqual(accepted(checksummed));
  });

  it("refuses mixed case that does not match EIP-55, without suggesting a correction", () => {
    // one letter's case flipped
    const r = validateAddress("evm", "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    expect(r).toEqual(EIP55_MISMATCH);
    expect(JSON.stringify(r)).not.toContain("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    expect(validateAddress("evm", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d35A")).toEqual(EIP55_MISMATCH);
    // one hex digit changed in a checksummed address: the checksum no longer matches
    expect(validateAddress("evm", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAee")).toEqual(EIP55_MISMATCH);
    expect(validateAddress("evm", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6Fb")).toEqual(EIP55_MISMATCH);
  });

  it("refuses a missing prefix, wrong length and non-hex characters", () => {
    expect(validateAddress("evm", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).toEqual(
      refused("An EVM address starts with 0x followed by 40 hexadecimal characters."),
    );
    expect(validateAddress("evm", "0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).toEqual(
      refused("An EVM address starts with 0x followed by 40 hexadecimal characters."),
    );
    expect(validateAddress("evm", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")).toEqual(
      refused("An EVM address has 40 hexadecimal characters after 0x; this one has 39."),
    );
    expect(validateAddress("evm", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed0")).toEqual(
      refused("An EVM address has 40 hexadecimal characters after 0x; this one has 41."),
    );
    expect(validateAddress("evm", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg")).toEqual(
      refused("An EVM address has only hexadecimal characters (0-9, a-f) after 0x."),
    );
    expect(validateAddress("evm", "")).toEqual(refused("Enter an address."));
    expect(validateAddress("evm", "0x5aAeb6053F3E94C9b9A0 9f33669435E7Ef1BeAed")).toEqual(
      refused("An address contains no spaces: re-copy it."),
    );
  });
});

describe("Bitcoin addresses", () => {
  it.each([
    ["P2PKH (genesis)", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"],
    ["P2SH", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"],
    ["P2WPKH", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
    ["P2WSH (BIP-173)", "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"],
    ["P2TR (BIP-350)", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"],
  ])("accepts %s %s unchanged", (_kind, a) => {
    expect(validateAddress("bitcoin", a)).toEqual(accepted(a));
  });

  it("normalises all-uppercase bech32 to lowercase and refuses mixed case", () => {
    expect(validateAddress("bitcoin", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")).toEqual(
      accepted("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
    );
    expect(validateAddress("bitcoin", "BC1P0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQZK5JJ0")).toEqual(
      accepted("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"),
    );
    expect(validateAddress("bitcoin", "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")).toEqual(
      refused("A bech32 Bitcoin address must be all lowercase or all uppercase, not mixed case."),
    );
    expect(validateAddress("bitcoin", "BC1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")).toEqual(
      refused("A bech32 Bitcoin address must be all lowercase or all uppercase, not mixed case."),
    );
  });

  it("refuses one changed character (checksum)", () => {
    expect(validateAddress("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")).toEqual(BTC_CHECKSUM);
    expect(validateAddress("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfMa")).toEqual(BTC_CHECKSUM);
    expect(validateAddress("bitcoin", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz")).toEqual(BTC_CHECKSUM);
    expect(validateAddress("bitcoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")).toEqual(BTC_CHECKSUM);
    expect(validateAddress("bitcoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3q4")).toEqual(BTC_CHECKSUM);
    expect(validateAddress("bitcoin", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jjq")).toEqual(
      BTC_CHECKSUM,
    );
  });

  it("refuses the wrong checksum variant for the witness version (BIP-350)", () => {
    // witness v0 program encoded with a bech32m checksum, and a v1 program with a bech32 checksum
    expect(validateAddress("bitcoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh")).toEqual(
      refused("Not a valid bc1q Bitcoin address: witness version 0 uses a bech32 checksum, not bech32m."),
    );
    expect(validateAddress("bitcoin", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd")).toEqual(
      refused("Not a valid Bitcoin address: witness version 1 and later use a bech32m checksum (BIP-350), not bech32."),
    );
  });

  it("refuses wrong payload lengths and unused witness versions", () => {
    expect(validateAddress("bitcoin", "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kj9wkru")).toEqual(
      refused("Not a valid taproot (bc1p) Bitcoin address: the witness program must be 32 bytes."),
    );
    expect(validateAddress("bitcoin", "bc1qqurswpc8qurswpc8qurswpc8qurswpc8qurswpc8vg8h6z")).toEqual(
      refused("Not a valid bc1q Bitcoin address: the witness program must be 20 or 32 bytes."),
    );
    expect(validateAddress("bitcoin", "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs")).toEqual(
      refused(
        "Bitcoin witness version 2 is not in use: only bc1q (segwit v0) and bc1p (taproot) addresses are accepted.",
      ),
    );
    // a valid base58check string whose payload is 21 bytes instead of 20
    expect(validateAddress("bitcoin", "14dsCmVFGsgxBrBqW2E71XJwccjb2mHzkaK")).toEqual(
      refused("Not a Bitcoin address: wrong length for a P2PKH (1…) or P2SH (3…) address."),
    );
    expect(validateAddress("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN")).toEqual(BTC_CHECKSUM);
    expect(validateAddress("bitcoin", "1A1zP1eP5QGefi")).toEqual(
      refused("A legacy Bitcoin address has 26 to 35 characters; this one has 14."),
    );
  });

  it("refuses testnet and regtest addresses", () => {
    expect(validateAddress("bitcoin", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")).toEqual(TESTNET);
    expect(validateAddress("bitcoin", "TB1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KXPJZSX")).toEqual(TESTNET);
    expect(validateAddress("bitcoin", "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn")).toEqual(TESTNET);
    expect(validateAddress("bitcoin", "n3GNqMveyvaPvUbH469vDRadqpJMPc84JA")).toEqual(TESTNET);
    expect(validateAddress("bitcoin", "2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc")).toEqual(TESTNET);
    expect(validateAddress("bitcoin", "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080")).toEqual(TESTNET);
  });

  it("refuses characters outside the alphabets and other chains' addresses", () => {
    expect(validateAddress("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7Div0Na")).toEqual(
      refused("A Bitcoin address contains only base58 characters (no 0, O, I or l)."),
    );
    expect(validateAddress("bitcoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3ti")).toEqual(
      refused("A bc1 Bitcoin address never contains 1, b, i or o after bc1: re-copy the address."),
    );
    expect(validateAddress("bitcoin", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).toEqual(
      refused("This looks like an EVM address, not a Bitcoin one: choose the EVM chain."),
    );
    expect(validateAddress("bitcoin", "So11111111111111111111111111111111111111112")).toEqual(
      refused("A Bitcoin address starts with 1, 3 or bc1."),
    );
    expect(validateAddress("bitcoin", "D5EQRCnPMXmRvUoZwC7gu7fYspean3PQ9a")).toEqual(
      refused("A Bitcoin address starts with 1, 3 or bc1."),
    );
  });
});

describe("Solana addresses", () => {
  it.each([
    ["wrapped SOL mint", "So11111111111111111111111111111111111111112"],
    ["system program", "11111111111111111111111111111111"],
  ])("accepts the %s %s unchanged", (_kind, a) => {
    expect(validateAddress("solana", a)).toEqual(accepted(a));
  });

  it("refuses anything that does not decode to exactly 32 bytes", () => {
    // one character dropped: 31 bytes
    expect(validateAddress("solana", "So1111111111111111111111111111111111111111")).toEqual(
      refused("A Solana address is 32 bytes; this one decodes to 31."),
    );
    // 44 characters, the longest form, but 33 bytes
    expect(validateAddress("solana", "z".repeat(44))).toEqual(
      refused("A Solana address is 32 bytes; this one decodes to 33."),
    );
    expect(validateAddress("solana", "1".repeat(31))).toEqual(
      refused("A Solana address has 32 to 44 characters; this one has 31."),
    );
    expect(validateAddress("solana", "So111111111111111111111111111111111111111112")).toEqual(
      refused("A Solana address is 32 bytes; this one decodes to 33."),
    );
  });

  it("refuses characters outside base58 and other chains' addresses", () => {
    expect(validateAddress("solana", "So1111111111111111111111111111111111111111O")).toEqual(
      refused("A Solana address contains only base58 characters (no 0, O, I or l)."),
    );
    expect(validateAddress("solana", "So11111111111111111111111111111111111111l12")).toEqual(
      refused("A Solana address contains only base58 characters (no 0, O, I or l)."),
    );
    expect(validateAddress("solana", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).toEqual(
      refused("This looks like an EVM address, not a Solana one: choose the EVM chain."),
    );
  });

  it("cannot catch a one-character change that stays in base58 (Solana addresses carry no checksum)", () => {
    // Documented limitation: the label and the confirmation before use are the defence here.
    expect(validateAddress("solana", "So11111111111111111111111111111111111111113")).toEqual(
      accepted("So11111111111111111111111111111111111111113"),
    );
  });
});

describe("chains", () => {
  it("refuses an unknown chain", () => {
    expect(validateAddress("dogecoin", "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L")).toEqual(
      refused("Choose a chain: EVM, Bitcoin or Solana."),
    );
  });
});
