"use server";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { revokeCertificateSchema, submitCsrSchema } from "@/lib/certificates/schemas";
import { retireCertificate, revokeCertificate, submitCsr } from "@/lib/certificates/service";

const revalidate = "/certificates";
const issued = (c: { id: string; serialHex: string }) => ({ id: c.id, serialHex: c.serialHex });

export const submitCsrAction = defineFormAction(
  submitCsrSchema,
  async (ctx, input) => issued(await submitCsr(ctx, input)),
  { revalidate },
);

export const revokeCertificateAction = defineAction(
  revokeCertificateSchema,
  async (ctx, input) => ({ serialHex: (await revokeCertificate(ctx, input)).serialHex }),
  { revalidate },
);

export const retireCertificateAction = defineAction(
  idArg,
  async (ctx, id) => ({ serialHex: (await retireCertificate(ctx, id)).serialHex }),
  { revalidate },
);
