"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/run-action";
import { reviewDesign } from "@/lib/card-designs/service";

export async function reviewDesignAction(designId: string, decision: "approve" | "reject", reason?: string, note?: string) {
  const r = await runAction(async (ctx) => {
    const d = await reviewDesign(ctx, decision === "approve" ? { designId, decision } : { designId, decision, reason: reason as never, note });
    return { status: d.status };
  });
  if (r.ok) revalidatePath("/staff", "layout");
  return r;
}
