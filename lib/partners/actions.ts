"use server";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { portalOrigin } from "@/lib/auth/redirect";
import { invitePartnerSchema, partnerVisibilityFormSchema } from "@/lib/partners/schemas";
import {
  invitePartner,
  removePartnerUser,
  revokePartnerInvitation,
  setPartnerVisibility,
} from "@/lib/partners/service";

const revalidate = (d: { programId: string }) => `/programs/${d.programId}/partners`;

export const setPartnerVisibilityAction = defineFormAction(
  partnerVisibilityFormSchema,
  async (ctx, input) => ({
    programId: input.programId,
    ...(await setPartnerVisibility(ctx, input)),
  }),
  { revalidate },
);

export const invitePartnerAction = defineFormAction(
  invitePartnerSchema,
  async (ctx, input) => {
    const { invitation, token } = await invitePartner(ctx, input);
    return { programId: input.programId, invitation, url: `${portalOrigin()}/invite/${token}` };
  },
  { revalidate },
);

export const revokeInvitationAction = defineAction(idArg, (ctx, id) => revokePartnerInvitation(ctx, { id }), {
  revalidate,
});

export const removePartnerUserAction = defineAction(idArg, (ctx, id) => removePartnerUser(ctx, { id }), { revalidate });
