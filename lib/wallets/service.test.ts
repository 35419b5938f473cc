import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { appErrorOf } from "@/lib/testing/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { MAX_WALLETS_PER_PROGRAM } from "@/lib/wallets/schemas";
import { addWalletAddress, listWalletAddresses, removeWalletAddress } from "@/lib/wallets/service";

let admin: Ctx;
let viewer: Ctx;
let partner: Ctx;
let operator: Ctx;
let other: Ctx;
let programId: string;
let otherProgramId: string;

beforeAll(async () => {
  const [a, b] = [await makeTenant(), await makeTenant()];
  admin = await makeCtx("tenant_admin", { tenantId: a.id });
  viewer = await makeCtx("tenant_viewer", { tenantId: a.id });
  programId = (await makeProgram(admin)).id;
  partner = await makeCtx("partner_viewer", { tenantId: a.id, programId });
  operator = await makeCtx("axys_operator", { tenantId: a.id });
  other = await makeCtx("tenant_admin", { tenantId: b.id });
  otherProgramId = (await makeProgram(other)).id;
});

async function errorOf(p: Promise<unknown>) {
  const e = await appErrorOf(p);
  return { code: e.code, message: e.message, field: e.field, fields: e.fields };
}
const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).code;
const rowCount = () => db.walletAddress.count();

