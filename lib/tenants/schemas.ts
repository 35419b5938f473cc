import { z } from "zod";

export const createTenantSchema = z.object({
  name: z
    .string({ error: "Enter a tenant name (--name)." })
    .trim()
    .min(2, "The tenant name needs at least 2 characters.")
    .max(100),
  slug: z
    .string({ error: "Enter a slug (--slug)." })
    .trim()
    .regex(
      /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
      "A slug is 1-40 lowercase letters, digits and inner hyphens, e.g. acme.",
    ),
  /** Certificate subjects carry it as O; defaults to the name. */
  legalName: z
    .string()
    .trim()
    .min(2)
    .max(100)
    .regex(/^[^,=+<>#;\\"/]+$/, 'The legal name may not contain , = + < > # ; \\ " or /.')
    .optional(),
});
export type CreateTenantInput = z.input<typeof createTenantSchema>;
