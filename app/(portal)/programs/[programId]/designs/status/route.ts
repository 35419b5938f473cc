import { getCtx } from "@/lib/auth/session";
import { listDesignSlots } from "@/lib/card-designs/service";
import { isAppError } from "@/lib/errors";

/** The slots as JSON, polled by the page so review decisions show up live. */
export async function GET(_req: Request, { params }: { params: Promise<{ programId: string }> }) {
  const ctx = await getCtx();
  if (!ctx) return Response.json({ error: "Sign in first." }, { status: 401 });
  try {
    return Response.json(await listDesignSlots(ctx, (await params).programId), { headers: { "cache-control": "no-store" } });
  } catch (e) {
    if (isAppError(e)) return Response.json({ error: "Not found." }, { status: 404 });
    throw e;
  }
}