describe("adding addresses", () => {
  it("stores each chain's normalised form and audits it", async () => {
    const evm = await addWalletAddress(admin, {
      programId,
      chain: "evm",
      address: " 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed ",
      label: "  Treasury  ",
    });
    expect(evm).toMatchObject({
      programId,
      chain: "evm",
      address: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      label: "Treasury",
      createdByLabel: admin.actorLabel,
    });
    const btc = await addWalletAddress(admin, {
      programId,
      chain: "bitcoin",
      address: "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
      label: "Cold storage",
    });
    expect(btc.address).toBe("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
    const legacy = await addWalletAddress(admin, {
      programId,
      chain: "bitcoin",
      address: "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
      label: "Legacy",
    });
    expect(legacy.address).toBe("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
    const taproot = await addWalletAddress(admin, {
      programId,
      chain: "bitcoin",
      address: "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
      label: "Taproot",
    });
    expect(taproot.address).toBe("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0");
    const sol = await addWalletAddress(admin, {
      programId,
      chain: "solana",
      address: "So11111111111111111111111111111111111111112",
      label: "Solana hot",
    });
    expect(sol.address).toBe("So11111111111111111111111111111111111111112");

    const stored = await db.walletAddress.findUniqueOrThrow({ where: { id: evm.id } });
    expect(stored).toMatchObject({
      tenantId: admin.tenantId,
      programId,
      chain: "evm",
      address: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      label: "Treasury",
      createdById: admin.userId,
    });

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "wallet.added", targetId: evm.id } });
    expect(audit).toMatchObject({
      tenantId: admin.tenantId,
      actorId: admin.userId,
      actorLabel: admin.actorLabel,
      targetType: "wallet_address",
      before: null,
      ip: "203.0.113.7",
    });
    expect(JSON.parse(audit.after!)).toEqual({
      programId,
      chain: "evm",
      address: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      label: "Treasury",
    });
    expect(
      await db.auditEvent.count({
        where: { action: "wallet.added", targetId: { in: [btc.id, legacy.id, taproot.id, sol.id] } },
      }),
    ).toBe(4);

    const listed = await listWalletAddresses(viewer, programId);
    expect(listed.map((w) => w.address)).toEqual(
      expect.arrayContaining([evm.address, btc.address, legacy.address, taproot.address, sol.address]),
    );
    expect(listed.every((w) => w.createdByLabel === admin.actorLabel)).toBe(true);
  });

  it("refuses each kind of invalid address with a field error on address, changing nothing", async () => {
    const before = await rowCount();
    const cases: [string, string, string][] = [
      ["evm", "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "EIP-55 checksum does not match: re-copy the address"],
      [
        "evm",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe",
        "An EVM address has 40 hexadecimal characters after 0x; this one has 39.",
      ],
      [
        "evm",
        "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "An EVM address starts with 0x followed by 40 hexadecimal characters.",
      ],
      [
        "bitcoin",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
        "Bitcoin address checksum does not match: re-copy the address.",
      ],
      [
        "bitcoin",
        "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "A bech32 Bitcoin address must be all lowercase or all uppercase, not mixed case.",
      ],
      [
        "bitcoin",
        "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
        "This is a Bitcoin testnet address: only mainnet addresses are accepted.",
      ],
      [
        "bitcoin",
        "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",
        "This is a Bitcoin testnet address: only mainnet addresses are accepted.",
      ],
      ["solana", "So1111111111111111111111111111111111111111", "A Solana address is 32 bytes; this one decodes to 31."],
      [
        "solana",
        "So1111111111111111111111111111111111111111O",
        "A Solana address contains only base58 characters (no 0, O, I or l).",
      ],
    ];
    for (const [chain, address, message] of cases) {
      expect(
        await errorOf(addWalletAddress(admin, { programId, chain: chain as never, address, label: "Bad" })),
      ).toEqual({ code: "VALIDATION", message, field: "address", fields: { address: message } });
    }
    expect(await rowCount()).toBe(before);
    expect(await db.auditEvent.count({ where: { action: "wallet.added", after: { contains: '"Bad"' } } })).toBe(0);
  });

  it("validates the form fields", async () => {
    const valid = {
      programId,
      chain: "evm",
      address: "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
      label: "Ok",
    } as const;
    expect(await errorOf(addWalletAddress(admin, { ...valid, chain: "dogecoin" as never }))).toMatchObject({
      code: "VALIDATION",
      field: "chain",
    });
    expect(await errorOf(addWalletAddress(admin, { ...valid, address: "   " }))).toMatchObject({
      code: "VALIDATION",
      field: "address",
      message: "Enter an address.",
    });
    expect(await errorOf(addWalletAddress(admin, { ...valid, address: "x".repeat(121) }))).toMatchObject({
      code: "VALIDATION",
      field: "address",
    });
    expect(await errorOf(addWalletAddress(admin, { ...valid, label: " " }))).toMatchObject({
      code: "VALIDATION",
      field: "label",
    });
    expect(await errorOf(addWalletAddress(admin, { ...valid, label: "l".repeat(81) }))).toMatchObject({
      code: "VALIDATION",
      field: "label",
      message: "The label may have at most 80 characters.",
    });
  });

  it("refuses a duplicate, also when typed in another case, with CONFLICT on address", async () => {
    const p = (await makeProgram(admin)).id;
    await addWalletAddress(admin, {
      programId: p,
      chain: "evm",
      address: "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
      label: "Payouts",
    });
    const before = await rowCount();
    const message = `This EVM address is already on this Program's whitelist ("Payouts").`;
    expect(
      await errorOf(
        addWalletAddress(admin, {
          programId: p,
          chain: "evm",
          address: "0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb",
          label: "Again",
        }),
      ),
    ).toEqual({ code: "CONFLICT", message, field: "address", fields: { address: message } });
    expect(
      await codeOf(
        addWalletAddress(admin, {
          programId: p,
          chain: "evm",
          address: "0xDBF03B407C01E7CD3CBEA99509D93F8DDDC8C6FB",
          label: "Again",
        }),
      ),
    ).toBe("CONFLICT");
    expect(await rowCount()).toBe(before);
    // the same address on another Program of the tenant is a separate whitelist
    await addWalletAddress(admin, {
      programId,
      chain: "evm",
      address: "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
      label: "Payouts",
    });
  });

  it(`refuses more than ${MAX_WALLETS_PER_PROGRAM} addresses per Program`, async () => {
    const p = (await makeProgram(admin)).id;
    const hex = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;
    await db.walletAddress.createMany({
      data: Array.from({ length: MAX_WALLETS_PER_PROGRAM }, (_, i) => ({
        tenantId: admin.tenantId!,
        programId: p,
        chain: "evm",
        address: hex(i + 1),
        label: `W${i}`,
      })),
    });
    const e = await errorOf(
      addWalletAddress(admin, {
        programId: p,
        chain: "solana",
        address: "11111111111111111111111111111111",
        label: "One too many",
      }),
    );
    expect(e).toMatchObject({
      code: "CONFLICT",
      field: "address",
      message: `This Program's whitelist already has ${MAX_WALLETS_PER_PROGRAM} addresses, the limit. Remove ones no longer used first.`,
    });
    expect(await db.walletAddress.count({ where: { programId: p } })).toBe(MAX_WALLETS_PER_PROGRAM);
  });

  it("works in staging too: the whitelist is per Program, not per environment", async () => {
    const staging = { ...admin, environment: "staging" as const };
    const w = await addWalletAddress(staging, {
      programId,
      chain: "solana",
      address: "11111111111111111111111111111111",
      label: "System",
    });
    expect((await listWalletAddresses({ ...viewer, environment: "production" }, programId)).map((x) => x.id)).toContain(
      w.id,
    );
  });

  it("records CLI additions as the Axys operator", async () => {
    const w = await addWalletAddress(operator, {
      programId,
      chain: "bitcoin",
      address: "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
      label: "Ops",
    });
    expect(w.createdByLabel).toBe("Axys operator");
    expect(
      (await db.auditEvent.findFirstOrThrow({ where: { action: "wallet.added", targetId: w.id } })).actorLabel,
    ).toBe("cli:test");
  });
});

