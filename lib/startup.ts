import { ensureCertificateAuthorities } from "@/lib/certificates/ca";

/**
 * Server start-up checks (Node runtime only): the CAs exist and the master key opens them. In a
 * production deployment a failure stops the process instead of serving errors.
 */
export async function startServer(): Promise<void> {
  try {
    await ensureCertificateAuthorities();
  } catch (e) {
    console.error(`[axys] refusing to start: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.AXYS_DEPLOYMENT === "production") process.exit(1);
    throw e;
  }
}
