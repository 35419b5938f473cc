import { healthResponse, readiness } from "@/lib/health/checks";
import { lastWorkerBeat } from "@/lib/webhooks/worker";

// GET /api/health/ready: 200 when this instance can serve (database reachable and migrated, CA keys
// unsealable, the in-process worker beating unless AXYS_WORKER=off), else 503; JSON with each check.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const workerOn = process.env.AXYS_WORKER !== "off";
  const r = healthResponse(await readiness(workerOn ? { workerBeat: () => lastWorkerBeat() ?? null } : {}));
  return new Response(r.body, { status: r.status, headers: r.headers });
}
