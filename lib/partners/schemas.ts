import { z } from "zod";
import { checkbox } from "@/lib/actions/form-fields";
import { partnerVisibilitySchema } from "@/lib/monitoring/schemas";
import { passwordSchema } from "@/lib/users/schemas";

export { partnerVisibilitySchema, type PartnerVisibilityInput } from "@/lib/monitoring/schemas";

export const INVITATION_DAYS_DEFAULT = 7;
export const INVITATION_DAYS_MAX = 30;

export const invitePartnerSchema = z.object({
  programId: z.string().trim().min(1),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  expiresInDays: z.coerce
    .number({ error: "Choose how many days the link stays valid." })
    .int("Whole days only.")
    .min(1, "The link must stay valid at least 1 day.")
    .max(INVITATION_DAYS_MAX, `The link may stay valid at most ${INVITATION_DAYS_MAX} days.`)
    .default(INVITATION_DAYS_DEFAULT),
});
export type InvitePartnerInput = z.input<typeof invitePartnerSchema>;

export const acceptInvitationSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is not valid."),
    name: z.string().trim().min(1, "Enter your name.").max(100, "At most 100 characters."),
    password: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });
export type AcceptInvitationInput = z.input<typeof acceptInvitationSchema>;

export const idSchema = z.object({ id: z.string().trim().min(1).max(64) });

/** The visibility form as the browser sends it: each exposure is a checkbox ("on" or absent). */
export const partnerVisibilityFormSchema = partnerVisibilitySchema.extend({
  exposeTransactions: checkbox,
  includeMerchant: checkbox,
  exposeBalances: checkbox,
});
