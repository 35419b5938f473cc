"use server";
import { headers } from "next/headers";
import { defineAction, defineFormAction, definePublicFormAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { clientIpOf } from "@/lib/auth/request-info";
import { portalOrigin } from "@/lib/auth/redirect";
import { acceptInvitationSchema, invitePartnerSchema, partnerVisibilityFormSchema } from "@/lib/partners/schemas";
import {
  acceptInvitation,
  invitePartner,
  removePartnerUser,
  revokeInvitation,
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

export const revokeInvitationAction = defineAction(idArg, (ctx, id) => revokeInvitation(ctx, { id }), { revalidate });

export const removePartnerUserAction = defineAction(idArg, (ctx, id) => removePartnerUser(ctx, { id }), { revalidate });

/** The one action that runs without a session: accepting an invitation creates the account. */
export const acceptInvitationAction = definePublicFormAction(acceptInvitationSchema, async (input) => {
  const h = await headers();
  return acceptInvitation(input, { ip: clientIpOf(h), userAgent: h.get("user-agent") });
});
