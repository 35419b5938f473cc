import { z } from "zod";
import { op, timestamp } from "@/lib/am-api/operation";
import { LEGAL_KINDS } from "@/lib/legal/schemas";
import { getLegalDocument, listLegalDocuments } from "@/lib/legal/service";
import { getPartnerVisibility, setPartnerVisibility } from "@/lib/partners/service";

const legalVersion = z
  .object({
    id: z.string(),
    kind: z.enum(LEGAL_KINDS),
    version: z.number().int(),
    title: z.string(),
    changeSummary: z.string(),
    effectiveAt: timestamp,
    publishedBy: z.string(),
    publishedAt: timestamp,
    status: z.enum(["current", "upcoming", "superseded"]),
  })
  .meta({ id: "LegalVersion" });

const legalDocument = legalVersion
  .extend({
    body: z.string().meta({ description: "The Markdown source" }),
    html: z.string().meta({ description: "The rendered, sanitized HTML" }),
  })
  .meta({ id: "LegalDocument" });

const legalSummary = z
  .object({
    kind: z.enum(LEGAL_KINDS),
    label: z.string(),
    current: legalVersion.nullable(),
    upcoming: legalVersion.nullable(),
    upcomingCount: z.number().int(),
  })
  .meta({ id: "LegalSummary" });

const exposure = z
  .object({
    transactions: z.boolean(),
    includeMerchant: z.boolean(),
    balances: z.boolean(),
    granularity: z.enum(["individual", "daily"]),
  })
  .meta({ id: "PartnerVisibility" });

const kindParams = z.object({ kind: z.enum(LEGAL_KINDS) });
const versionQuery = z.object({
  version: z.coerce.number().int().min(1).optional().meta({ description: "A version; default: the one in force" }),
});
const programParams = z.object({ program_id: z.string().min(1).max(64) });
const visibilityBody = z
  .object({
    exposeTransactions: z.boolean(),
    includeMerchant: z.boolean(),
    exposeBalances: z.boolean(),
    granularity: z.enum(["individual", "daily"]),
  })
  .strict()
  .meta({ id: "SetPartnerVisibility" });

export const legalAndPartnerOperations = [
  op({
    id: "listLegalDocuments",
    permission: "legal:read",
    method: "GET",
    path: "/am/v1/legal-documents",
    tag: "Legal",
    summary: "Each legal document with its version in force and the next scheduled one",
    response: z.object({ data: z.array(legalSummary) }).meta({ id: "LegalDocumentList" }),
    errors: [],
    mutates: false,
    handle: async (ctx) => ({ data: await listLegalDocuments(ctx) }),
  }),
  op<z.output<typeof kindParams>, z.output<typeof versionQuery>>({
    id: "getLegalDocument",
    permission: "legal:read",
    method: "GET",
    path: "/am/v1/legal-documents/{kind}",
    tag: "Legal",
    summary: "One legal document: rendered HTML and Markdown source",
    params: kindParams,
    query: versionQuery,
    response: legalDocument,
    errors: [400, 404],
    mutates: false,
    handle: (ctx, { params, query }) => getLegalDocument(ctx, params.kind, query.version),
  }),
  op<z.output<typeof programParams>>({
    id: "getPartnerVisibility",
    permission: "partners:read",
    method: "GET",
    path: "/am/v1/programs/{program_id}/partner-visibility",
    tag: "Partners",
    summary: "What the Program's white-label partner users may see",
    params: programParams,
    response: exposure,
    errors: [404],
    mutates: false,
    handle: (ctx, { params }) => getPartnerVisibility(ctx, params.program_id),
  }),
  op<z.output<typeof programParams>, Record<string, never>, z.output<typeof visibilityBody>>({
    id: "setPartnerVisibility",
    permission: "partners:manage",
    method: "POST",
    path: "/am/v1/programs/{program_id}/partner-visibility",
    tag: "Partners",
    summary: "Change what the partner users may see (at once)",
    params: programParams,
    body: visibilityBody,
    response: exposure,
    errors: [400, 403, 404],
    mutates: true,
    handle: (ctx, { params, body }) => setPartnerVisibility(ctx, { programId: params.program_id, ...body }),
  }),
];
