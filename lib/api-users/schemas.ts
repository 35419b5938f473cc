import { z } from "zod";

export const API_USER_PATTERNS = ["program", "tenant_admin", "tenant_visibility", "white_label"] as const;
export type ApiUserPattern = (typeof API_USER_PATTERNS)[number];

export const PATTERN_INFO: Record<ApiUserPattern, { label: string; level: "program" | "tenant"; description: string }> =
  {
    program: {
      label: "One per Program",
      level: "program",
      description: "A Program's own credential set: program-level API only, that Program only.",
    },
    tenant_admin: {
      label: "Tenant admin",
      level: "tenant",
      description: "Account Management across all Programs (production only on the platform).",
    },
    tenant_visibility: {
      label: "Tenant visibility (read-only)",
      level: "tenant",
      description: "Read-only monitoring of transactions and balances across Programs.",
    },
    white_label: {
      label: "White-label client",
      level: "program",
      description: "Program-level credentials handed to a partner operating that one Program.",
    },
  };

export const createApiUserSchema = z
  .object({
    name: z
      .string({ error: "Enter a name." })
      .trim()
      .min(2, "The name needs at least 2 characters.")
      .max(80, "The name may have at most 80 characters."),
    pattern: z.enum(API_USER_PATTERNS, { error: `Choose a pattern: ${API_USER_PATTERNS.join(", ")}.` }),
    programId: z.preprocess((v) => (v === "" ? null : v), z.string().max(64).nullable().optional()),
  })
  .superRefine((v, ctx) => {
    const level = PATTERN_INFO[v.pattern]?.level;
    if (level === "program" && !v.programId)
      ctx.addIssue({
        code: "custom",
        path: ["programId"],
        message: "A program-level API user is bound to one Program: choose it.",
      });
    if (level === "tenant" && v.programId)
      ctx.addIssue({ code: "custom", path: ["programId"], message: "A tenant-level API user is bound to no Program." });
  });
export type CreateApiUserInput = z.input<typeof createApiUserSchema>;
