import { environmentParam, withCtx } from "@/lib/actions/with-ctx";
import { attachment } from "@/lib/download";
import { generateCrlPem } from "@/lib/certificates/crl";

/** The environment CA's current signed CRL (PEM). */
export const GET = withCtx<{ env: string }>(async ({ params }) => {
  const env = environmentParam(params.env);
  return attachment(await generateCrlPem(env), `axys-${env}-ca.crl.pem`);
});
