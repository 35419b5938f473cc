import { withCtx } from "@/lib/actions/with-ctx";
import { attachment } from "@/lib/download";
import { getCertificate } from "@/lib/certificates/service";

/** Leaf (default) or leaf + CA chain PEM of one of the tenant's certificates; another tenant's is 404. */
export const GET = withCtx<{ id: string }>(async ({ req, ctx, params }) => {
  const c = await getCertificate(ctx, params.id);
  const chain = new URL(req.url).searchParams.get("format") === "chain";
  const name = `axys-${c.environment}-${c.programId ?? "tenant"}-${c.serialHex.slice(0, 12).toLowerCase()}${chain ? "-chain" : ""}.pem`;
  return attachment(chain ? c.certificatePem + c.caCertificatePem : c.certificatePem, name);
});
