import { z } from "zod";
import { checkbox } from "@/lib/actions/form-fields";
import { emailSchema } from "@/lib/invitations/schemas";
import { partnerVisibilitySchema } from "@/lib/monitoring/schemas";

export { partnerVisibilitySchema, type PartnerVisibilityInput } from "@/lib/monitoring/schemas";

export const INVITATION_DAYS_DEFAULT = 7;
export const INVITATION_DAYS_MAX = 30;

export const invitePartnerSchema = z.object({
  programId: z.string().trim().min(1),
  email: emailSchema,
  expiresInDays: z.coerce
    .number({ error: "Choose how many days the link stays valid." })
    .int("Whole days only.")
    .min(1, "The link must stay valid at least 1 day.")
    .max(INVITATION_DAYS_MAX, `The link may stay valid at most ${INVITATION_DAYS_MAX} days.`)
    .default(INVITATION_DAYS_DEFAULT),
});
export type InvitePartnerInput = z.input<typeof invitePartnerSchema>;

export const idSchema = z.object({ id: z.string().trim().min(1).max(64) });

/** The visibility form as the browser sends it: each exposure is a checkbox ("on" or absent). */
export const partnerVisibilityFormSchema = partnerVisibilitySchema.extend({
  exposeTransactions: checkbox,
  includeMerchant: checkbox,
  exposeBalances: checkbox,
});
