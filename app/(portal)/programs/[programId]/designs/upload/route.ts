import { withCtx } from "@/lib/actions/with-ctx";
import { formFields } from "@/lib/actions/form-fields";
import { defaultArtworkStore } from "@/lib/card-designs/artwork-store";
import { ARTWORK_RULES } from "@/lib/card-designs/rules";
import { submitDesignSchema } from "@/lib/card-designs/schemas";
import { submitDesign } from "@/lib/card-designs/service";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

const tooLarge = "The file is larger than 5 MiB.";
const noFile = "Choose an image file.";

/** Multipart upload of artwork + metadata (a route, not an action, so the browser can show upload progress). */
export const POST = withCtx<{ programId: string }>(
  async ({ req, ctx, params }) => {
    if (Number(req.headers.get("content-length") ?? 0) > ARTWORK_RULES.maxBytes + 64 * 1024)
      throw new AppError("TOO_LARGE", tooLarge, "artwork");
    const form = await req.formData();
    const file = form.get("artwork");
    if (!(file instanceof File) || file.size === 0) throw new AppError("VALIDATION", noFile, "artwork");
    const input = parseInput(submitDesignSchema, { ...formFields(form), programId: params.programId });
    const design = await submitDesign(ctx, input, Buffer.from(await file.arrayBuffer()), defaultArtworkStore);
    return Response.json({ ok: true, data: { id: design.id, version: design.version } });
  },
  { format: "json" },
);
