"use server";
import { cookies } from "next/headers";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { revokeAllSessions } from "@/lib/auth/sessions";
import { ENVIRONMENT_COOKIE, environmentCookieOptions, environmentSchema } from "@/lib/environments";
import { AppError } from "@/lib/errors";

/** Switches the portal between staging and production for this browser. Changes no data. */
export async function switchEnvironmentAction(env: string): Promise<ActionResult<null>> {
  return runAction(async () => {
    const parsed = environmentSchema.safeParse(env);
    if (!parsed.success) throw new AppError("VALIDATION", "Choose staging or production.");
    (await cookies()).set(ENVIRONMENT_COOKIE, parsed.data, environmentCookieOptions());
    return null;
  });
}

/** "Sign out of all sessions": revokes every session of the caller's own user, this one included. */
export async function signOutEverywhereAction(): Promise<ActionResult<{ revoked: number }>> {
  return runAction((ctx) => revokeAllSessions(ctx));
}
