import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(12, "Passwords need at least 12 characters.")
  .max(200, "Passwords may have at most 200 characters.");

export const createUserSchema = z
  .object({
    tenantId: z.string().nullable().optional(),
    email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
    name: z.string().trim().min(1, "Enter a name.").max(100).optional(),
    role: z.enum(ROLES, { error: `Role must be one of: ${ROLES.join(", ")}.` }),
    programId: z.string().nullable().optional(),
    password: passwordSchema,
  })
  .superRefine((v, ctx) => {
    if (v.role === "staff_reviewer" && v.tenantId)
      ctx.addIssue({ code: "custom", path: ["tenant"], message: "Axys staff belong to no tenant: omit --tenant." });
    if (v.role !== "staff_reviewer" && !v.tenantId)
      ctx.addIssue({ code: "custom", path: ["tenant"], message: `A ${v.role} needs a tenant (--tenant <slug>).` });
    if (v.role === "partner_viewer" && !v.programId)
      ctx.addIssue({
        code: "custom",
        path: ["program"],
        message: "A partner_viewer is bound to one Program: give --program <id>.",
      });
    if (v.role !== "partner_viewer" && v.programId)
      ctx.addIssue({ code: "custom", path: ["program"], message: "Only partner_viewer users are bound to a Program." });
  });
export type CreateUserInput = z.input<typeof createUserSchema>;