describe("authorization and tenancy", () => {
  it("refuses viewers (FORBIDDEN) and hides the whitelist from partners (NOT_FOUND)", async () => {
    const before = await rowCount();
    expect(
      await codeOf(
        addWalletAddress(viewer, {
          programId,
          chain: "evm",
          address: "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
          label: "Viewer",
        }),
      ),
    ).toBe("FORBIDDEN");
    const w = (await listWalletAddresses(admin, programId))[0];
    expect(await codeOf(removeWalletAddress(viewer, { id: w.id }))).toBe("FORBIDDEN");
    expect(await codeOf(listWalletAddresses(partner, programId))).toBe("NOT_FOUND");
    expect(
      await codeOf(
        addWalletAddress(partner, {
          programId,
          chain: "evm",
          address: "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
          label: "Partner",
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(await rowCount()).toBe(before);
  });

  it("answers NOT_FOUND for another tenant's program and addresses, changing nothing", async () => {
    const theirs = await addWalletAddress(other, {
      programId: otherProgramId,
      chain: "evm",
      address: "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
      label: "Theirs",
    });
    const before = await rowCount();
    const auditsBefore = await db.auditEvent.count();
    expect(await errorOf(listWalletAddresses(admin, otherProgramId))).toMatchObject({
      code: "NOT_FOUND",
      message: "Program not found.",
    });
    expect(
      await codeOf(
        addWalletAddress(admin, {
          programId: otherProgramId,
          chain: "evm",
          address: "0x27b1fdb04752bbc536007a920d24acb045561c26",
          label: "Mine",
        }),
      ),
    ).toBe("NOT_FOUND");
    // even a duplicate of their address on their program: NOT_FOUND, not CONFLICT (nothing to probe)
    expect(
      await codeOf(
        addWalletAddress(admin, { programId: otherProgramId, chain: "evm", address: theirs.address, label: "Probe" }),
      ),
    ).toBe("NOT_FOUND");
    expect(await errorOf(removeWalletAddress(admin, { id: theirs.id }))).toMatchObject({
      code: "NOT_FOUND",
      message: "Wallet address not found.",
    });
    expect(await codeOf(listWalletAddresses(admin, "prg_doesnotexist"))).toBe("NOT_FOUND");
    expect(await rowCount()).toBe(before);
    expect(await db.auditEvent.count()).toBe(auditsBefore);
    expect(await db.walletAddress.findUnique({ where: { id: theirs.id } })).not.toBeNull();
    expect((await listWalletAddresses(admin, programId)).map((w) => w.id)).not.toContain(theirs.id);
  });
});

describe("removing addresses", () => {
  it("removes from the caller's tenant only and audits the before state", async () => {
    const w = await addWalletAddress(admin, {
      programId,
      chain: "evm",
      address: "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
      label: "To remove",
    });
    expect(await removeWalletAddress(admin, { id: w.id })).toEqual({ id: w.id, programId });
    expect(await db.walletAddress.findUnique({ where: { id: w.id } })).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "wallet.removed", targetId: w.id } });
    expect(audit).toMatchObject({
      tenantId: admin.tenantId,
      actorLabel: admin.actorLabel,
      targetType: "wallet_address",
      after: null,
    });
    expect(JSON.parse(audit.before!)).toEqual({
      programId,
      chain: "evm",
      address: "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
      label: "To remove",
    });
    expect(await codeOf(removeWalletAddress(admin, { id: w.id }))).toBe("NOT_FOUND");
    expect(await codeOf(removeWalletAddress(admin, { id: "" }))).toBe("VALIDATION");
    // re-adding after removal works
    await addWalletAddress(admin, {
      programId,
      chain: "evm",
      address: "0x8617e340b3d01fa5f11f306f4090fd50e238070d",
      label: "Back",
    });
  });
});
