"use server";
import { headers } from "next/headers";
import { z } from "zod";
import { defineAction, defineFormAction, definePublicFormAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { changePassword, requestPasswordReset, resetPassword } from "@/lib/account/passwords";
import { confirmEmailChange, requestEmailChange, setMailPreferences, updateName } from "@/lib/account/profile";
import { reauthenticate } from "@/lib/account/reauth";
import {
  changePasswordSchema,
  confirmEmailSchema,
  emailChangeSchema,
  forgotPasswordSchema,
  mailPreferencesSchema,
  nameSchema,
  reauthenticateSchema,
  resetPasswordSchema,
} from "@/lib/account/schemas";
import { revokeMySession, revokeOtherSessions } from "@/lib/account/sessions";
import { clientIpOf } from "@/lib/auth/request-info";

async function requestInfo() {
  const h = await headers();
  return { ip: clientIpOf(h), userAgent: h.get("user-agent") };
}

export const reauthenticateAction = defineAction(reauthenticateSchema, (ctx, input) => reauthenticate(ctx, input));

export const changePasswordAction = defineFormAction(changePasswordSchema, (ctx, input) => changePassword(ctx, input), {
  revalidate: "/settings/security",
});

export const revokeSessionAction = defineAction(idArg, (ctx, id) => revokeMySession(ctx, { sessionId: id }), {
  revalidate: "/settings/security",
});

export const revokeOtherSessionsAction = defineAction(z.void(), (ctx) => revokeOtherSessions(ctx), {
  revalidate: "/settings/security",
});

export const updateNameAction = defineFormAction(nameSchema, (ctx, input) => updateName(ctx, input), {
  revalidate: "/settings/profile",
});

/** Called (not form-bound) so the re-authentication wrapper can retry it. */
export const requestEmailChangeAction = defineAction(
  emailChangeSchema,
  (ctx, input) => requestEmailChange(ctx, input),
  {
    revalidate: "/settings/profile",
  },
);

export const setMailPreferencesAction = defineFormAction(
  mailPreferencesSchema,
  (ctx, input) => setMailPreferences(ctx, input),
  { revalidate: "/settings/profile" },
);

/** Public: the same answer whatever the address (see requestPasswordReset). */
export const requestPasswordResetAction = definePublicFormAction(forgotPasswordSchema, async (input) => {
  await requestPasswordReset(input, await requestInfo());
  return { sent: true as const };
});

/** Public: the emailed link proves the address; nobody is signed in afterwards. */
export const resetPasswordAction = definePublicFormAction(resetPasswordSchema, async (input) =>
  resetPassword(input, await requestInfo()),
);

/** Public: the link sent to the new address proves it. */
export const confirmEmailChangeAction = definePublicFormAction(confirmEmailSchema, async (input) =>
  confirmEmailChange(input.token, await requestInfo()),
);
