import { withCtx } from "@/lib/actions/with-ctx";
import { listDesignSlots } from "@/lib/card-designs/service";

/** The slots as JSON, polled by the page so review decisions show up live. */
export const GET = withCtx<{ programId: string }>(
  async ({ ctx, params }) =>
    Response.json(await listDesignSlots(ctx, params.programId), { headers: { "cache-control": "no-store" } }),
  { format: "json" },
);
