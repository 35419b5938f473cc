import { command, flag, type Command } from "@/lib/cli/command";
import { disableUser, listTenantUsers, type TenantUserDto } from "@/lib/users/operations";

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never");
const line = (u: TenantUserDto) =>
  [
    u.email,
    u.role + (u.programId ? ` (${u.programId})` : ""),
    u.twoFactor ? "2FA on" : "2FA off",
    `last sign-in ${when(u.lastSignInAt)}`,
    u.disabled ? "DISABLED" : "",
    `"${u.name}"`,
  ]
    .filter(Boolean)
    .join("  ");

/** Staff-side user commands (`user create` lives in commands.ts). */
export const USER_COMMANDS: Record<string, Command> = {
  "user list": command({
    usage: "--tenant acme   (email, name, role, 2FA, last sign-in, disabled)",
    flags: { tenant: flag.text() },
    context: { tenant: "tenant" },
    async run(ctx) {
      const users = await listTenantUsers(ctx);
      return { json: { users }, text: users.map(line).join("\n") || "(no users)" };
    },
  }),
  "user disable": command({
    usage: "--email x@y   (disables the account and ends its sessions at once; not the last admin of a Tenant)",
    flags: { email: flag.text() },
    context: "operator",
    async run(ctx, f) {
      const r = await disableUser(ctx, { email: f.email });
      return {
        json: { email: r.email, disabled: true, revokedSessions: r.revokedSessions },
        text: `disabled ${r.email}; ended ${r.revokedSessions} session${r.revokedSessions === 1 ? "" : "s"}`,
      };
    },
  }),
};
