import { z } from "zod";
import { listQuery, op, pageOf, timestamp, type ListQuery } from "@/lib/am-api/operation";
import { BANK_SCHEMES } from "@/lib/bank/schemas";
import { getBankCredentialsMasked, revealBankCredentials } from "@/lib/bank/service";
import { notFound } from "@/lib/errors";
import { CHAINS } from "@/lib/wallets/schemas";
import { addWalletAddress, listWalletAddresses, removeWalletAddress } from "@/lib/wallets/service";

const programParams = z.object({ program_id: z.string().min(1).max(64) });
const walletParams = z.object({ program_id: z.string().min(1).max(64), wallet_id: z.string().min(1).max(64) });

const bankMasked = z
  .object({
    programId: z.string(),
    scheme: z.enum(BANK_SCHEMES),
    accountHolder: z.string(),
    accountNumberMasked: z.string().meta({ example: "•••• 4321" }),
    routingCodeMasked: z.string().nullable(),
    bic: z.string(),
    paymentReferenceFormat: z.string(),
    updatedByLabel: z.string(),
    updatedAt: timestamp,
  })
  .meta({ id: "BankCredentialsMasked" });

const bankRevealed = z
  .object({
    programId: z.string(),
    scheme: z.enum(BANK_SCHEMES),
    accountHolder: z.string(),
    accountNumber: z.string(),
    accountNumberDisplay: z.string(),
    routingCode: z.string().nullable(),
    routingCodeDisplay: z.string().nullable(),
    bic: z.string(),
    paymentReferenceFormat: z.string(),
  })
  .meta({ id: "BankCredentialsRevealed" });

export const walletSchema = z
  .object({
    id: z.string(),
    programId: z.string(),
    chain: z.enum(CHAINS),
    address: z.string(),
    label: z.string(),
    createdByLabel: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: "WalletAddress" });

const addWalletBody = z
  .object({
    chain: z.enum(CHAINS),
    address: z.string().min(1).max(120),
    label: z.string().min(1).max(80),
  })
  .strict()
  .meta({ id: "AddWalletAddress" });

export const programSettingOperations = [
  op<z.output<typeof programParams>>({
    id: "getBankCredentials",
    permission: "bank:read",
    method: "GET",
    path: "/am/v1/programs/{program_id}/bank-credentials",
    tag: "Bank credentials",
    summary: "The Program's bank credentials, masked",
    params: programParams,
    response: bankMasked,
    errors: [404],
    mutates: false,
    handle: async (ctx, { params }) => {
      const b = await getBankCredentialsMasked(ctx, params.program_id);
      if (!b) throw notFound("Bank credentials");
      return b;
    },
  }),
  op<z.output<typeof programParams>>({
    id: "revealBankCredentials",
    permission: "bank:reveal",
    method: "POST",
    path: "/am/v1/programs/{program_id}/bank-credentials/reveal",
    tag: "Bank credentials",
    summary: "Reveal the full numbers (audited; tenant_admin only)",
    description: "Each call is an audit event. An idempotent replay never repeats the numbers.",
    params: programParams,
    response: bankRevealed,
    errors: [403, 404],
    mutates: true,
    showsSecret: true,
    handle: (ctx, { params }) => revealBankCredentials(ctx, params.program_id),
  }),
  op<z.output<typeof programParams>, ListQuery>({
    id: "listWalletAddresses",
    permission: "wallets:read",
    method: "GET",
    path: "/am/v1/programs/{program_id}/wallets",
    tag: "Wallets",
    summary: "The Program's wallet addresses",
    params: programParams,
    query: listQuery,
    response: walletSchema,
    list: true,
    errors: [400, 404],
    mutates: false,
    handle: async (ctx, { params, query }) => pageOf(await listWalletAddresses(ctx, params.program_id), query),
  }),
  op<z.output<typeof programParams>, Record<string, never>, z.output<typeof addWalletBody>>({
    id: "addWalletAddress",
    permission: "wallets:write",
    method: "POST",
    path: "/am/v1/programs/{program_id}/wallets",
    tag: "Wallets",
    summary: "Add a wallet address (checked for its chain's format)",
    params: programParams,
    body: addWalletBody,
    response: walletSchema,
    status: 201,
    errors: [400, 403, 404, 409],
    mutates: true,
    handle: (ctx, { params, body }) => addWalletAddress(ctx, { programId: params.program_id, ...body }),
  }),
  op<z.output<typeof walletParams>>({
    id: "removeWalletAddress",
    permission: "wallets:write",
    method: "DELETE",
    path: "/am/v1/programs/{program_id}/wallets/{wallet_id}",
    tag: "Wallets",
    summary: "Remove a wallet address",
    params: walletParams,
    response: z.object({ id: z.string(), deleted: z.literal(true) }),
    errors: [403, 404],
    mutates: true,
    handle: async (ctx, { params }) => {
      const wallets = await listWalletAddresses(ctx, params.program_id);
      if (!wallets.some((w) => w.id === params.wallet_id)) throw notFound("Wallet address");
      await removeWalletAddress(ctx, { id: params.wallet_id });
      return { id: params.wallet_id, deleted: true as const };
    },
  }),
];
