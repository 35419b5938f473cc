import { command, flag, type Command } from "@/lib/cli/command";
import { resetTwoFactor } from "@/lib/two-factor/reset";

/** Two-factor sign-in, staff side (docs/two-factor.md). */
export const TWO_FACTOR_COMMANDS: Record<string, Command> = {
  "user reset-2fa": command({
    usage:
      '--email x@y --reason "lost device, identity checked by phone"   (removes TOTP, recovery codes and passkeys; ends every session; audited; emails the user)',
    flags: { email: flag.text(), reason: flag.text() },
    context: "operator",
    async run(ctx, f) {
      const r = await resetTwoFactor(ctx, { email: f.email, reason: f.reason });
      return {
        json: r,
        text: `reset two-factor of ${r.email}: ${r.removed.totp ? "authenticator app" : "no authenticator app"}, ${r.removed.passkeys} passkey(s) removed, ${r.sessionsRevoked} session(s) ended`,
      };
    },
  }),
};
