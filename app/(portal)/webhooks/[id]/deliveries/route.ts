import { getCtx } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { listDeliveries } from "@/lib/webhooks/service";

/** The endpoint's delivery log as JSON, polled by the page (React Query). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await getCtx();
  if (!ctx) return Response.json({ error: "Sign in first." }, { status: 401 });
  try {
    return Response.json(await listDeliveries(ctx, (await params).id), { headers: { "cache-control": "no-store" } });
  } catch (e) {
    if (isAppError(e)) return Response.json({ error: "Not found." }, { status: 404 });
    throw e;
  }
}
