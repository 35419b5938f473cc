"use server";
import { cookies } from "next/headers";
import { getCtx } from "@/lib/auth/session";
import { ENVIRONMENT_COOKIE, environmentSchema } from "@/lib/environments";

/** Switches the portal between staging and production for this browser. Changes no data. */
export async function switchEnvironmentAction(env: string): Promise<void> {
  if (!(await getCtx())) return;
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) return;
  (await cookies()).set(ENVIRONMENT_COOKIE, parsed.data, { httpOnly: true, sameSite: "lax", path: "/", secure: process.env.NODE_ENV === "production" && process.env.NEXTAUTH_URL?.startsWith("https:") });
}
