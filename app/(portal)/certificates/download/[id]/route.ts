import { getCtx } from "@/lib/auth/session";
import { getCertificate } from "@/lib/certificates/service";
import { isAppError } from "@/lib/errors";

/** Leaf (default) or leaf + CA chain PEM of one of the tenant's certificates; another tenant's is 404. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await getCtx();
  if (!ctx) return new Response("Sign in first.", { status: 401 });
  const { id } = await params;
  try {
    const c = await getCertificate(ctx, id);
    const chain = new URL(req.url).searchParams.get("format") === "chain";
    const name = `axys-${c.environment}-${c.programId ?? "tenant"}-${c.serialHex.slice(0, 12).toLowerCase()}${chain ? "-chain" : ""}.pem`;
    return new Response(chain ? c.certificatePem + c.caCertificatePem : c.certificatePem, {
      headers: { "content-type": "application/x-pem-file", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
    });
  } catch (e) {
    if (isAppError(e)) return new Response("Not found.", { status: 404 });
    throw e;
  }
}
