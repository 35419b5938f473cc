/** Runs once when a server instance starts: the CAs exist (created on first start) and the master key opens them. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ensureCertificateAuthorities } = await import("@/lib/certificates/ca");
  await ensureCertificateAuthorities();
}
