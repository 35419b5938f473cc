import { withCtx } from "@/lib/actions/with-ctx";
import { generateCrlPem } from "@/lib/certificates/crl";
import { environmentSchema } from "@/lib/environments";
import { AppError } from "@/lib/errors";

/** The environment CA's current signed CRL (PEM). */
export const GET = withCtx<{ env: string }>(async ({ params }) => {
  const parsed = environmentSchema.safeParse(params.env);
  if (!parsed.success) throw new AppError("NOT_FOUND", "Not found.");
  const env = parsed.data;
  return new Response(await generateCrlPem(env), {
    headers: {
      "content-type": "application/x-pem-file",
      "content-disposition": `attachment; filename="axys-${env}-ca.crl.pem"`,
      "cache-control": "no-store",
    },
  });
});
