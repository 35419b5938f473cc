import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { addAllowlistEntry } from "@/lib/allowlist/service";
import type { Operation } from "@/lib/am-api/operation";
import { amCtx } from "@/lib/am-api/serve";
import { issueApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { createApiUser, disableApiUser } from "@/lib/api-users/service";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { setBankCredentials } from "@/lib/bank/service";
import { revokeCertificate, submitCsr } from "@/lib/certificates/service";
import { db } from "@/lib/db";
import { ensureDefaultLegalDocuments } from "@/lib/legal/service";
import { submitDesign } from "@/lib/card-designs/service";
import { defaultFeeItems } from "@/lib/fees/compute";
import { ingestTransactions } from "@/lib/monitoring/ingest";
import { startReview, submitRequest } from "@/lib/requests/service";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { opensslCsr } from "@/lib/testing/openssl";
import { addWalletAddress } from "@/lib/wallets/service";
import { addWebhookEndpoint, disableWebhookEndpoint } from "@/lib/webhooks/service";

/**
 * The contract fixtures of the Account Management API: for every operation (keyed by its operationId) a valid
 * call and one call per documented error status, built against a World (one Tenant with one of everything). The
 * contract test (lib/am-api/contract.test.ts) runs each against Tenant A; the isolation test runs the valid calls
 * built against Tenant B with Tenant A's credentials. A new operation without an entry here fails both.
 */

// webhook endpoints on loopback IP literals: accepted only with this test setting, and nothing is sent (the
// verification delivery is queued, never run, in these tests)
process.env.AXYS_WEBHOOK_ALLOW_LOOPBACK = "1";
const HOOK_URL = "https://127.0.0.1:9/hooks";

export interface World {
  tenantId: string;
  legalName: string;
  /** a tenant_admin API user's context, and that API user's id */
  admin: Ctx;
  adminUserId: string;
  /** a tenant_visibility API user's context */
  visibility: Ctx;
  programId: string;
  programName: string;
  /** a Program with bank credentials */
  bankProgramId: string;
  walletId: string;
  walletAddress: string;
  /** a tenant_visibility API user holding a live production key */
  apiUserId: string;
  apiUserName: string;
  keyId: string;
  certificateId: string;
  allowlistEntryId: string;
  allowlistCidr: string;
  endpointId: string;
  transactionId: string;
  /** a Program with a fee schedule in force (its fee template's version 1) */
  feeProgramId: string;
  /** a Program with a card design submitted in slot 0 */
  designProgramId: string;
  /** the ids of every object the fixtures made in this World since (e.g. a fresh API user to disable) */
  created: string[];
}

/**
 * One call: who makes it (default: the World's admin) and its parts; the method and path are the operation's. The
 * body is `body` as JSON, or `form` as multipart/form-data, or `raw` bytes with their Content-Type.
 */
export interface Case {
  as?: "admin" | "visibility" | Ctx;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  form?: { fields: Record<string, string>; file?: { name: string; bytes: Buffer; type?: string } };
  raw?: { bytes: Buffer; contentType: string };
}

export interface Fixture {
  valid: (w: World) => Promise<Case>;
  errors: Record<number, (w: World) => Promise<Case>>;
  /**
   * Documented statuses that only a race answers (two requests at once), so no single call can be made to show
   * them; each with where that race is tested. The coverage check counts them as covered.
   */
  raceOnly?: Record<number, string>;
}

/** A case's body as the wire carries it: bytes and Content-Type (multipart built by the platform's FormData). */
export async function encodeCase(c: Case): Promise<{ contentType: string; bytes: Buffer | null }> {
  if (c.raw) return { contentType: c.raw.contentType, bytes: c.raw.bytes };
  if (c.form) {
    const form = new FormData();
    for (const [k, v] of Object.entries(c.form.fields)) form.append(k, v);
    const f = c.form.file;
    if (f) form.append("artwork", new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "image/png" }), f.name);
    const req = new Request("https://x.invalid/", { method: "POST", body: form });
    return { contentType: req.headers.get("content-type")!, bytes: Buffer.from(await req.arrayBuffer()) };
  }
  return {
    contentType: "application/json",
    bytes: c.body === undefined ? null : Buffer.from(JSON.stringify(c.body)),
  };
}

