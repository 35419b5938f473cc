import { z } from "zod";
import { environmentSchema } from "@/lib/environments";

export const REVOCATION_REASONS = [
  "keyCompromise",
  "superseded",
  "cessationOfOperation",
  "affiliationChanged",
  "unspecified",
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];
export const REVOCATION_REASON_LABELS: Record<RevocationReason, string> = {
  keyCompromise: "Key compromise: the private key may be known to someone else",
  superseded: "Superseded: replaced by a newer certificate",
  cessationOfOperation: "Cessation of operation: the integration is shut down",
  affiliationChanged: "Affiliation changed: the holder or domain changed",
  unspecified: "Unspecified",
};

const programIdOrTenant = z.preprocess(
  (v) => (v === "" || v === "tenant" || v === undefined ? null : v),
  z.string().max(64).nullable(),
);

export const submitCsrSchema = z.object({
  environment: environmentSchema,
  /** null = a tenant-level certificate */
  programId: programIdOrTenant,
  csrPem: z.string({ error: "Paste or upload a CSR." }).min(1, "Paste or upload a CSR."),
  /** optional: the API user (credential set) the certificate belongs to; it must have the same scope */
  apiUserId: z.preprocess((v) => (v === "" ? null : v), z.string().max(64).nullable().optional()),
});
export type SubmitCsrInput = z.input<typeof submitCsrSchema>;

export const revokeCertificateSchema = z.object({
  certificateId: z.string().min(1).max(64),
  reason: z.enum(REVOCATION_REASONS, { error: `Choose a reason: ${REVOCATION_REASONS.join(", ")}.` }),
});
export type RevokeCertificateInput = z.input<typeof revokeCertificateSchema>;

export const listCertificatesSchema = z.object({ environment: environmentSchema, programId: programIdOrTenant });
