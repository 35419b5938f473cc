import { z } from "zod";
import { listQuery, op, pageOf, timestamp, type ListQuery } from "@/lib/am-api/operation";
import { compromiseApiKey, issueApiKey, listApiKeys, revokeApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { REVOCATION_REASONS } from "@/lib/certificates/schemas";
import { getCertificate, listCertificates, revokeCertificate, submitCsr } from "@/lib/certificates/service";

const environment = z.enum(["production", "staging"]).default("production").meta({
  description: "The environment of the credential (the API itself is production-only; it manages both)",
});
const userParams = z.object({ api_user_id: z.string().min(1).max(64) });
const keyParams = z.object({ key_id: z.string().min(1).max(64) });
const certParams = z.object({ certificate_id: z.string().min(1).max(64) });

export const apiKeySchema = z
  .object({
    id: z.string(),
    apiUserId: z.string(),
    environment: z.enum(["production", "staging"]),
    masked: z.string().meta({ example: "axys_live_k2m4…9x3b" }),
    status: z.enum(["active", "overlap", "expired", "revoked"]),
    createdAt: timestamp,
    expiresAt: timestamp.nullable().meta({ description: "When a rotated key stops working" }),
    revokedAt: timestamp.nullable(),
    revokedReason: z.string().nullable(),
    replacesId: z.string().nullable(),
    lastUsedAt: timestamp.nullable(),
    lastUsedIp: z.string().nullable(),
  })
  .meta({ id: "ApiKey" });

const issuedKeySchema = z
  .object({
    key: z.string().meta({ description: "The key itself: shown in this answer only, never again" }),
    apiKey: apiKeySchema,
  })
  .meta({ id: "IssuedApiKey" });

const replacedKeySchema = issuedKeySchema
  .extend({ previous: apiKeySchema.meta({ description: "The key it replaces, as it now stands" }) })
  .meta({ id: "ReplacementApiKey" });

export const certificateSchema = z
  .object({
    id: z.string(),
    environment: z.enum(["production", "staging"]),
    programId: z.string().nullable(),
    apiUserId: z.string().nullable(),
    serialHex: z.string(),
    fingerprintSha256: z.string(),
    subject: z.string(),
    dnsNames: z.array(z.string()),
    keyType: z.string(),
    notBefore: timestamp,
    notAfter: timestamp,
    daysLeft: z.number().int(),
    status: z.enum(["active", "expiring", "expired", "revoked", "superseded"]),
    supersededBy: z.string().nullable(),
    revokedAt: timestamp.nullable(),
    revocationReason: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "Certificate" });

const certificateWithPem = certificateSchema
  .extend({
    certificatePem: z.string().meta({ description: "The certificate, PEM" }),
    caCertificatePem: z.string().optional().meta({ description: "The issuing CA (the chain), PEM" }),
  })
  .meta({ id: "CertificateWithPem" });

const issueBody = z.object({ environment }).strict().meta({ id: "IssueApiKey" });
const rotateBody = z
  .object({
    overlap: z
      .string()
      .max(20)
      .default("24h")
      .meta({ description: 'How long the old key keeps working: "immediately" or 30m, 24h, 7d (at most 7 days)' }),
  })
  .strict()
  .meta({ id: "RotateApiKey" });
const compromiseBody = z
  .object({ reason: z.string().min(3).max(500).meta({ description: "What happened (kept in the audit log)" }) })
  .strict()
  .meta({ id: "CompromiseApiKey" });
const submitBody = z
  .object({
    environment,
    programId: z.string().max(64).nullable().optional().meta({ description: "null or omitted: tenant-level" }),
    apiUserId: z.string().max(64).nullable().optional().meta({ description: "The API user it is for" }),
    csrPem: z.string().min(1).max(20_000).meta({ description: "PKCS#10 CSR, PEM" }),
  })
  .strict()
  .meta({ id: "SubmitCsr" });
const revokeBody = z
  .object({ reason: z.enum(REVOCATION_REASONS) })
  .strict()
  .meta({ id: "RevokeCertificate" });
const certListQuery = listQuery.extend({
  environment,
  program_id: z.string().max(64).optional().meta({ description: "A Program's certificates; omit for tenant-level" }),
});

export const credentialOperations = [
  op<z.output<typeof userParams>, ListQuery>({
    id: "listApiKeys",
    permission: "apiusers:read",
    method: "GET",
    path: "/am/v1/api-users/{api_user_id}/keys",
    tag: "API keys",
    summary: "List an API user's keys (masked)",
    params: userParams,
    query: listQuery,
    response: apiKeySchema,
    list: true,
    errors: [400, 404],
    mutates: false,
    handle: async (ctx, { params, query }) => pageOf(await listApiKeys(ctx, params.api_user_id), query),
  }),
  op<z.output<typeof userParams>, Record<string, never>, z.output<typeof issueBody>>({
    id: "createApiKey",
    permission: "apiusers:write",
    method: "POST",
    path: "/am/v1/api-users/{api_user_id}/keys",
    tag: "API keys",
    summary: "Issue an API user's first key in an environment",
    description: "The key is in this answer only. With a live key in that environment, rotate instead (409).",
    params: userParams,
    body: issueBody,
    response: issuedKeySchema,
    status: 201,
    errors: [400, 403, 404, 409],
    mutates: true,
    showsSecret: true,
    handle: (ctx, { params, body }) =>
      issueApiKey(ctx, { apiUserId: params.api_user_id, environment: body.environment }),
  }),
  op<z.output<typeof keyParams>, Record<string, never>, z.output<typeof rotateBody>>({
    id: "rotateApiKey",
    permission: "apiusers:write",
    method: "POST",
    path: "/am/v1/api-keys/{key_id}/rotate",
    tag: "API keys",
    summary: "Rotate a key with an overlap",
    description: "A new key now (in this answer only); the old one keeps working for the overlap.",
    params: keyParams,
    body: rotateBody,
    response: replacedKeySchema,
    status: 201,
    errors: [400, 403, 404, 409],
    mutates: true,
    showsSecret: true,
    handle: (ctx, { params, body }) => rotateApiKey(ctx, { keyId: params.key_id, overlap: body.overlap }),
  }),
  op<z.output<typeof keyParams>, Record<string, never>, z.output<typeof compromiseBody>>({
    id: "compromiseApiKey",
    permission: "apiusers:write",
    method: "POST",
    path: "/am/v1/api-keys/{key_id}/compromise",
    tag: "API keys",
    summary: "Report a key compromised",
    description: "Revokes it at once and issues a replacement (in this answer only).",
    params: keyParams,
    body: compromiseBody,
    response: replacedKeySchema,
    status: 201,
    errors: [400, 403, 404, 409],
    mutates: true,
    showsSecret: true,
    handle: (ctx, { params, body }) => compromiseApiKey(ctx, { keyId: params.key_id, reason: body.reason }),
  }),
  op<z.output<typeof keyParams>>({
    id: "revokeApiKey",
    permission: "apiusers:write",
    method: "POST",
    path: "/am/v1/api-keys/{key_id}/revoke",
    tag: "API keys",
    summary: "Revoke a key at once",
    params: keyParams,
    response: apiKeySchema,
    errors: [403, 404, 409],
    mutates: true,
    handle: (ctx, { params }) => revokeApiKey(ctx, { keyId: params.key_id }),
  }),
  op<Record<string, never>, ListQuery & { environment: "production" | "staging"; program_id?: string }>({
    id: "listCertificates",
    permission: "certificates:read",
    method: "GET",
    path: "/am/v1/certificates",
    tag: "Certificates",
    summary: "List a scope's certificates",
    query: certListQuery,
    response: certificateSchema,
    list: true,
    errors: [400, 404],
    mutates: false,
    handle: async (ctx, { query }) =>
      pageOf(
        await listCertificates(ctx, { environment: query.environment, programId: query.program_id ?? null }),
        query,
      ),
  }),
  op<Record<string, never>, Record<string, never>, z.output<typeof submitBody>>({
    id: "submitCsr",
    permission: "certificates:write",
    method: "POST",
    path: "/am/v1/certificates",
    tag: "Certificates",
    summary: "Submit a CSR and get the certificate",
    description:
      "The CSR's subject must carry the Tenant's legal name as O and the scope (Program id or tenant) as OU; every refusal names its reason (code csr_*).",
    body: submitBody,
    response: certificateWithPem,
    status: 201,
    errors: [400, 403, 404, 409],
    mutates: true,
    handle: (ctx, { body }) => submitCsr(ctx, { ...body, programId: body.programId ?? null }),
  }),
  op<z.output<typeof certParams>>({
    id: "getCertificate",
    permission: "certificates:read",
    method: "GET",
    path: "/am/v1/certificates/{certificate_id}",
    tag: "Certificates",
    summary: "Get a certificate with its PEM and the CA chain",
    params: certParams,
    response: certificateWithPem,
    errors: [404],
    mutates: false,
    handle: (ctx, { params }) => getCertificate(ctx, params.certificate_id),
  }),
  op<z.output<typeof certParams>, Record<string, never>, z.output<typeof revokeBody>>({
    id: "revokeCertificate",
    permission: "certificates:write",
    method: "POST",
    path: "/am/v1/certificates/{certificate_id}/revoke",
    tag: "Certificates",
    summary: "Revoke a certificate (it lands on the CRL)",
    params: certParams,
    body: revokeBody,
    response: z
      .object({ id: z.string(), serialHex: z.string(), revokedAt: timestamp, reason: z.enum(REVOCATION_REASONS) })
      .meta({ id: "RevokedCertificate" }),
    errors: [400, 403, 404, 409],
    mutates: true,
    handle: (ctx, { params, body }) =>
      revokeCertificate(ctx, { certificateId: params.certificate_id, reason: body.reason }),
  }),
];
