/**
 * Runs once when a server instance starts: the CAs exist (created on first start) and the master
 * key opens them. In a production deployment a failure here stops the process instead of serving 500s.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ensureCertificateAuthorities } = await import("@/lib/certificates/ca");
  try {
    await ensureCertificateAuthorities();
  } catch (e) {
    console.error(`[axys] refusing to start: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.AXYS_DEPLOYMENT === "production") process.exit(1);
    throw e;
  }
}
