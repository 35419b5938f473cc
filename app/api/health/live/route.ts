import { healthResponse, liveness } from "@/lib/health/checks";

// GET /api/health/live: the process answers. No session, no database: a load balancer's liveness probe.
export const dynamic = "force-dynamic";

export function GET(): Response {
  const r = healthResponse(liveness());
  return new Response(r.body, { status: r.status, headers: r.headers });
}
