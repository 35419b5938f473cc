"use server";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { revealBankCredentials, type BankCredentialsRevealedDto } from "@/lib/bank/service";

/** Reveals a Program's bank credentials to an administrator; the service audits every call. Nothing changes, so nothing is revalidated. */
export async function revealBankCredentialsAction(programId: string): Promise<ActionResult<BankCredentialsRevealedDto>> {
  return runAction((ctx) => revealBankCredentials(ctx, String(programId ?? "")));
}
