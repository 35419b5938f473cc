import { getCtx } from "@/lib/auth/session";
import { defaultArtworkStore } from "@/lib/card-designs/artwork-store";
import { getDesignArtwork } from "@/lib/card-designs/service";
import { isAppError } from "@/lib/errors";

/**
 * Artwork bytes (always our re-encoded PNG, read from the artwork store after the service's access check)
 * with a fixed content type: never executable, never a user-chosen path.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await getCtx();
  if (!ctx) return new Response("Sign in first.", { status: 401 });
  try {
    const png = await getDesignArtwork(ctx, (await params).id, defaultArtworkStore);
    return new Response(new Uint8Array(png), {
      headers: {
        "content-type": "image/png", "content-disposition": "inline; filename=\"card-design.png\"", "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'", "cache-control": "private, max-age=300",
      },
    });
  } catch (e) {
    if (isAppError(e)) return new Response("Not found.", { status: 404 });
    throw e;
  }
}
