"use server";
import { cookies } from "next/headers";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { revokeAllSessions } from "@/lib/auth/sessions";
import { ENVIRONMENT_COOKIE, ENVIRONMENTS, environmentCookieOptions } from "@/lib/environments";

/** Switches the portal between staging and production for this browser. Changes no data. */
export const switchEnvironmentAction = defineAction(
  z.enum(ENVIRONMENTS, { error: "Choose staging or production." }),
  async (_ctx, env) => {
    (await cookies()).set(ENVIRONMENT_COOKIE, env, environmentCookieOptions());
    return null;
  },
);

/** "Sign out of all sessions": revokes every session of the caller's own user, this one included. */
export const signOutEverywhereAction = defineAction(z.void(), (ctx) => revokeAllSessions(ctx));
