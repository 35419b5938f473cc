import { z } from "zod";
import { teamRoleSchema } from "@/lib/invitations/schemas";

const userId = z.string({ error: "Missing member." }).trim().min(1, "Missing member.").max(64);

export const changeRoleSchema = z.object({ userId, role: teamRoleSchema });
export type ChangeRoleInput = z.input<typeof changeRoleSchema>;

export const memberSchema = z.object({ userId });
export type MemberInput = z.input<typeof memberSchema>;

/** How the team page names the roles. */
export const TEAM_ROLE_LABELS: Record<"tenant_admin" | "tenant_viewer", string> = {
  tenant_admin: "Administrator",
  tenant_viewer: "Viewer",
};
