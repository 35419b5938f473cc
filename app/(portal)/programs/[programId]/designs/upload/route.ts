import { getCtx } from "@/lib/auth/session";
import { ARTWORK_RULES } from "@/lib/card-designs/rules";
import { defaultArtworkStore } from "@/lib/card-designs/artwork-store";
import { submitDesign } from "@/lib/card-designs/service";
import { isAppError } from "@/lib/errors";

/** Multipart upload of artwork + metadata (a route, not an action, so the browser can show upload progress). */
export async function POST(req: Request, { params }: { params: Promise<{ programId: string }> }) {
  const ctx = await getCtx();
  if (!ctx) return Response.json({ ok: false, code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again." }, { status: 401 });
  if (Number(req.headers.get("content-length") ?? 0) > ARTWORK_RULES.maxBytes + 64 * 1024) {
    return Response.json({ ok: false, code: "VALIDATION", message: "The file is larger than 5 MiB.", fieldErrors: { artwork: "The file is larger than 5 MiB." } }, { status: 413 });
  }
  try {
    const form = await req.formData();
    const file = form.get("artwork");
    if (!(file instanceof File) || file.size === 0) {
      return Response.json({ ok: false, code: "VALIDATION", message: "Choose an image file.", fieldErrors: { artwork: "Choose an image file." } }, { status: 400 });
    }
    const s = (k: string) => (typeof form.get(k) === "string" ? (form.get(k) as string) : undefined);
    const design = await submitDesign(ctx, {
      programId: (await params).programId, slot: s("slot") as never, name: s("name") as string, cardType: s("cardType") as never,
      network: s("network") as never, finish: s("finish") as never, notes: s("notes"),
    }, Buffer.from(await file.arrayBuffer()), defaultArtworkStore);
    return Response.json({ ok: true, data: { id: design.id, version: design.version } });
  } catch (e) {
    if (isAppError(e)) {
      const status = e.code === "NOT_FOUND" ? 404 : e.code === "FORBIDDEN" ? 403 : e.code === "CONFLICT" ? 409 : 400;
      return Response.json({ ok: false, code: e.code, message: e.message, fieldErrors: e.fields ?? (e.field ? { [e.field]: e.message } : undefined) }, { status });
    }
    console.error("design upload failed", e);
    return Response.json({ ok: false, code: "INTERNAL", message: "Something went wrong on our side. Nothing was stored." }, { status: 500 });
  }
}
