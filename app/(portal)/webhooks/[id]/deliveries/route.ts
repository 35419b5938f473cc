import { withCtx } from "@/lib/actions/with-ctx";
import { listDeliveries } from "@/lib/webhooks/service";

/** The endpoint's delivery log as JSON, polled by the page (React Query). */
export const GET = withCtx<{ id: string }>(
  async ({ ctx, params }) =>
    Response.json(await listDeliveries(ctx, params.id), { headers: { "cache-control": "no-store" } }),
  { format: "json" },
);
