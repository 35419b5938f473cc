import { environmentParam, withCtx } from "@/lib/actions/with-ctx";
import { attachment } from "@/lib/download";
import { getCaCertificatePem } from "@/lib/certificates/service";

/** The environment CA certificate (public): what servers use to verify Axys client certificates. */
export const GET = withCtx<{ env: string }>(async ({ params }) => {
  const env = environmentParam(params.env);
  return attachment(await getCaCertificatePem(env), `axys-${env}-ca.pem`);
});
