import { operatorCtx } from "@/lib/auth/context";
import { SCHEME_INFO, type BankScheme } from "@/lib/bank/schemas";
import { setBankCredentials } from "@/lib/bank/service";
import { required, type Command } from "@/lib/cli/io";
import { unsafeFindTenantBySlug } from "@/lib/tenants/service";

/** Bank credential commands (staff side). */
export const BANK_COMMANDS: Record<string, Command> = {
  "bank set": {
    usage: "--tenant acme --program prg_... --scheme iban|uk|us --account <IBAN or account number> [--routing <sort code or ABA>] --bic <..> --holder <..> --reference <..>   (prints masked values)",
    options: {
      tenant: { type: "string" }, program: { type: "string" }, scheme: { type: "string" }, account: { type: "string" },
      routing: { type: "string" }, bic: { type: "string" }, holder: { type: "string" }, reference: { type: "string" },
    },
    async run(f) {
      const tenantId = (await unsafeFindTenantBySlug(operatorCtx({}), required(f, "tenant"))).id;
      const b = await setBankCredentials(operatorCtx({ tenantId }), {
        programId: required(f, "program"), scheme: required(f, "scheme"), accountNumber: required(f, "account"),
        routingCode: (f.routing as string | undefined) ?? null, bic: required(f, "bic"), accountHolder: required(f, "holder"),
        paymentReferenceFormat: required(f, "reference"),
      });
      const info = SCHEME_INFO[b.scheme as BankScheme];
      const routing = info.routing ? `, ${info.routing.toLowerCase()} ${b.routingCodeMasked}` : "";
      return { json: b, text: `set bank credentials of ${b.programId}: ${info.account} ${b.accountNumberMasked}${routing}, BIC ${b.bic}, reference ${b.paymentReferenceFormat}` };
    },
  },
};
