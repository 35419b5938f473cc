import { z } from "zod";

export const ENVIRONMENTS = ["staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
export const environmentSchema = z.enum(ENVIRONMENTS);
export const ENVIRONMENT_COOKIE = "axys_env";
/** Account Management lives in production; staging is opt-in per browser. */
export const DEFAULT_ENVIRONMENT: Environment = "production";

/** The environment cookie's attributes, one place for the switch action and the `?env=` link handling. */
export function environmentCookieOptions() {
  return {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: process.env.NODE_ENV === "production" && !!process.env.NEXTAUTH_URL?.startsWith("https:"),
  } as const;
}

export function parseEnvironment(value: string | undefined | null): Environment {
  const parsed = environmentSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_ENVIRONMENT;
}

export const PRODUCTION_ONLY_REASON =
  "Program configuration exists only in production. Staging programs use the platform defaults shown here; switch to production to change them.";
