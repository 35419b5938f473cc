"use server";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { inviteMemberSchema } from "@/lib/invitations/schemas";
import { changeRoleSchema } from "@/lib/team/schemas";
import {
  changeRole,
  endMemberSessions,
  inviteMember,
  removeMember,
  resendTeamInvitation,
  revokeTeamInvitation,
} from "@/lib/team/service";

const revalidate = "/settings/team";

export const inviteMemberAction = defineFormAction(inviteMemberSchema, (ctx, input) => inviteMember(ctx, input), {
  revalidate,
});

export const resendInvitationAction = defineAction(idArg, (ctx, id) => resendTeamInvitation(ctx, { id }), {
  revalidate,
});

export const revokeInvitationAction = defineAction(idArg, (ctx, id) => revokeTeamInvitation(ctx, { id }), {
  revalidate,
});

/** A sensitive change: the one call site where a recent-authentication check belongs. */
export const changeRoleAction = defineAction(changeRoleSchema, async (ctx, input) => changeRole(ctx, input), {
  revalidate,
});

export const removeMemberAction = defineAction(idArg, (ctx, userId) => removeMember(ctx, { userId }), { revalidate });

export const endMemberSessionsAction = defineAction(idArg, (ctx, userId) => endMemberSessions(ctx, { userId }), {
  revalidate,
});
