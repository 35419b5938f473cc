import { withCtx } from "@/lib/actions/with-ctx";
import { getCaCertificatePem } from "@/lib/certificates/service";
import { environmentSchema } from "@/lib/environments";
import { AppError } from "@/lib/errors";

/** The environment CA certificate (public): what servers use to verify Axys client certificates. */
export const GET = withCtx<{ env: string }>(async ({ params }) => {
  const parsed = environmentSchema.safeParse(params.env);
  if (!parsed.success) throw new AppError("NOT_FOUND", "Not found.");
  const env = parsed.data;
  return new Response(await getCaCertificatePem(env), {
    headers: {
      "content-type": "application/x-pem-file",
      "content-disposition": `attachment; filename="axys-${env}-ca.pem"`,
    },
  });
});
