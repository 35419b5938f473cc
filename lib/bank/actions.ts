"use server";
import { defineAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { revealBankCredentials } from "@/lib/bank/service";

/** Reveals a Program's bank credentials to an administrator; the service audits every call. Nothing changes, so nothing is revalidated. */
export const revealBankCredentialsAction = defineAction(idArg, revealBankCredentials);
