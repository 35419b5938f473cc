import { z } from "zod";
import { listQuery, op, pageOf, timestamp, uploadedFile, type ListQuery } from "@/lib/am-api/operation";
import { ARTWORK_RULES } from "@/lib/card-designs/rules";
import { CARD_TYPES, FINISHES, NETWORKS, submitDesignSchema } from "@/lib/card-designs/schemas";
import { listDesignHistory, listDesignSlots, submitDesign } from "@/lib/card-designs/service";

const programParams = z.object({ program_id: z.string().min(1).max(64) });
const slotParams = programParams.extend({
  slot: z.coerce
    .number({ error: "Slots are numbered 0 to 5." })
    .int("Slots are numbered 0 to 5.")
    .min(0, "Slots are numbered 0 to 5.")
    .max(5, "Slots are numbered 0 to 5.")
    .meta({ description: "0 to 5" }),
});

export const designSchema = z
  .object({
    id: z.string(),
    programId: z.string(),
    slot: z.number().int().meta({ example: 0 }),
    version: z.number().int().meta({ example: 1 }),
    status: z.enum(["pending", "approved", "rejected"]),
    name: z.string().meta({ example: "Midnight Blue" }),
    cardType: z.enum(CARD_TYPES),
    network: z.enum(NETWORKS),
    finish: z.enum(FINISHES),
    notes: z.string().nullable(),
    width: z.number().int().meta({ description: "Pixels, as displayed", example: 1586 }),
    height: z.number().int().meta({ example: 1000 }),
    bytes: z.number().int().meta({ description: "The stored (re-encoded PNG) size" }),
    checks: z.array(z.object({ rule: z.string(), ok: z.boolean(), detail: z.string() })),
    submittedBy: z.string(),
    submittedAt: timestamp,
    reviewedBy: z.string().nullable(),
    reviewedAt: timestamp.nullable(),
    rejectionReason: z.string().nullable(),
    rejectionLabel: z.string().nullable(),
    rejectionNote: z.string().nullable(),
  })
  .meta({ id: "CardDesign" });

const slotSchema = z
  .object({
    slot: z.number().int(),
    latest: designSchema.nullable().meta({ description: "The newest version (in review, rejected or approved)" }),
    active: designSchema.nullable().meta({ description: "The approved version cards are printed with" }),
    versions: z.number().int(),
  })
  .meta({ id: "CardDesignSlot" });

const noFile = "Choose an image file.";
/** The portal's upload form's fields (the same schema and messages), and the artwork as a file part. */
const submitBody = submitDesignSchema
  .omit({ programId: true })
  .extend({
    artwork: uploadedFile(noFile).meta({
      type: "string",
      format: "binary",
      description: `PNG or JPEG, at most ${ARTWORK_RULES.maxBytes / 1048576} MiB, sRGB, at least ${ARTWORK_RULES.minLongSide} x ${ARTWORK_RULES.minShortSide} px, card aspect ratio ${ARTWORK_RULES.aspect}`,
    }),
  })
  .strict()
  .meta({ id: "SubmitCardDesign" });

type Params = z.output<typeof programParams>;

export const cardDesignOperations = [
  op<Params>({
    id: "listCardDesignSlots",
    permission: "designs:read",
    method: "GET",
    path: "/am/v1/programs/{program_id}/card-designs",
    tag: "Card designs",
    summary: "The Program's six design slots with their status",
    description: "Each slot's newest version (what is in review) and its active (approved) design.",
    params: programParams,
    response: z.object({ slots: z.array(slotSchema) }).meta({ id: "CardDesignSlots" }),
    errors: [404],
    mutates: false,
    handle: async (ctx, { params }) => ({
      slots: (await listDesignSlots(ctx, params.program_id)).map(({ slot, latest, active, versions }) => ({
        slot,
        latest,
        active,
        versions,
      })),
    }),
  }),
  op<Params, Record<string, never>, z.output<typeof submitBody>>({
    id: "submitCardDesign",
    permission: "designs:write",
    method: "POST",
    path: "/am/v1/programs/{program_id}/card-designs",
    tag: "Card designs",
    summary: "Submit artwork for a slot (multipart/form-data)",
    description:
      "A new version of the slot, pending Axys review. The artwork is checked by its content (not its name) and stored re-encoded. A slot with a version already pending must wait for its review (409). Example: curl -F slot=0 -F name='Midnight Blue' -F cardType=physical -F network=visa -F finish=matte -F artwork=@card.png",
    params: programParams,
    body: submitBody,
    bodyType: "multipart",
    // the artwork's limit plus room for the form's other parts, as the portal's upload route allows
    maxBodyBytes: ARTWORK_RULES.maxBytes + 64 * 1024,
    response: designSchema,
    status: 201,
    errors: [400, 403, 404, 409, 413, 415],
    mutates: true,
    handle: (ctx, { params, body }) => {
      const { artwork, ...fields } = body;
      return submitDesign(ctx, { ...fields, programId: params.program_id }, artwork.bytes);
    },
  }),
  op<z.output<typeof slotParams>, ListQuery>({
    id: "listCardDesignVersions",
    permission: "designs:read",
    method: "GET",
    path: "/am/v1/programs/{program_id}/card-designs/{slot}/versions",
    tag: "Card designs",
    summary: "A slot's history: every version, newest first, with its review",
    params: slotParams,
    query: listQuery,
    response: designSchema,
    list: true,
    errors: [400, 404],
    mutates: false,
    handle: async (ctx, { params, query }) =>
      pageOf(await listDesignHistory(ctx, params.program_id, params.slot), query),
  }),
];
