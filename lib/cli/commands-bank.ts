import { BANK_SCHEMES, SCHEME_INFO } from "@/lib/bank/schemas";
import { setBankCredentials } from "@/lib/bank/service";
import { command, flag, type Command } from "@/lib/cli/command";

/** Bank credential commands (staff side). */
export const BANK_COMMANDS: Record<string, Command> = {
  "bank set": command({
    usage: `--tenant acme --program prg_... --scheme ${BANK_SCHEMES.join("|")} --account <IBAN or account number> [--routing <sort code or ABA>] --bic <..> --holder <..> --reference <..>   (prints masked values)`,
    flags: {
      tenant: flag.text(),
      program: flag.text(),
      scheme: flag.oneOf(BANK_SCHEMES),
      account: flag.text(),
      routing: flag.optionalText(),
      bic: flag.text(),
      holder: flag.text(),
      reference: flag.text(),
    },
    context: { tenant: "tenant" },
    async run(ctx, f) {
      const b = await setBankCredentials(ctx, {
        programId: f.program,
        scheme: f.scheme,
        accountNumber: f.account,
        routingCode: f.routing ?? null,
        bic: f.bic,
        accountHolder: f.holder,
        paymentReferenceFormat: f.reference,
      });
      const info = SCHEME_INFO[f.scheme];
      const routing = info.routing ? `, ${info.routing.toLowerCase()} ${b.routingCodeMasked}` : "";
      return {
        json: b,
        text: `set bank credentials of ${b.programId}: ${info.account} ${b.accountNumberMasked}${routing}, BIC ${b.bic}, reference ${b.paymentReferenceFormat}`,
      };
    },
  }),
};