const hex = (n: number) => randomBytes(n).toString("hex");
const NONE = "xx_does_not_exist";
const evmAddress = () => `0x${hex(20)}`;
/** a /28 of public unicast space (a range: no FCrDNS lookup) */
const publicRange = () =>
  `45.${1 + (randomBytes(1)[0] % 250)}.${randomBytes(1)[0]}.${16 * (randomBytes(1)[0] % 15)}/28`;

/** records an object made for a case as one of the World's */
const made = <T extends { id: string }>(w: World, o: T): T => (w.created.push(o.id), o);
const freshApiUser = async (w: World, pattern: "tenant_admin" | "tenant_visibility" = "tenant_visibility") =>
  made(w, await createApiUser(w.admin, { name: `contract ${hex(4)}`, pattern, programId: null }));
async function freshKey(w: World) {
  const u = await freshApiUser(w);
  return made(w, (await issueApiKey(w.admin, { apiUserId: u.id, environment: "production" })).apiKey).id;
}
async function revokedKey(w: World) {
  const id = await freshKey(w);
  await revokeApiKey(w.admin, { keyId: id });
  return id;
}
async function freshCertificate(w: World) {
  const u = await freshApiUser(w);
  const csr = opensslCsr("ec:P-256", `/O=${w.legalName}/OU=tenant/CN=contract.example.com`);
  return made(
    w,
    await submitCsr(w.admin, { environment: "production", programId: null, apiUserId: u.id, csrPem: csr.csrPem }),
  );
}
const freshEndpoint = async (w: World) =>
  made(w, (await addWebhookEndpoint(w.admin, { url: HOOK_URL, events: ["certificate.issued"] })).endpoint).id;
/** a delivery of a fresh endpoint: pending (its verification, queued), or settled as failed (replayable) */
async function freshDelivery(w: World, settled: boolean) {
  const endpointId = await freshEndpoint(w);
  const d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
  if (settled) await db.webhookDelivery.update({ where: { id: d.id }, data: { status: "failed" } });
  return made(w, d).id;
}
const freshWallet = async (w: World) =>
  made(
    w,
    await addWalletAddress(w.admin, { programId: w.programId, chain: "evm", address: evmAddress(), label: "Contract" }),
  );
const freshAllowlistEntry = async (w: World) =>
  made(
    w,
    await addAllowlistEntry(w.admin, {
      environment: "production",
      programId: null,
      cidr: publicRange(),
      description: "Contract test range",
    }),
  );
const programBody = () => ({
  name: `Contract ${hex(3)}`,
  baseCurrency: "EUR",
  transactionLimit: "100.00",
  feeTemplate: "standard_debit",
});
const visibilityBody = {
  exposeTransactions: true,
  includeMerchant: false,
  exposeBalances: true,
  granularity: "daily",
};
const badLimit = async () => ({ query: { limit: "0" } });

