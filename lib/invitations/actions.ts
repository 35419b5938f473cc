"use server";
import { headers } from "next/headers";
import { definePublicFormAction } from "@/lib/actions/define-action";
import { clientIpOf } from "@/lib/auth/request-info";
import { acceptInvitationSchema } from "@/lib/invitations/schemas";
import { acceptInvitation } from "@/lib/invitations/service";

/** The one action that runs without a session: accepting an invitation (team or partner) creates the account. */
export const acceptInvitationAction = definePublicFormAction(acceptInvitationSchema, async (input) => {
  const h = await headers();
  return acceptInvitation(input, { ip: clientIpOf(h), userAgent: h.get("user-agent") });
});
