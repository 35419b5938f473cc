"use server";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { addPasskey, passkeyRegistrationOptions, removePasskey } from "@/lib/two-factor/passkeys";
import { addPasskeySchema, totpCodeSchema } from "@/lib/two-factor/schemas";
import {
  confirmTotpEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from "@/lib/two-factor/service";
import { setTwoFactorRequirement, twoFactorRequirementSchema } from "@/lib/two-factor/tenant-requirement";

const PAGE = "/settings/security/two-factor";

export const startTotpEnrolmentAction = defineAction(z.void(), (ctx) => startTotpEnrolment(ctx));

// no revalidation here: it would replace the set-up (and its shown-once recovery codes) before they are read; the
// panel refreshes the page when the dialog is closed
export const confirmTotpEnrolmentAction = defineAction(totpCodeSchema, (ctx, input) =>
  confirmTotpEnrolment(ctx, input),
);

export const regenerateRecoveryCodesAction = defineAction(z.void(), (ctx) => regenerateRecoveryCodes(ctx), {
  revalidate: PAGE,
});

export const disableTwoFactorAction = defineAction(z.void(), (ctx) => disableTwoFactor(ctx), { revalidate: PAGE });

export const passkeyRegistrationOptionsAction = defineAction(z.void(), (ctx) => passkeyRegistrationOptions(ctx));

export const addPasskeyAction = defineAction(addPasskeySchema, (ctx, input) => addPasskey(ctx, input), {
  revalidate: PAGE,
});

export const removePasskeyAction = defineAction(idArg, (ctx, id) => removePasskey(ctx, { id }), { revalidate: PAGE });

export const setTwoFactorRequirementAction = defineAction(
  twoFactorRequirementSchema,
  (ctx, input) => setTwoFactorRequirement(ctx, input),
  { revalidate: PAGE },
);