/** A Tenant with one of everything the API reads, made through the domain services. */
export async function makeWorld(label: string): Promise<World> {
  await ensureDefaultLegalDocuments(operatorCtx({ actor: "test" }));
  const t = await makeTenant(label);
  const portal = await makeCtx("tenant_admin", { tenantId: t.id });
  const apiUser = async (pattern: "tenant_admin" | "tenant_visibility") => {
    const u = await createApiUser(portal, { name: `${label} ${pattern} ${hex(3)}`, pattern, programId: null });
    return { id: u.id, ctx: (await amCtx(u.id, { ip: "198.51.100.7", userAgent: "contract" }))! };
  };
  const a = await apiUser("tenant_admin");
  const v = await apiUser("tenant_visibility");
  const admin = a.ctx;
  const program = await makeProgram(admin, { name: `${label} Program ${hex(2)}` });
  const bankProgram = await makeProgram(admin, { name: `${label} Banked ${hex(2)}` });
  await setBankCredentials(operatorCtx({ actor: "test", tenantId: t.id }), {
    programId: bankProgram.id,
    scheme: "iban",
    accountNumber: "GB82 WEST 1234 5698 7654 32",
    bic: "NWBKGB2L",
    accountHolder: "Contract Cards Ltd",
    paymentReferenceFormat: "AXYS-{cardholderId}",
  });
  const w = {
    tenantId: t.id,
    legalName: t.legalName,
    admin,
    adminUserId: a.id,
    visibility: v.ctx,
    programId: program.id,
    programName: program.name,
    bankProgramId: bankProgram.id,
    created: [],
  } as unknown as World;
  const wallet = await freshWallet(w);
  w.walletId = wallet.id;
  w.walletAddress = wallet.address;
  const user = await freshApiUser(w);
  w.apiUserId = user.id;
  w.apiUserName = user.name;
  w.keyId = (await issueApiKey(admin, { apiUserId: user.id, environment: "production" })).apiKey.id;
  w.certificateId = (await freshCertificate(w)).id;
  const entry = await freshAllowlistEntry(w);
  w.allowlistEntryId = entry.id;
  w.allowlistCidr = entry.cidr;
  w.endpointId = await freshEndpoint(w);
  w.feeProgramId = (await makeProgram(admin, { name: `${label} Fees ${hex(2)}`, feeTemplate: "standard_debit" })).id;
  w.designProgramId = (await makeProgram(admin, { name: `${label} Designs ${hex(2)}` })).id;
  const f = await designForm();
  await submitDesign(admin, { ...f.fields, programId: w.designProgramId } as never, f.file.bytes);
  w.transactionId = `ctx_${hex(6)}`;
  await ingestTransactions(operatorCtx({ actor: "test", tenantId: t.id }), [
    {
      id: w.transactionId,
      programId: program.id,
      type: "purchase",
      status: "completed",
      amount: "12.50",
      currency: "EUR",
      cardLast4: "4242",
      cardholderRef: "ch_contract",
      createdAt: new Date(Date.now() - 60_000).toISOString(),
    },
  ]);
  return w;
}

/** The request URL of a case for an operation: its path with the parameters filled in, and the query. */
export function urlOf(op: Operation, c: Case): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = c.params?.[name];
    if (v === undefined) throw new Error(`${op.id}: the case gives no ${name}`);
    return encodeURIComponent(v);
  });
  const q = new URLSearchParams(c.query ?? {});
  return q.size ? `${path}?${q}` : path;
}

export const ctxOf = (w: World, c: Case): Ctx =>
  c.as === undefined || c.as === "admin" ? w.admin : c.as === "visibility" ? w.visibility : c.as;

const program = (id: string) => ({ program_id: id });

/** card artwork of the right size (1586 x 1000 px), made once */
let artwork: Promise<Buffer> | undefined;
const artworkPng = () =>
  (artwork ??= sharp({ create: { width: 1586, height: 1000, channels: 3, background: "#1b3a6b" } })
    .png()
    .toBuffer());
const designForm = async (slot = "0") => ({
  fields: { slot, name: "Midnight Blue", cardType: "physical", network: "visa", finish: "matte" },
  file: { name: "card.png", bytes: await artworkPng() },
});
const freshProgram = async (w: World) => made(w, await makeProgram(w.admin, { name: `Contract ${hex(3)}` })).id;
/** a fee schedule body differing from the template's in one amount (a version that changes something) */
const feeBody = async () => {
  const fixedAmount = `${1 + (randomBytes(1)[0] % 90)}.${String(randomBytes(1)[0] % 100).padStart(2, "0")}`;
  return {
    billingCycle: "monthly",
    billingDay: 1,
    settlementAsset: "EUR",
    items: defaultFeeItems().map((i) =>
      i.feeType === "atm_withdrawal"
        ? { ...i, enabled: true, fixedAmount, rateBps: "100", tenantSharePct: "40", programSharePct: "60" }
        : i,
    ),
  };
};
const senderId = () => `Acme ${hex(3)}`.slice(0, 11);
const smsBody = () => ({ senderId: senderId(), countries: ["GB"], useDescription: "Card activation codes" });
const depositBody = { addressType: "TRON", mode: "additional", justification: "Our users top up in USDT on Tron" };
type RequestKind = "sms_sender_id" | "deposit_address_type";
/** a fresh Program with one request of a kind, submitted (withdrawable) or in review (not) */
async function freshRequest(w: World, kind: RequestKind, inReview = false) {
  const programId = await freshProgram(w);
  const r = made(
    w,
    await submitRequest(w.admin, { programId, kind, payload: kind === "sms_sender_id" ? smsBody() : depositBody }),
  );
  if (inReview) await startReview(await makeCtx("staff_reviewer"), r.id);
  return { program_id: programId, request_id: r.id };
}
const requestFixtures = (kind: RequestKind, listId: string, applyId: string, withdrawId: string) => {
  const body = () => (kind === "sms_sender_id" ? smsBody() : depositBody);
  return {
    [listId]: {
      valid: async (w: World) => ({ as: "visibility" as const, params: await freshRequest(w, kind) }),
      errors: {
        400: async (w: World) => ({ params: program(w.programId), query: { limit: "0" } }),
        404: async () => ({ params: program(NONE) }),
      },
    },
    [applyId]: {
      valid: async (w: World) => ({ params: program(await freshProgram(w)), body: body() }),
      errors: {
        400: async (w: World) => ({ params: program(w.programId), body: { ...body(), extra: 1 } }),
        403: async (w: World) => ({ as: "visibility" as const, params: program(w.programId), body: body() }),
        404: async () => ({ params: program(NONE), body: body() }),
        409: async (w: World) => {
          const { program_id } = await freshRequest(w, kind);
          const existing = await db.programRequest.findFirstOrThrow({ where: { programId: program_id } });
          return { params: program(program_id), body: JSON.parse(existing.payload) as unknown };
        },
      },
    },
    [withdrawId]: {
      valid: async (w: World) => ({ params: await freshRequest(w, kind) }),
      errors: {
        403: async (w: World) => ({ as: "visibility" as const, params: await freshRequest(w, kind) }),
        404: async (w: World) => ({ params: { program_id: w.programId, request_id: NONE } }),
        409: async (w: World) => ({ params: await freshRequest(w, kind, true) }),
      },
    },
  } satisfies Record<string, Fixture>;
};

