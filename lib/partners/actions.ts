"use server";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { clientIpOf } from "@/lib/auth/request-info";
import { portalOrigin } from "@/lib/auth/redirect";
import { isAppError } from "@/lib/errors";
import { acceptInvitation, invitePartner, removePartnerUser, revokeInvitation, setPartnerVisibility, type InvitationDto } from "@/lib/partners/service";
import type { PartnerExposure } from "@/lib/partners/visibility";

const str = (form: FormData, k: string) => (typeof form.get(k) === "string" ? (form.get(k) as string) : undefined);
const done = <T extends { programId: string }>(r: ActionResult<T>) => {
  if (r.ok) revalidatePath(`/programs/${r.data.programId}/partners`);
  return r;
};

export async function setPartnerVisibilityAction(_prev: ActionResult<PartnerExposure & { programId: string }> | null, form: FormData): Promise<ActionResult<PartnerExposure & { programId: string }>> {
  const programId = str(form, "programId") as string;
  return done(await runAction(async (ctx) => ({
    programId,
    ...(await setPartnerVisibility(ctx, {
      programId, exposeTransactions: form.get("exposeTransactions") === "on", includeMerchant: form.get("includeMerchant") === "on",
      exposeBalances: form.get("exposeBalances") === "on", granularity: str(form, "granularity") as "individual" | "daily",
    })),
  })));
}

export async function invitePartnerAction(_prev: ActionResult<{ programId: string; invitation: InvitationDto; url: string }> | null, form: FormData): Promise<ActionResult<{ programId: string; invitation: InvitationDto; url: string }>> {
  const programId = str(form, "programId") as string;
  return done(await runAction(async (ctx) => {
    const { invitation, token } = await invitePartner(ctx, { programId, email: str(form, "email") as string, expiresInDays: str(form, "expiresInDays") as never });
    return { programId, invitation, url: `${portalOrigin()}/invite/${token}` };
  }));
}

export async function revokeInvitationAction(id: string) {
  return done(await runAction((ctx) => revokeInvitation(ctx, { id })));
}

export async function removePartnerUserAction(id: string) {
  return done(await runAction((ctx) => removePartnerUser(ctx, { id })));
}

/** The one action that runs without a session: accepting an invitation creates the account. */
export async function acceptInvitationAction(_prev: ActionResult<{ email: string }> | null, form: FormData): Promise<ActionResult<{ email: string }>> {
  const h = await headers();
  try {
    const data = await acceptInvitation(
      { token: str(form, "token") as string, name: str(form, "name") as string, password: str(form, "password") as string, confirm: str(form, "confirm") as string },
      { ip: clientIpOf(h), userAgent: h.get("user-agent") },
    );
    return { ok: true, data };
  } catch (e) {
    if (isAppError(e)) return { ok: false, code: e.code, message: e.message, fieldErrors: e.fields ?? (e.field ? { [e.field]: e.message } : undefined) };
    console.error("accepting an invitation failed", e);
    return { ok: false, code: "INTERNAL", message: "Something went wrong on our side. Nothing was changed; try again." };
  }
}
