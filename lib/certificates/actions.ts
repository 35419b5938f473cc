"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { retireCertificate, revokeCertificate, submitCsr } from "@/lib/certificates/service";

const str = (form: FormData, k: string) => (typeof form.get(k) === "string" ? (form.get(k) as string) : undefined);

export async function submitCsrAction(_prev: ActionResult<{ id: string; serialHex: string }> | null, form: FormData): Promise<ActionResult<{ id: string; serialHex: string }>> {
  const result = await runAction(async (ctx) => {
    const c = await submitCsr(ctx, { environment: str(form, "environment") as never, programId: str(form, "programId") ?? null, csrPem: str(form, "csrPem") as string, apiUserId: str(form, "apiUserId") ?? null });
    return { id: c.id, serialHex: c.serialHex };
  });
  if (result.ok) revalidatePath("/certificates", "layout");
  return result;
}

export async function revokeCertificateAction(certificateId: string, reason: string): Promise<ActionResult<{ serialHex: string }>> {
  const result = await runAction(async (ctx) => ({ serialHex: (await revokeCertificate(ctx, { certificateId, reason: reason as never })).serialHex }));
  if (result.ok) revalidatePath("/certificates", "layout");
  return result;
}

export async function retireCertificateAction(certificateId: string): Promise<ActionResult<{ serialHex: string }>> {
  const result = await runAction(async (ctx) => ({ serialHex: (await retireCertificate(ctx, certificateId)).serialHex }));
  if (result.ok) revalidatePath("/certificates", "layout");
  return result;
}