export const FIXTURES: Record<string, Fixture> = {
  // Programs
  listPrograms: { valid: async () => ({ query: { limit: "5" } }), errors: { 400: badLimit } },
  createProgram: {
    valid: async () => ({ body: programBody() }),
    errors: {
      400: async () => ({ body: { baseCurrency: "EUR" } }),
      403: async () => ({ as: "visibility", body: programBody() }),
      409: async (w) => ({ body: { ...programBody(), name: w.programName } }),
    },
  },
  getProgram: {
    valid: async (w) => ({ params: program(w.programId) }),
    errors: { 404: async () => ({ params: program(NONE) }) },
  },
  updateProgram: {
    valid: async (w) => ({ params: program(w.programId), body: { transactionLimit: "250.00", threeDsEnabled: true } }),
    errors: {
      400: async (w) => ({ params: program(w.programId), body: { transactionLimit: "abc", threeDsEnabled: true } }),
      403: async (w) => ({
        as: "visibility",
        params: program(w.programId),
        body: { transactionLimit: "1.00", threeDsEnabled: true },
      }),
      404: async () => ({ params: program(NONE), body: { transactionLimit: "1.00", threeDsEnabled: true } }),
    },
  },
  // Bank credentials and wallets
  getBankCredentials: {
    valid: async (w) => ({ as: "visibility", params: program(w.bankProgramId) }),
    errors: { 404: async (w) => ({ params: program(w.programId) }) },
  },
  revealBankCredentials: {
    valid: async (w) => ({ params: program(w.bankProgramId) }),
    errors: {
      403: async (w) => ({ as: "visibility", params: program(w.bankProgramId) }),
      404: async (w) => ({ params: program(w.programId) }),
    },
  },
  listWalletAddresses: {
    valid: async (w) => ({ params: program(w.programId) }),
    errors: {
      400: async (w) => ({ params: program(w.programId), query: { limit: "0" } }),
      404: async () => ({ params: program(NONE) }),
    },
  },
  addWalletAddress: {
    valid: async (w) => ({
      params: program(w.programId),
      body: { chain: "evm", address: evmAddress(), label: "Treasury" },
    }),
    errors: {
      400: async (w) => ({
        params: program(w.programId),
        body: { chain: "bitcoin", address: evmAddress(), label: "x" },
      }),
      403: async (w) => ({
        as: "visibility",
        params: program(w.programId),
        body: { chain: "evm", address: evmAddress(), label: "x" },
      }),
      404: async () => ({ params: program(NONE), body: { chain: "evm", address: evmAddress(), label: "x" } }),
      409: async (w) => ({
        params: program(w.programId),
        body: { chain: "evm", address: w.walletAddress, label: "x" },
      }),
    },
  },
  removeWalletAddress: {
    valid: async (w) => ({ params: { program_id: w.programId, wallet_id: (await freshWallet(w)).id } }),
    errors: {
      403: async (w) => ({ as: "visibility", params: { program_id: w.programId, wallet_id: w.walletId } }),
      404: async (w) => ({ params: { program_id: w.programId, wallet_id: NONE } }),
    },
  },
  // API users and keys
  listApiUsers: {
    valid: async () => ({ query: { limit: "100" } }),
    errors: { 400: badLimit, 404: async () => ({ query: { program_id: NONE } }) },
  },
  createApiUser: {
    valid: async () => ({ body: { name: `Automation ${hex(3)}`, pattern: "tenant_visibility" } }),
    errors: {
      400: async () => ({ body: { name: "Bad pattern", pattern: "root" } }),
      403: async () => ({ as: "visibility", body: { name: `No ${hex(3)}`, pattern: "tenant_visibility" } }),
      404: async () => ({ body: { name: `Prog ${hex(3)}`, pattern: "program", programId: NONE } }),
      409: async (w) => ({ body: { name: w.apiUserName, pattern: "tenant_visibility" } }),
    },
  },
  getApiUser: {
    valid: async (w) => ({ params: { api_user_id: w.apiUserId } }),
    errors: { 404: async () => ({ params: { api_user_id: NONE } }) },
  },
  disableApiUser: {
    valid: async (w) => ({ params: { api_user_id: (await freshApiUser(w)).id } }),
    errors: {
      403: async (w) => ({ as: "visibility", params: { api_user_id: w.apiUserId } }),
      404: async () => ({ params: { api_user_id: NONE } }),
      409: async (w) => {
        const u = await freshApiUser(w);
        await disableApiUser(w.admin, u.id);
        return { params: { api_user_id: u.id } };
      },
    },
  },
  listApiKeys: {
    valid: async (w) => ({ params: { api_user_id: w.apiUserId } }),
    errors: {
      400: async (w) => ({ params: { api_user_id: w.apiUserId }, query: { limit: "0" } }),
      404: async () => ({ params: { api_user_id: NONE } }),
    },
  },
  createApiKey: {
    valid: async (w) => ({ params: { api_user_id: (await freshApiUser(w)).id }, body: {} }),
    errors: {
      400: async (w) => ({ params: { api_user_id: w.apiUserId }, body: { environment: "sandbox" } }),
      403: async (w) => ({ as: "visibility", params: { api_user_id: (await freshApiUser(w)).id }, body: {} }),
      404: async () => ({ params: { api_user_id: NONE }, body: {} }),
      409: async (w) => ({ params: { api_user_id: w.apiUserId }, body: { environment: "production" } }),
    },
  },
  rotateApiKey: {
    valid: async (w) => ({ params: { key_id: await freshKey(w) }, body: { overlap: "1h" } }),
    errors: {
      400: async (w) => ({ params: { key_id: w.keyId }, body: { overlap: "9d" } }),
      403: async (w) => ({ as: "visibility", params: { key_id: w.keyId }, body: {} }),
      404: async () => ({ params: { key_id: NONE }, body: {} }),
      409: async (w) => ({ params: { key_id: await revokedKey(w) }, body: {} }),
    },
  },
  compromiseApiKey: {
    valid: async (w) => ({ params: { key_id: await freshKey(w) }, body: { reason: "Leaked in a CI log" } }),
    errors: {
      400: async (w) => ({ params: { key_id: w.keyId }, body: { reason: "x" } }),
      403: async (w) => ({ as: "visibility", params: { key_id: w.keyId }, body: { reason: "Leaked somewhere" } }),
      404: async () => ({ params: { key_id: NONE }, body: { reason: "Leaked somewhere" } }),
      409: async (w) => ({ params: { key_id: await revokedKey(w) }, body: { reason: "Leaked somewhere" } }),
    },
  },
  revokeApiKey: {
    valid: async (w) => ({ params: { key_id: await freshKey(w) } }),
    errors: {
      403: async (w) => ({ as: "visibility", params: { key_id: w.keyId } }),
      404: async () => ({ params: { key_id: NONE } }),
      409: async (w) => ({ params: { key_id: await revokedKey(w) } }),
    },
  },
  // Certificates
  listCertificates: {
    valid: async () => ({ query: { environment: "production" } }),
    errors: {
      400: async () => ({ query: { environment: "sandbox" } }),
      404: async () => ({ query: { program_id: NONE } }),
    },
  },
  submitCsr: {
    valid: async (w) => ({
      body: {
        apiUserId: (await freshApiUser(w)).id,
        csrPem: opensslCsr("ec:P-256", `/O=${w.legalName}/OU=tenant/CN=api.example.com`).csrPem,
      },
    }),
    errors: {
      400: async (w) => ({ body: { apiUserId: w.apiUserId } }),
      403: async (w) => ({
        as: "visibility",
        body: {
          apiUserId: w.apiUserId,
          csrPem: opensslCsr("ec:P-256", `/O=${w.legalName}/OU=tenant/CN=api.example.com`).csrPem,
        },
      }),
      404: async (w) => ({
        body: {
          apiUserId: NONE,
          csrPem: opensslCsr("ec:P-256", `/O=${w.legalName}/OU=tenant/CN=api.example.com`).csrPem,
        },
      }),
      409: async (w) => {
        const u = await freshApiUser(w);
        await disableApiUser(w.admin, u.id);
        const csr = opensslCsr("ec:P-256", `/O=${w.legalName}/OU=tenant/CN=api.example.com`);
        return { body: { apiUserId: u.id, csrPem: csr.csrPem } };
      },
    },
  },
  getCertificate: {
    valid: async (w) => ({ params: { certificate_id: w.certificateId } }),
    errors: { 404: async () => ({ params: { certificate_id: NONE } }) },
  },
  revokeCertificate: {
    valid: async (w) => ({
      params: { certificate_id: (await freshCertificate(w)).id },
      body: { reason: "superseded" },
    }),
    errors: {
      400: async (w) => ({ params: { certificate_id: w.certificateId }, body: { reason: "boredom" } }),
      403: async (w) => ({
        as: "visibility",
        params: { certificate_id: w.certificateId },
        body: { reason: "keyCompromise" },
      }),
      404: async () => ({ params: { certificate_id: NONE }, body: { reason: "keyCompromise" } }),
      409: async (w) => {
        const c = await freshCertificate(w);
        await revokeCertificate(w.admin, { certificateId: c.id, reason: "superseded" });
        return { params: { certificate_id: c.id }, body: { reason: "keyCompromise" } };
      },
    },
  },
  // IP allowlist
  listAllowlistEntries: {
    valid: async () => ({}),
    errors: { 400: badLimit, 404: async () => ({ query: { program_id: NONE } }) },
  },
  addAllowlistEntry: {
    valid: async () => ({ body: { cidr: publicRange(), description: "Office NAT" } }),
    errors: {
      400: async () => ({ body: { cidr: "not-an-address", description: "Nonsense" } }),
      403: async () => ({ as: "visibility", body: { cidr: publicRange(), description: "Office NAT" } }),
      404: async () => ({ body: { cidr: publicRange(), description: "Office NAT", programId: NONE } }),
      409: async (w) => ({ body: { cidr: w.allowlistCidr, description: "Again" } }),
    },
  },
  recheckAllowlistEntry: {
    valid: async (w) => ({ params: { entry_id: w.allowlistEntryId } }),
    errors: {
      403: async (w) => ({ as: "visibility", params: { entry_id: w.allowlistEntryId } }),
      404: async () => ({ params: { entry_id: NONE } }),
    },
  },
  removeAllowlistEntry: {
    valid: async (w) => ({ params: { entry_id: (await freshAllowlistEntry(w)).id } }),
    errors: {
      403: async (w) => ({ as: "visibility", params: { entry_id: w.allowlistEntryId } }),
      404: async () => ({ params: { entry_id: NONE } }),
    },
  },
  // Webhooks
  listWebhookEndpoints: { valid: async () => ({}), errors: { 400: badLimit } },
  addWebhookEndpoint: {
    valid: async () => ({ body: { url: HOOK_URL, events: ["certificate.issued", "certificate.expiring"] } }),
    errors: {
      400: async () => ({ body: { url: "http://hooks.example.com/", events: ["certificate.issued"] } }),
      403: async () => ({ as: "visibility", body: { url: HOOK_URL, events: ["certificate.issued"] } }),
      404: async () => ({ body: { url: HOOK_URL, events: ["certificate.issued"], programId: NONE } }),
      409: async () => {
        // a Tenant at its endpoint limit
        const t = await makeTenant("Full Hooks");
        const portal = await makeCtx("tenant_admin", { tenantId: t.id });
        const u = await createApiUser(portal, { name: "full", pattern: "tenant_admin", programId: null });
        const ctx = (await amCtx(u.id, { ip: "198.51.100.7", userAgent: "contract" }))!;
        const { MAX_ENDPOINTS_PER_TENANT } = await import("@/lib/webhooks/service");
        for (let i = 0; i < MAX_ENDPOINTS_PER_TENANT; i++)
          await addWebhookEndpoint(ctx, { url: HOOK_URL, events: ["certificate.issued"] });
        return { as: ctx, body: { url: HOOK_URL, events: ["certificate.issued"] } };
      },
    },
  },
  getWebhookEndpoint: {
    valid: async (w) => ({ params: { endpoint_id: w.endpointId } }),
    errors: { 404: async () => ({ params: { endpoint_id: NONE } }) },
  },
  rotateWebhookSecret: {
    valid: async (w) => ({ params: { endpoint_id: w.endpointId }, body: { overlapHours: 1 } }),
    errors: {
      400: async (w) => ({ params: { endpoint_id: w.endpointId }, body: { overlapHours: 999 } }),
      403: async (w) => ({ as: "visibility", params: { endpoint_id: w.endpointId }, body: {} }),
      404: async () => ({ params: { endpoint_id: NONE }, body: {} }),
    },
  },
  disableWebhookEndpoint: {
    valid: async (w) => ({ params: { endpoint_id: await freshEndpoint(w) } }),
    errors: {
      403: async (w) => ({ as: "visibility", params: { endpoint_id: w.endpointId } }),
      404: async () => ({ params: { endpoint_id: NONE } }),
      409: async (w) => {
        const id = await freshEndpoint(w);
        await disableWebhookEndpoint(w.admin, id);
        return { params: { endpoint_id: id } };
      },
    },
  },
  listWebhookDeliveries: {
    valid: async (w) => ({ params: { endpoint_id: w.endpointId } }),
    errors: {
      400: async (w) => ({ params: { endpoint_id: w.endpointId }, query: { limit: "0" } }),
      404: async () => ({ params: { endpoint_id: NONE } }),
    },
  },
  replayWebhookDelivery: {
    valid: async (w) => ({ params: { delivery_id: await freshDelivery(w, true) } }),
    errors: {
      403: async (w) => ({ as: "visibility", params: { delivery_id: await freshDelivery(w, true) } }),
      404: async () => ({ params: { delivery_id: NONE } }),
      409: async (w) => ({ params: { delivery_id: await freshDelivery(w, false) } }),
    },
  },
  // Audit log and monitoring
  listAuditEvents: {
    valid: async () => ({ query: { action: "program.", limit: "3" } }),
    errors: { 400: async () => ({ query: { from: "2026-02-31" } }) },
  },
  listTransactions: {
    valid: async (w) => ({ query: { program: w.programId } }),
    errors: {
      400: async (w) => ({ query: { program: w.programId, min: "5", max: "1" } }),
      404: async () => ({ query: { program: NONE } }),
    },
  },
  getTransaction: {
    valid: async (w) => ({ params: { transaction_id: w.transactionId } }),
    errors: { 404: async () => ({ params: { transaction_id: NONE } }) },
  },
  getMonitoringOverview: {
    valid: async (w) => ({ as: "visibility", query: { program: w.programId } }),
    errors: {
      400: async () => ({ query: { from: "yesterday" } }),
      404: async () => ({ query: { program: NONE } }),
    },
  },
  getBalances: {
    valid: async () => ({ as: "visibility" }),
    errors: {
      400: async () => ({ query: { program: "x".repeat(65) } }),
      404: async () => ({ query: { program: NONE } }),
    },
  },
  // Legal and partners
  listLegalDocuments: { valid: async () => ({ as: "visibility" }), errors: {} },
  getLegalDocument: {
    valid: async () => ({ as: "visibility", params: { kind: "terms_of_use" } }),
    errors: {
      400: async () => ({ params: { kind: "nonsense" } }),
      404: async () => ({ params: { kind: "terms_of_use" }, query: { version: "999" } }),
    },
  },
  getPartnerVisibility: {
    valid: async (w) => ({ as: "visibility", params: program(w.programId) }),
    errors: { 404: async () => ({ params: program(NONE) }) },
  },
  setPartnerVisibility: {
    valid: async (w) => ({ params: program(w.programId), body: visibilityBody }),
    errors: {
      400: async (w) => ({ params: program(w.programId), body: { ...visibilityBody, granularity: "hourly" } }),
      403: async (w) => ({ as: "visibility", params: program(w.programId), body: visibilityBody }),
      404: async () => ({ params: program(NONE), body: visibilityBody }),
    },
  },
  // Fee schedules
  getFeeSchedule: {
    valid: async (w) => ({ as: "visibility", params: program(w.feeProgramId) }),
    errors: { 404: async () => ({ params: program(NONE) }) },
  },
  listFeeScheduleVersions: {
    valid: async (w) => ({ params: program(w.feeProgramId) }),
    errors: {
      400: async (w) => ({ params: program(w.feeProgramId), query: { limit: "0" } }),
      404: async () => ({ params: program(NONE) }),
    },
  },
  createFeeScheduleVersion: {
    valid: async (w) => ({ params: program(w.feeProgramId), body: await feeBody() }),
    errors: {
      400: async (w) => ({ params: program(w.feeProgramId), body: { ...(await feeBody()), billingDay: 99 } }),
      403: async (w) => ({ as: "visibility", params: program(w.feeProgramId), body: await feeBody() }),
      404: async () => ({ params: program(NONE), body: await feeBody() }),
    },
    raceOnly: { 409: "two saves at once (a unique version number): lib/am-api/resources.test.ts" },
  },
  previewFees: {
    valid: async (w) => ({ as: "visibility", params: program(w.feeProgramId), body: { amount: "100.00" } }),
    errors: {
      400: async (w) => ({ params: program(w.feeProgramId), body: { amount: "-5" } }),
      404: async () => ({ params: program(NONE), body: { amount: "100.00" } }),
      409: async (w) => ({ params: program(w.programId), body: { amount: "100.00" } }), // no schedule in force
    },
  },
  // Card designs
  listCardDesignSlots: {
    valid: async (w) => ({ as: "visibility", params: program(w.designProgramId) }),
    errors: { 404: async () => ({ params: program(NONE) }) },
  },
  submitCardDesign: {
    valid: async (w) => ({ params: program(await freshProgram(w)), form: await designForm() }),
    errors: {
      400: async (w) => ({ params: program(w.programId), form: { ...(await designForm("6")) } }),
      403: async (w) => ({ as: "visibility", params: program(w.programId), form: await designForm() }),
      404: async () => ({ params: program(NONE), form: await designForm() }),
      409: async (w) => {
        const id = await freshProgram(w);
        const f = await designForm("2");
        await submitDesign(w.admin, { ...f.fields, slot: 2, programId: id } as never, f.file.bytes);
        return { params: program(id), form: f };
      },
      413: async (w) => ({
        params: program(w.programId),
        form: { ...(await designForm()), file: { name: "big.png", bytes: Buffer.alloc(5 * 1024 * 1024 + 70 * 1024) } },
      }),
      415: async (w) => ({ params: program(w.programId), body: (await designForm()).fields }),
    },
  },
  listCardDesignVersions: {
    valid: async (w) => ({ as: "visibility", params: { program_id: w.designProgramId, slot: "0" } }),
    errors: {
      400: async (w) => ({ params: { program_id: w.programId, slot: "9" } }),
      404: async () => ({ params: { program_id: NONE, slot: "0" } }),
    },
  },
  // Program requests
  ...requestFixtures("sms_sender_id", "listSmsSenderIdRequests", "applySmsSenderId", "withdrawSmsSenderIdRequest"),
  ...requestFixtures(
    "deposit_address_type",
    "listDepositAddressRequests",
    "requestDepositAddressType",
    "withdrawDepositAddressRequest",
  ),
  // CSV export
  exportTransactionsCsv: {
    valid: async (w) => ({ as: "visibility", query: { program: w.programId } }),
    errors: {
      400: async (w) => ({ query: { program: w.programId, min: "5", max: "1" } }),
      404: async () => ({ query: { program: NONE } }),
    },
  },
};
