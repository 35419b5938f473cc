import { z } from "zod";
import { passwordSchema } from "@/lib/users/schemas";

/** The roles a Tenant's team invitation may give (partner invitations give partner_viewer, on the partner page). */
export const TEAM_ROLES = ["tenant_admin", "tenant_viewer"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const INVITATION_ROLES = [...TEAM_ROLES, "partner_viewer"] as const;
export type InvitationRole = (typeof INVITATION_ROLES)[number];

/** How long a team invitation link stays valid (from its creation or its last resend). */
export const TEAM_INVITATION_DAYS = 7;

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address."));
export const teamRoleSchema = z.enum(TEAM_ROLES, { error: "Choose a role: administrator or viewer." });

/** The team page's invite form. */
export const inviteMemberSchema = z.object({ email: emailSchema, role: teamRoleSchema });
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

export const invitationIdSchema = z.object({ id: z.string().trim().min(1).max(64) });

/** The /invite/<token> form: team and partner invitations alike. */
export const acceptInvitationSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is not valid."),
    name: z.string().trim().min(1, "Enter your name.").max(100, "At most 100 characters."),
    password: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });
export type AcceptInvitationInput = z.input<typeof acceptInvitationSchema>;
