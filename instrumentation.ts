/** Runs once when a server instance starts (see lib/startup.ts). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await (await import("@/lib/startup")).startServer();
}
