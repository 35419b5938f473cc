import { getCtx } from "@/lib/auth/session";
import { getCaCertificatePem } from "@/lib/certificates/service";
import { environmentSchema } from "@/lib/environments";

/** The environment CA certificate (public): what servers use to verify Axys client certificates. */
export async function GET(_req: Request, { params }: { params: Promise<{ env: string }> }) {
  if (!(await getCtx())) return new Response("Sign in first.", { status: 401 });
  const env = environmentSchema.safeParse((await params).env);
  if (!env.success) return new Response("Not found.", { status: 404 });
  return new Response(await getCaCertificatePem(env.data), {
    headers: { "content-type": "application/x-pem-file", "content-disposition": `attachment; filename="axys-${env.data}-ca.pem"` },
  });
}
