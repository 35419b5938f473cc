import { z } from "zod";
import { environmentSchema } from "@/lib/environments";

export const MAX_ENTRIES_PER_SCOPE = 100;
const programIdOrTenant = z.preprocess(
  (v) => (v === "" || v === "tenant" || v === undefined ? null : v),
  z.string().max(64).nullable(),
);
const description = z
  .string({ error: "Describe what calls from here (e.g. 'Payments API, eu-west-1 NAT')." })
  .trim()
  .min(2, "Describe what calls from here (e.g. 'Payments API, eu-west-1 NAT').")
  .max(200, "The description may have at most 200 characters.");

export const addAllowlistEntrySchema = z.object({
  environment: environmentSchema,
  programId: programIdOrTenant,
  cidr: z
    .string({ error: "Enter an IP address or CIDR range." })
    .trim()
    .min(1, "Enter an IP address or CIDR range.")
    .max(64),
  description,
});
export type AddAllowlistEntryInput = z.input<typeof addAllowlistEntrySchema>;

export const updateAllowlistDescriptionSchema = z.object({ id: z.string().min(1).max(64), description });
export const listAllowlistSchema = z.object({ environment: environmentSchema, programId: programIdOrTenant });
