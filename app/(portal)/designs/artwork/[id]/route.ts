import { withCtx } from "@/lib/actions/with-ctx";
import { defaultArtworkStore } from "@/lib/card-designs/artwork-store";
import { getDesignArtwork } from "@/lib/card-designs/service";

/**
 * Artwork bytes (always our re-encoded PNG, read from the artwork store after the service's access check)
 * with a fixed content type: never executable, never a user-chosen path.
 */
export const GET = withCtx<{ id: string }>(async ({ ctx, params }) => {
  const png = await getDesignArtwork(ctx, params.id, defaultArtworkStore);
  return new Response(new Uint8Array(png), {
    headers: {
      "content-type": "image/png",
      "content-disposition": 'inline; filename="card-design.png"',
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
      "cache-control": "private, max-age=300",
    },
  });
});
